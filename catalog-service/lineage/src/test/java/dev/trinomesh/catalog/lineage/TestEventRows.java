package dev.trinomesh.catalog.lineage;

import dev.trinomesh.api.lineage.OpenLineage;
import dev.trinomesh.api.lineage.OpenLineage.ColumnLineageFacet;
import dev.trinomesh.api.lineage.OpenLineage.ColumnLineageField;
import dev.trinomesh.api.lineage.OpenLineage.DatasetFacets;
import dev.trinomesh.api.lineage.OpenLineage.InputDataset;
import dev.trinomesh.api.lineage.OpenLineage.InputField;
import dev.trinomesh.api.lineage.OpenLineage.Job;
import dev.trinomesh.api.lineage.OpenLineage.OutputDataset;
import dev.trinomesh.api.lineage.OpenLineage.Run;
import dev.trinomesh.api.lineage.OpenLineage.RunEvent;
import dev.trinomesh.api.lineage.OpenLineage.Transformation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.trinomesh.catalog.lineage.MeshEvents.input;
import static dev.trinomesh.catalog.lineage.MeshEvents.output;
import static dev.trinomesh.catalog.lineage.MeshEvents.query;
import static org.assertj.core.api.Assertions.assertThat;

/** What one event adds to the store, without a database. */
class TestEventRows
{
    private static final Instant TIME = Instant.parse("2025-06-01T12:00:00Z");

    private final NodeNames names = new NodeNames("trino", "mesh");

    @Test
    void aQueryThroughViewsGivesColumnDatasetAndViewEdges()
    {
        EventRows rows = EventRows.of(query("trino", "q1", "etl", TIME, "CREATE TABLE ...",
                List.of(
                        input("trino", "lake.a.orders", List.of("mesh.a.orders", "mesh.b.summary"), List.of("amount", "region")),
                        input("trino", "lake.a.regions", List.of(), List.of("name"))),
                output("trino", "lake.c.out", Map.of("total", List.of("lake.a.orders.amount"), "region", List.of("lake.a.orders.region", "lake.a.regions.name")))), names);
        assertThat(rows.edges()).extracting(TestEventRows::edge).containsExactlyInAnyOrder(
                "lake.a.orders.amount -> lake.c.out.total DIRECT",
                "lake.a.orders.region -> lake.c.out.region DIRECT",
                "lake.a.regions.name -> lake.c.out.region DIRECT",
                // dataset level: the inputs, and the outermost view the query named
                "lake.a.orders -> lake.c.out DIRECT",
                "lake.a.regions -> lake.c.out DIRECT",
                "mesh.b.summary -> lake.c.out DIRECT",
                "lake.a.orders -> mesh.a.orders VIEW",
                "mesh.a.orders -> mesh.b.summary VIEW");
        assertThat(rows.edges()).allSatisfy(edge -> {
            assertThat(edge.seen()).isEqualTo(TIME);
            assertThat(edge.queryId()).isEqualTo("q1");
        });
        assertThat(rows.run().reads()).extracting(read -> "%s input=%s direct=%s via=%s".formatted(read.dataset().dataset(), read.input(), read.directlyReferenced(), read.via()))
                .containsExactly(
                        "lake.a.orders input=true direct=false via=[mesh.a.orders, mesh.b.summary]",
                        "mesh.a.orders input=false direct=false via=[mesh.b.summary]",
                        "mesh.b.summary input=false direct=true via=[]",
                        "lake.a.regions input=true direct=true via=[]");
        assertThat(rows.nodes()).extracting(Node::toString).contains("trino:lake.c.out", "trino:lake.c.out.total", "trino:mesh.b.summary");
        assertThat(rows.eventKey()).isEqualTo("COMPLETE");
    }

