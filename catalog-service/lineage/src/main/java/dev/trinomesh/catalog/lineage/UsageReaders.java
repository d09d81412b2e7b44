package dev.trinomesh.catalog.lineage;

import dev.trinomesh.catalog.lineage.api.ProductReaders;
import jakarta.inject.Inject;
import org.jdbi.v3.core.Jdbi;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** {@link ProductReaders} from the usage table: each (dataset, user) row seen since, its dataset mapped to its product. */
public class UsageReaders
        implements ProductReaders
{
    private final Jdbi jdbi;
    private final RegistryFollower registry;
    private final LineageRollup rollup;
    private final String trinoNamespace;

    @Inject
    public UsageReaders(Jdbi jdbi, RegistryFollower registry, LineageRollup rollup, LineageConfig config)
    {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.rollup = requireNonNull(rollup, "rollup is null");
        this.trinoNamespace = config.getTrinoNamespace();
    }

    @Override
    public Map<String, Set<String>> readersByProduct(Instant since)
    {
        requireNonNull(since, "since is null");
        ProductIndex products = registry.current();
        rollup.rollUp();
        return Sql.read(jdbi, connection -> {
            Map<String, Set<String>> readers = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT n.dataset, u.user_name
                    FROM lineage_usage u JOIN lineage_nodes n ON n.id = u.dataset_id
                    WHERE n.namespace = ? AND u.last_seen >= ?""")) {
                select.setString(1, trinoNamespace);
                Sql.setTime(select, 2, since);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String product = products.productOf(trinoNamespace, rows.getString("dataset"));
                        if (product != null) {
                            readers.computeIfAbsent(product, _ -> new HashSet<>()).add(rows.getString("user_name"));
                        }
                    }
                }
            }
            return readers;
        });
    }
}
