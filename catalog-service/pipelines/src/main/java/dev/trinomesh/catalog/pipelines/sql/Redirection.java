package dev.trinomesh.catalog.pipelines.sql;

import dev.trinomesh.api.model.QualifiedTableName;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.CreateTableAsSelect;
import io.trino.sql.tree.Identifier;
import io.trino.sql.tree.Node;
import io.trino.sql.tree.NodeLocation;
import io.trino.sql.tree.QualifiedName;
import io.trino.sql.tree.Statement;
import io.trino.sql.tree.Table;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.trinomesh.api.policy.SqlLiterals.identifier;
import static java.util.Collections.newSetFromMap;

/**
 * A step's SQL with its writes (and its reads of what the run writes) redirected to staged tables: every reference to
 * a redirected table keeps its catalog and schema and gets the staged table's name. The names are found by Trino's own
 * parser and replaced at their exact places in the text, so the rest of the statement runs exactly as written.
 */
public final class Redirection
{
    private static final SqlParser PARSER = new SqlParser();

    private Redirection() {}

    /** {@code sql} with each reference to a key of {@code tables} naming its value instead (a table of the same schema). */
    public static String apply(String sql, Map<QualifiedTableName, String> tables)
    {
        Statement statement = PARSER.createStatement(sql);
        List<Place> places = new ArrayList<>();
        for (QualifiedName name : tableNames(statement)) {
            List<String> parts = name.getParts();
            if (parts.size() == 3) {
                String staged = tables.get(new QualifiedTableName(parts.get(0), parts.get(1), parts.get(2)));
                if (staged != null) {
                    places.add(new Place(name.getOriginalParts().getLast(), staged));
                }
            }
        }
        int[] lineStarts = lineStarts(sql);
        StringBuilder result = new StringBuilder(sql);
        // From the end, so that earlier places stay where the parser saw them.
        places.sort(Comparator.comparingInt((Place place) -> offset(lineStarts, place.name())).reversed());
        int previous = Integer.MAX_VALUE;
        for (Place place : places) {
            Identifier name = place.name();
            int start = offset(lineStarts, name);
            if (start == previous) {
                continue;
            }
            previous = start;
            String written = name.isDelimited() ? identifier(name.getValue()) : name.getValue();
            int end = start + written.length();
            if (end > sql.length() || !sql.substring(start, end).equalsIgnoreCase(written)) {
                throw new IllegalStateException("cannot find table name %s at line %s, column %s of the step".formatted(written, location(name).getLineNumber(), location(name).getColumnNumber()));
            }
            result.replace(start, end, identifier(place.staged()));
        }
        return result.toString();
    }

    private record Place(Identifier name, String staged) {}

    /** Every table name the statement refers to: the one it writes and those it reads, at any depth. */
    private static List<QualifiedName> tableNames(Statement statement)
    {
        List<QualifiedName> names = new ArrayList<>();
        if (statement instanceof CreateTableAsSelect create) {
            names.add(create.getName());
        }
        Set<Node> seen = newSetFromMap(new IdentityHashMap<>());
        Deque<Node> pending = new ArrayDeque<>(List.of(statement));
        while (!pending.isEmpty()) {
            Node node = pending.pop();
            if (!seen.add(node)) {
                continue;
            }
            if (node instanceof Table table) {
                names.add(table.getName());
            }
            switch (node) {
                case io.trino.sql.tree.Insert insert -> pending.push(insert.getTable());
                case io.trino.sql.tree.Delete delete -> pending.push(delete.getTable());
                case io.trino.sql.tree.Update update -> pending.push(update.getTable());
                case io.trino.sql.tree.Merge merge -> pending.push(merge.getTargetTable());
                default -> {}
            }
            node.getChildren().forEach(pending::push);
        }
        return names;
    }

    private static int[] lineStarts(String sql)
    {
        List<Integer> starts = new ArrayList<>(List.of(0));
        for (int i = 0; i < sql.length(); i++) {
            if (sql.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int offset(int[] lineStarts, Identifier name)
    {
        NodeLocation location = location(name);
        return lineStarts[location.getLineNumber() - 1] + location.getColumnNumber() - 1;
    }

    private static NodeLocation location(Identifier name)
    {
        return name.getLocation().orElseThrow(() -> new IllegalStateException("the parser gave table name %s no place in the text".formatted(name)));
    }
}