    @Test
    void transformationsDecideBetweenDirectAndIndirect()
    {
        InputField amount = new InputField("s3://raw", "/orders", "amount", List.of(new Transformation("DIRECT", "TRANSFORMATION", null, false)));
        InputField key = new InputField("s3://raw", "/rates", "currency", List.of(new Transformation("INDIRECT", "JOIN", null, null)));
        InputField filter = new InputField("s3://raw", "/orders", "status", List.of(new Transformation("INDIRECT", "FILTER", null, null)));
        // The same column twice, once each way: the edge is DIRECT.
        InputField both = new InputField("s3://raw", "/rates", "currency", List.of(new Transformation("DIRECT", "IDENTITY", null, null)));
        RunEvent event = new RunEvent("RUNNING", TIME, "spark", OpenLineage.SPEC,
                new Run(UUID.fromString("0197a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"), null),
                new Job("spark-jobs", "enrich", null),
                List.of(new InputDataset("s3://raw", "/orders", null, null), new InputDataset("s3://raw", "/rates", null, null), new InputDataset("s3://raw", "/unused", null, null)),
                List.of(new OutputDataset("s3://dw", "/enriched", new DatasetFacets(null, new ColumnLineageFacet(null, null, Map.of(
                        "amount_eur", new ColumnLineageField(List.of(amount, key)),
                        "currency", new ColumnLineageField(List.of(key, both))), List.of(filter)), null), null)));
        EventRows rows = EventRows.of(event, names);
        assertThat(rows.edges()).extracting(TestEventRows::edge).containsExactlyInAnyOrder(
                "s3://raw:/orders.amount -> s3://dw:/enriched.amount_eur DIRECT",
                "s3://raw:/rates.currency -> s3://dw:/enriched.amount_eur INDIRECT",
                "s3://raw:/rates.currency -> s3://dw:/enriched.currency DIRECT",
                "s3://raw:/orders.status -> s3://dw:/enriched INDIRECT",
                "s3://raw:/orders -> s3://dw:/enriched DIRECT",
                "s3://raw:/rates -> s3://dw:/enriched DIRECT",
                // read, but no column of the output comes from it
                "s3://raw:/unused -> s3://dw:/enriched INDIRECT");
        assertThat(rows.run().user()).isNull();
        assertThat(rows.run().state()).isEqualTo("RUNNING");
        // A run may send many RUNNING events: each is told apart by its time.
        assertThat(rows.eventKey()).isEqualTo("RUNNING@2025-06-01T12:00:00Z");
    }

    @Test
    void withoutColumnLineageEveryInputFlowsIntoEveryOutput()
    {
        RunEvent event = new RunEvent(null, TIME, null, null,
                new Run(UUID.fromString("0197a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c"), null),
                new Job("airflow", "daily.load", null),
                List.of(new InputDataset("pg", "public.a", null, null)),
                List.of(new OutputDataset("pg", "public.b", null, null), new OutputDataset("pg", "public.c", null, null)));
        assertThat(EventRows.of(event, names).edges()).extracting(TestEventRows::edge).containsExactlyInAnyOrder(
                "pg:public.a -> pg:public.b DIRECT",
                "pg:public.a -> pg:public.c DIRECT");
    }

    @Test
    void aTableReachedTwiceInOneQueryIsOneRead()
    {
        EventRows rows = EventRows.of(query("trino", "q2", "ann", TIME, "SELECT ...",
                List.of(
                        input("trino", "lake.a.t", List.of(), List.of("x"), List.of(), Map.of()),
                        input("trino", "lake.a.t", List.of("mesh.a.v"), List.of("y"), List.of("y > 0"), Map.of("x", "'***'"))),
                null), names);
        assertThat(rows.run().reads()).hasSize(2);
        ReadRow table = rows.run().reads().getFirst();
        assertThat(table.dataset().dataset()).isEqualTo("lake.a.t");
        assertThat(table.directlyReferenced()).isTrue();
        assertThat(table.via()).containsExactly("mesh.a.v");
        assertThat(table.columns()).containsExactly("x", "y");
        assertThat(table.rowFilters()).containsExactly("y > 0");
        assertThat(table.columnMasks()).extracting(OpenLineage.ColumnMask::column).containsExactly("x");
    }

