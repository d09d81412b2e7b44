package dev.trinomesh.catalog.registry.descriptor;

import dev.trinomesh.api.model.PipelineParameters;
import io.trino.sql.parser.ParsingException;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.CreateTableAsSelect;
import io.trino.sql.tree.DefaultTraversalVisitor;
import io.trino.sql.tree.Delete;
import io.trino.sql.tree.Identifier;
import io.trino.sql.tree.Insert;
import io.trino.sql.tree.Merge;
import io.trino.sql.tree.Node;
import io.trino.sql.tree.QualifiedName;
import io.trino.sql.tree.Query;
import io.trino.sql.tree.Statement;
import io.trino.sql.tree.Table;
import io.trino.sql.tree.TableFunctionInvocation;
import io.trino.sql.tree.Update;
import io.trino.sql.tree.WithQuery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static java.util.Locale.ENGLISH;
import static java.util.Objects.requireNonNull;

/**
 * A pipeline step's SQL as Trino will see it: its parameters known and replaced by sample values, one statement of a
 * kind that writes a table, the table it writes and every table it reads (WITH queries in scope are not tables).
 * Whether those tables are ones the step may write and read is {@link PipelineValidator}'s to decide.
 */
public final class PipelineSql
{
    private static final SqlParser SQL_PARSER = new SqlParser();
    static final String KINDS = "INSERT, MERGE, CREATE TABLE AS, DELETE or UPDATE";

    private PipelineSql() {}

    /** What {@code sql} writes and reads, or the problem that keeps it from being a step, described for a person. */
    public static Analysis analyze(String sql)
    {
        String statementText = withoutTerminator(sql);
        Set<String> unknown = PipelineParameters.unknown(statementText);
        if (!unknown.isEmpty()) {
            return Analysis.problem(statementText, "uses %s, which %s no parameter: a step may use %s and ${changes(<product>.<dataset>)}".formatted(
                    unknown.stream().map(name -> "${" + name + "}").collect(Collectors.joining(", ")),
                    unknown.size() == 1 ? "is" : "are",
                    new TreeSet<>(PipelineParameters.NAMES).stream().map(name -> "${" + name + "}").collect(Collectors.joining(", "))));
        }
        Statement statement;
        try {
            statement = SQL_PARSER.createStatement(PipelineParameters.substitute(statementText, PipelineParameters.samples()));
        }
        catch (ParsingException e) {
            return Analysis.problem(statementText, "is not a valid Trino SQL statement: %s (line %s, column %s, with its parameters replaced by sample values)%s".formatted(
                    e.getErrorMessage(), e.getLineNumber(), e.getColumnNumber(), statementText.contains(";") ? "; a step is one statement: put each in a step of its own" : ""));
        }
        Set<Node> targets = Collections.newSetFromMap(new IdentityHashMap<>());
        Written written = switch (statement) {
            case Insert insert -> new Written("INSERT", insert.getTarget());
            case CreateTableAsSelect create -> new Written("CREATE TABLE AS", create.getName());
            case Merge merge -> {
                targets.add(merge.getTargetTable());
                yield new Written("MERGE", merge.getTargetTable().getName());
            }
            case Delete delete -> {
                targets.add(delete.getTable());
                yield new Written("DELETE", delete.getTable().getName());
            }
            case Update update -> {
                targets.add(update.getTable());
                yield new Written("UPDATE", update.getTable().getName());
            }
            default -> null;
        };
        if (written == null) {
            return Analysis.problem(statementText, "is %s, which writes no table: a step is an %s statement".formatted(describe(statement), KINDS));
        }
        Reads reads = new Reads(targets);
        reads.process(statement, Set.of());
        return new Analysis(statementText, Optional.of(written.kind()), Optional.of(TableName.of(written.table())), List.copyOf(reads.tables), List.copyOf(reads.functions), Optional.empty());
    }

    /** The statement without the one terminating semicolon people write out of habit. */
    private static String withoutTerminator(String sql)
    {
        String text = sql.strip();
        return text.endsWith(";") ? text.substring(0, text.length() - 1).strip() : text;
    }

    /** A statement's kind in words: a SELECT query, a DROP TABLE statement. */
    private static String describe(Statement statement)
    {
        if (statement instanceof Query) {
            return "a query (SELECT)";
        }
        String words = statement.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(ENGLISH);
        return "a %s statement".formatted(words);
    }

    private record Written(String kind, QualifiedName table) {}

    /**
     * A table name as written: {@code parts} as Trino resolves them (lower case), {@code text} as the step spells it.
     */
    public record TableName(List<String> parts, String text)
    {
        public TableName
        {
            parts = List.copyOf(requireNonNull(parts, "parts is null"));
            requireNonNull(text, "text is null");
        }

        static TableName of(QualifiedName name)
        {
            return new TableName(name.getParts(), name.getOriginalParts().stream().map(Identifier::getValue).collect(Collectors.joining(".")));
        }

        public boolean qualified()
        {
            return parts.size() == 3;
        }

        public String catalog()
        {
            return parts.get(0);
        }

        public String schema()
        {
            return parts.get(1);
        }

        public String table()
        {
            return parts.get(2);
        }
    }

    /**
     * {@code sql} is the statement (a terminating semicolon dropped, parameters as written); {@code functions} the table
     * functions it calls. Without a {@code problem}, {@code kind} and {@code target} are present.
     */
    public record Analysis(String sql, Optional<String> kind, Optional<TableName> target, List<TableName> reads, List<TableName> functions, Optional<String> problem)
    {
        static Analysis problem(String sql, String problem)
        {
            return new Analysis(sql, Optional.empty(), Optional.empty(), List.of(), List.of(), Optional.of(problem));
        }
    }

    /** Every table a statement reads, its context being the names of the WITH queries in scope (lower case). */
    private static final class Reads
            extends DefaultTraversalVisitor<Set<String>>
    {
        private final Set<Node> targets;
        private final List<TableName> tables = new ArrayList<>();
        private final List<TableName> functions = new ArrayList<>();

        Reads(Set<Node> targets)
        {
            this.targets = targets;
        }

        @Override
        protected Void visitQuery(Query node, Set<String> withQueries)
        {
            Set<String> scope = new HashSet<>(withQueries);
            node.getWith().ifPresent(with -> {
                // A WITH query sees the ones before it, and a recursive one itself and all its siblings.
                if (with.isRecursive()) {
                    with.getQueries().forEach(query -> scope.add(name(query)));
                }
                for (WithQuery query : with.getQueries()) {
                    process(query.getQuery(), Set.copyOf(scope));
                    scope.add(name(query));
                }
            });
            process(node.getQueryBody(), scope);
            node.getOrderBy().ifPresent(orderBy -> process(orderBy, scope));
            node.getOffset().ifPresent(offset -> process(offset, scope));
            node.getLimit().ifPresent(limit -> process(limit, scope));
            return null;
        }

        @Override
        protected Void visitTable(Table node, Set<String> withQueries)
        {
            // Trino resolves only a one-part name to a WITH query.
            List<String> parts = node.getName().getParts();
            if (!targets.contains(node) && !(parts.size() == 1 && withQueries.contains(parts.getFirst()))) {
                tables.add(TableName.of(node.getName()));
            }
            return null;
        }

        @Override
        protected Void visitTableFunctionInvocation(TableFunctionInvocation node, Set<String> withQueries)
        {
            functions.add(TableName.of(node.getName()));
            return null;
        }

        private static String name(WithQuery query)
        {
            return query.getName().getValue().toLowerCase(ENGLISH);
        }
    }
}
