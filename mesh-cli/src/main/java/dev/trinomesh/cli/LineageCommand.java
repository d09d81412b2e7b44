package dev.trinomesh.cli;

import dev.trinomesh.api.lineage.AuditEntry;
import dev.trinomesh.api.lineage.DatasetUsage;
import dev.trinomesh.api.lineage.Impact;
import dev.trinomesh.api.lineage.LineageEdge;
import dev.trinomesh.api.lineage.LineageGraph;
import dev.trinomesh.api.lineage.LineageNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.Optional;

/** {@code mesh lineage upstream|downstream|impact|usage|audit}: the lineage store, from the command line. */
@Command(name = "lineage", description = "Explore lineage, impact, usage and the audit trail recorded from queries.")
final class LineageCommand
{
    @Mixin
    ServiceOptions service;

    @Spec
    CommandSpec spec;

    @Option(names = "--column", scope = ScopeType.INHERIT, paramLabel = "COLUMN", description = "A column of the dataset, for column-level lineage.")
    Optional<String> column;

    @Option(names = "--depth", scope = ScopeType.INHERIT, paramLabel = "HOPS", defaultValue = "5", description = "How many hops to walk (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--namespace", scope = ScopeType.INHERIT, paramLabel = "NAMESPACE", description = "OpenLineage namespace of the dataset (default: the mesh's Trino).")
    Optional<String> namespace;

    @Command(name = "upstream", description = "Everything a dataset or column comes from.")
    int upstream(@Parameters(paramLabel = "DATASET", description = "catalog.schema.table") String dataset)
    {
        return graph("upstream", dataset);
    }

    @Command(name = "downstream", description = "Everything a dataset or column flows into.")
    int downstream(@Parameters(paramLabel = "DATASET", description = "catalog.schema.table") String dataset)
    {
        return graph("downstream", dataset);
    }

    @Command(name = "impact", description = "The datasets, products and consumers that depend on a dataset or column.")
    int impact(@Parameters(paramLabel = "DATASET", description = "catalog.schema.table") String dataset)
    {
        PrintWriter out = spec.commandLine().getOut();
        try (ServiceOptions.Connection connection = service.connect()) {
            Impact impact = connection.client().impact(namespace, dataset, column, depth);
            TextTable datasets = new TextTable("DEPTH", "DATASET", "PRODUCT", "COLUMNS");
            impact.datasets().stream()
                    .sorted(Comparator.comparingInt(Impact.ImpactedDataset::depth).thenComparing(Impact.ImpactedDataset::dataset))
                    .forEach(row -> datasets.row(row.depth(), row.dataset(), row.product(), row.columns() == null ? "" : String.join(", ", row.columns())));
            datasets.print(out);
            out.printf("%nproducts: %s%s%n", impact.products().isEmpty() ? "none" : String.join(", ", impact.products()), restricted(impact.restrictedProducts()));
            TextTable consumers = new TextTable("CONSUMER", "QUERIES", "LAST SEEN");
            impact.consumers().forEach(consumer -> consumers.row(consumer.user(), consumer.queries(), consumer.lastSeen()));
            out.println();
            consumers.print(out);
            if (impact.restrictedConsumers() > 0) {
                out.printf("and %s consumer%s of restricted datasets%n", impact.restrictedConsumers(), impact.restrictedConsumers() == 1 ? "" : "s");
            }
            truncated(out, impact.truncated());
        }
        return 0;
    }

    @Command(name = "usage", description = "Who read which dataset, how often, and when last.")
    int usage(
            @Option(names = "--product", paramLabel = "PRODUCT") Optional<String> product,
            @Option(names = "--dataset", paramLabel = "DATASET") Optional<String> dataset,
            @Option(names = "--by", paramLabel = "USER", description = "Only this user's reads.") Optional<String> user)
    {
        TextTable table = new TextTable("PRODUCT", "DATASET", "USER", "QUERIES", "FIRST SEEN", "LAST SEEN");
        try (ServiceOptions.Connection connection = service.connect()) {
            for (DatasetUsage row : connection.client().usage(product, dataset, user)) {
                table.row(row.product(), row.dataset(), row.user(), row.queries(), row.firstSeen(), row.lastSeen());
            }
        }
        table.print(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "audit", description = "Queries that read datasets, newest first, with the row filters and column masks applied.")
    int audit(
            @Option(names = "--by", paramLabel = "USER", description = "Only this user's queries.") Optional<String> user,
            @Option(names = "--dataset", paramLabel = "DATASET") Optional<String> dataset,
            @Option(names = "--product", paramLabel = "PRODUCT") Optional<String> product,
            @Option(names = "--limit", paramLabel = "N", defaultValue = "50") int limit)
    {
        TextTable table = new TextTable("END TIME", "QUERY ID", "USER", "DOOR", "STATE", "DATASET", "ROW FILTERS", "COLUMN MASKS");
        try (ServiceOptions.Connection connection = service.connect()) {
            for (AuditEntry entry : connection.client().audit(user, dataset, product, Optional.empty(), limit)) {
                for (AuditEntry.AuditedDataset read : entry.datasets()) {
                    table.row(entry.endTime(), entry.queryId(), entry.user(), door(entry), entry.state(), read.dataset(),
                            read.rowFilters() == null ? "" : String.join(" AND ", read.rowFilters()),
                            read.columnMasks() == null ? "" : String.join("; ", read.columnMasks().stream().map(mask -> mask.column() + ": " + mask.expression()).toList()));
                }
            }
        }
        table.print(spec.commandLine().getOut());
        return 0;
    }

    /** What an impact counts but does not name to the caller: products they may not see. */
    private static String restricted(int count)
    {
        return count == 0 ? "" : " (and %s restricted)".formatted(count);
    }

    /** sql, or e.g. "portal (by mesh-service)" when the catalog service ran the query for the user. */
    private static String door(AuditEntry entry)
    {
        if (entry.door() == null) {
            return "";
        }
        return entry.impersonator() == null ? entry.door() : "%s (by %s)".formatted(entry.door(), entry.impersonator());
    }

    private int graph(String direction, String dataset)
    {
        PrintWriter out = spec.commandLine().getOut();
        try (ServiceOptions.Connection connection = service.connect()) {
            LineageGraph graph = connection.client().lineage(direction, namespace, dataset, column, depth);
            TextTable nodes = new TextTable("DEPTH", "DATASET", "COLUMN", "PRODUCT");
            graph.nodes().stream()
                    .filter(node -> node.depth() > 0)
                    .sorted(Comparator.comparingInt(LineageNode::depth).thenComparing(LineageNode::dataset).thenComparing(node -> String.valueOf(node.column())))
                    .forEach(node -> nodes.row(node.depth(), node.dataset(), node.column(), node.product()));
            nodes.print(out);
            out.printf("%n%s edge%s:%n", graph.edges().size(), graph.edges().size() == 1 ? "" : "s");
            for (LineageEdge edge : graph.edges()) {
                out.printf("  %s -> %s  (%s)%n", name(edge.sourceDataset(), edge.sourceColumn()), name(edge.targetDataset(), edge.targetColumn()), edge.kind());
            }
            truncated(out, graph.truncated());
        }
        return 0;
    }

    private static String name(String dataset, String column)
    {
        return column == null ? dataset : dataset + "." + column;
    }

    private static void truncated(PrintWriter out, boolean truncated)
    {
        if (truncated) {
            out.println("(the walk stopped at the service's node limit: ask for fewer hops or a column)");
        }
    }
}