    @Test
    void aPinnedMeshTableIsRecordedAsTheTableItPinsAndOtherVariantsAsThemselves()
    {
        EventRows rows = EventRows.of(query("trino", "q3", "ann", TIME, "SELECT ... FROM mesh.shop.\"orders@snapshot:42\" JOIN mesh.shop.orders_v1 ... JOIN mesh.shop.\"orders@2026-q3\" ...",
                List.of(
                        input("trino", "lake.shop.orders", List.of("mesh.shop.orders@snapshot:42"), List.of("id", "amount")),
                        input("trino", "lake.shop.orders", List.of("mesh.shop.orders_v1"), List.of("id")),
                        input("trino", "lake.shop.orders", List.of("mesh.shop.orders@2026-q3"), List.of("id"))),
                output("trino", "lake.c.out", Map.of("amount", List.of("lake.shop.orders.amount")))), names);
        assertThat(rows.edges()).extracting(TestEventRows::edge).contains(
                "lake.shop.orders -> mesh.shop.orders VIEW",
                "lake.shop.orders -> mesh.shop.orders_v1 VIEW",
                "lake.shop.orders -> mesh.shop.orders@2026-q3 VIEW",
                "mesh.shop.orders -> lake.c.out DIRECT");
        assertThat(rows.run().reads()).extracting(read -> "%s input=%s via=%s".formatted(read.dataset().dataset(), read.input(), read.via())).containsExactly(
                "lake.shop.orders input=true via=[mesh.shop.orders, mesh.shop.orders_v1, mesh.shop.orders@2026-q3]",
                "mesh.shop.orders input=false via=[]",
                "mesh.shop.orders_v1 input=false via=[]",
                "mesh.shop.orders@2026-q3 input=false via=[]");
        assertThat(rows.nodes()).extracting(Node::dataset).noneMatch(name -> name.contains("@snapshot:"));
        // Only the mesh catalog's tables, in the mesh's Trino namespace, are pinned ones.
        assertThat(names.dataset("trino", "lake.shop.t@snapshot:1").dataset()).isEqualTo("lake.shop.t@snapshot:1");
        assertThat(names.dataset("elsewhere", "mesh.shop.orders@snapshot:1").dataset()).isEqualTo("mesh.shop.orders@snapshot:1");
        assertThat(names.dataset("trino", "mesh.shop.orders@snapshot:01").dataset()).isEqualTo("mesh.shop.orders@snapshot:01");
        assertThat(names.column("trino", "mesh.shop.orders@snapshot:7", "id")).isEqualTo(Node.column("trino", "mesh.shop.orders", "id"));
        // So are the rows a table gained between two snapshots, which pipelines read.
        assertThat(names.column("trino", "mesh.shop.orders@changes:7:9", "id")).isEqualTo(Node.column("trino", "mesh.shop.orders", "id"));
        assertThat(names.dataset("trino", "mesh.shop.orders@changes:7").dataset()).isEqualTo("mesh.shop.orders@changes:7");
    }

    @Test
    void aStagedLakeTableIsRecordedAsTheTableItStages()
    {
        assertThat(names.dataset("trino", "lake.shop.orders__staged_42").dataset()).isEqualTo("lake.shop.orders");
        assertThat(names.column("trino", "lake.shop.orders__staged_7", "id")).isEqualTo(Node.column("trino", "lake.shop.orders", "id"));
        // Only a suffix of digits makes a staged table, and only in the mesh's Trino namespace.
        assertThat(names.dataset("trino", "lake.shop.orders__staged_x").dataset()).isEqualTo("lake.shop.orders__staged_x");
        assertThat(names.dataset("trino", "lake.shop.__staged_1").dataset()).isEqualTo("lake.shop.__staged_1");
        assertThat(names.dataset("elsewhere", "lake.shop.orders__staged_1").dataset()).isEqualTo("lake.shop.orders__staged_1");
    }

    @Test
    void namesSeenBeforeGiveTheSameNodes()
    {
        Node column = names.column("trino", "lake.a.t", "x");
        assertThat(names.column("trino", "lake.a.t", "x")).isSameAs(column);
        assertThat(column).isEqualTo(Node.column("trino", "lake.a.t", "x"));
        assertThat(names.dataset("trino", "lake.a.t")).isEqualTo(column.datasetNode());
    }

    private static String edge(Edge edge)
    {
        return name(edge.source()) + " -> " + name(edge.target()) + " " + edge.kind();
    }

    private static String name(Node node)
    {
        return (node.namespace().equals("trino") ? "" : node.namespace() + ":") + node.dataset() + (node.isColumn() ? "." + node.column() : "");
    }
}
