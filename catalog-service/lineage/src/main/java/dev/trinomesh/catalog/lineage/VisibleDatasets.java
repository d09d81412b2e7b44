package dev.trinomesh.catalog.lineage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The ids of the stored datasets one caller may see, for reads that are filtered by them in SQL: the datasets under
 * the name prefixes of what they may see (a few indexed range reads), each then decided, and the declared sources
 * of what they may read, whose ids follow from their names.
 */
final class VisibleDatasets
{
    /** Prefixes per statement: each is a range of the (namespace, dataset, column_name) index. */
    private static final int PREFIXES_PER_STATEMENT = 50;

    private VisibleDatasets() {}

    static List<Long> ids(Connection connection, NodeVisibility visibility, String namespace)
            throws SQLException
    {
        Set<Long> ids = new LinkedHashSet<>();
        List<String> prefixes = visibility.prefixes();
        for (int start = 0; start < prefixes.size(); start += PREFIXES_PER_STATEMENT) {
            List<String> chunk = prefixes.subList(start, Math.min(prefixes.size(), start + PREFIXES_PER_STATEMENT));
            String likes = String.join(" OR ", chunk.stream().map(_ -> "dataset LIKE ? ESCAPE '\\'").toList());
            try (PreparedStatement select = connection.prepareStatement("SELECT id, dataset FROM lineage_nodes WHERE namespace = ? AND column_name = '' AND (" + likes + ")")) {
                select.setString(1, namespace);
                for (int i = 0; i < chunk.size(); i++) {
                    select.setString(i + 2, Sql.startsWith(chunk.get(i)));
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        if (visibility.visible(namespace, rows.getString("dataset"))) {
                            ids.add(rows.getLong("id"));
                        }
                    }
                }
            }
        }
        for (String source : visibility.readableSources()) {
            ids.add(Node.dataset(namespace, source).id());
        }
        return new ArrayList<>(ids);
    }
}
