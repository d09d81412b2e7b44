package dev.trinomesh.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.lineage.OpenLineage;
import dev.trinomesh.api.lineage.OpenLineage.ColumnMask;
import dev.trinomesh.api.lineage.OpenLineage.InputDataset;
import dev.trinomesh.api.lineage.OpenLineage.InputField;
import dev.trinomesh.api.lineage.OpenLineage.MeshAccessFacet;
import dev.trinomesh.api.lineage.OpenLineage.MeshQueryFacet;
import dev.trinomesh.api.lineage.OpenLineage.OutputDataset;
import dev.trinomesh.api.lineage.OpenLineage.RunEvent;
import dev.trinomesh.api.lineage.OpenLineage.SchemaField;
import io.trino.spi.eventlistener.ColumnInfo;
import io.trino.spi.eventlistener.ColumnMaskReferenceInfo;
import io.trino.spi.eventlistener.QueryCompletedEvent;
import io.trino.spi.eventlistener.RowFilterReferenceInfo;
import io.trino.spi.resourcegroups.QueryType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.trinomesh.lineage.TestingQueryEvents.END_TIME;
import static dev.trinomesh.lineage.TestingQueryEvents.outputColumn;
import static dev.trinomesh.lineage.TestingQueryEvents.query;
import static dev.trinomesh.lineage.TestingQueryEvents.scan;
import static dev.trinomesh.lineage.TestingQueryEvents.table;
import static dev.trinomesh.lineage.TestingQueryEvents.view;
import static io.trino.spi.StandardErrorCode.COLUMN_NOT_FOUND;
import static io.trino.spi.StandardErrorCode.SYNTAX_ERROR;
import static org.assertj.core.api.Assertions.assertThat;

class TestLineageEventMapper
{
    private final LineageEventMapper mapper = new LineageEventMapper("trino", Set.of("system"), Set.of("information_schema"));

    @Test
    void createTableAsSelectHasColumnLineage()
    {
        QueryCompletedEvent completed = query("20261126_100000_00001_abcde")
                .sql("CREATE TABLE lake.sales.summary AS SELECT region, sum(amount) AS total, count(*) AS orders FROM lake.sales.orders GROUP BY region")
                .user("alice", "analysts", "emea")
                .source("trino-cli", "nightly report")
                .write(QueryType.DATA_DEFINITION, "CREATE TABLE")
                .table(table("lake.sales.orders", "region", "amount"))
                .scan(scan("lake.sales.orders", 1000, 64_000, "region:varchar", "amount:decimal(12,2)"))
                .output("lake.sales.summary", 12, 480,
                        outputColumn("region", "varchar", "lake.sales.orders.region"),
                        outputColumn("total", "decimal(38,2)", "lake.sales.orders.amount"),
                        outputColumn("orders", "bigint"))
                .build();

        RunEvent event = mapper.map(completed).orElseThrow();

        assertThat(event.eventType()).isEqualTo("COMPLETE");
        assertThat(event.eventTime()).isEqualTo(END_TIME);
        assertThat(event.producer()).isEqualTo("urn:trino-mesh:mesh-event-listener");
        assertThat(event.schemaURL()).isEqualTo(OpenLineage.SPEC);
        assertThat(event.run().runId()).isEqualTo(OpenLineage.runId("trino", "20261126_100000_00001_abcde"));
        assertThat(event.job().namespace()).isEqualTo("trino");
        assertThat(event.job().name()).isEqualTo("20261126_100000_00001_abcde");
        assertThat(event.job().facets().sql().query()).startsWith("CREATE TABLE lake.sales.summary AS SELECT");
        assertThat(event.job().facets().sql().dialect()).isEqualTo("trino");
        assertThat(event.run().facets().errorMessage()).isNull();

        MeshQueryFacet facet = event.run().facets().meshQuery();
        assertThat(facet).isEqualTo(new MeshQueryFacet(
                LineageEventMapper.PRODUCER, OpenLineage.MESH_QUERY_FACET,
                "20261126_100000_00001_abcde", "alice", Set.of("analysts", "emea"), "trino-cli", "nightly report",
                "DATA_DEFINITION", "CREATE TABLE", "FINISHED", null,
                TestingQueryEvents.CREATE_TIME, TestingQueryEvents.START_TIME, END_TIME,
                2250L, 1500L, 1000L, 64_000L, 0L, 12L, null, "sql"));

        InputDataset input = event.inputs().getFirst();
        assertThat(event.inputs()).hasSize(1);
        assertThat(input.namespace()).isEqualTo("trino");
        assertThat(input.name()).isEqualTo("lake.sales.orders");
        assertThat(input.facets().schema().fields()).containsExactly(new SchemaField("region", "varchar"), new SchemaField("amount", "decimal(12,2)"));
        assertThat(input.facets().meshAccess()).isEqualTo(new MeshAccessFacet(LineageEventMapper.PRODUCER, OpenLineage.MESH_ACCESS_FACET, true, List.of(), List.of(), List.of()));
        assertThat(input.inputFacets().inputStatistics().rowCount()).isEqualTo(1000);
        assertThat(input.inputFacets().inputStatistics().size()).isEqualTo(64_000);

        OutputDataset output = event.outputs().getFirst();
        assertThat(output.name()).isEqualTo("lake.sales.summary");
        assertThat(output.facets().schema().fields())
                .containsExactly(new SchemaField("region", "varchar"), new SchemaField("total", "decimal(38,2)"), new SchemaField("orders", "bigint"));
        // count(*) has no source column, so it has no entry
        assertThat(output.facets().columnLineage().fields()).containsOnlyKeys("region", "total");
        assertThat(output.facets().columnLineage().fields().get("total").inputFields())
                .containsExactly(new InputField("trino", "lake.sales.orders", "amount", null));
        assertThat(output.facets().columnLineage().schemaUrl()).isEqualTo(OpenLineage.COLUMN_LINEAGE_FACET);
        assertThat(output.outputFacets().outputStatistics().rowCount()).isEqualTo(12);
        assertThat(output.outputFacets().outputStatistics().size()).isEqualTo(480);
    }

    @Test
    void aQueryTheServiceRanForAPersonRecordsItsDoorAndWhoImpersonated()
    {
        MeshQueryFacet quality = mapper.map(query("q-quality")
                .user("mesh-quality")
                .impersonatedBy("mesh-service")
                .source("mesh-quality", null)
                .table(table("lake.sales.orders", "region"))
                .build()).orElseThrow().run().facets().meshQuery();
        assertThat(quality.user()).isEqualTo("mesh-quality");
        assertThat(quality.impersonator()).isEqualTo("mesh-service");
        assertThat(quality.door()).isEqualTo("quality");

        MeshQueryFacet portal = mapper.map(query("q-portal")
                .user("alice", "analysts")
                .impersonatedBy("mesh-service")
                .source("mesh-portal", null)
                .table(table("lake.sales.orders", "region"))
                .build()).orElseThrow().run().facets().meshQuery();
        assertThat(portal.door()).isEqualTo("portal");
        assertThat(portal.impersonator()).isEqualTo("mesh-service");

        MeshQueryFacet mcp = mapper.map(query("q-mcp")
                .user("alice", "analysts")
                .impersonatedBy("mesh-service")
                .source("mesh-mcp", null)
                .table(table("lake.sales.orders", "region"))
                .build()).orElseThrow().run().facets().meshQuery();
        assertThat(mcp.door()).isEqualTo("mcp");
        assertThat(mcp.source()).isEqualTo("mesh-mcp");

        // A source is anyone's to set: without impersonation it is plain SQL, whatever it says.
        MeshQueryFacet claimed = mapper.map(query("q-claimed")
                .user("alice", "analysts")
                .source("mesh-portal", null)
                .table(table("lake.sales.orders", "region"))
                .build()).orElseThrow().run().facets().meshQuery();
        assertThat(claimed.door()).isEqualTo("sql");
        assertThat(claimed.impersonator()).isNull();
    }

    @Test
    void serializesAsOpenLineageJson()
    {
        RunEvent event = mapper.map(query("q1")
                .sql("INSERT INTO lake.sales.summary SELECT region FROM lake.sales.orders")
                .write(QueryType.INSERT, "INSERT")
                .table(table("lake.sales.orders", "region"))
                .output("lake.sales.summary", 3, 30, outputColumn("region", "varchar", "lake.sales.orders.region"))
                .build()).orElseThrow();

        JsonNode json = DescriptorDocuments.toTree(event);

        assertThat(json.path("eventTime").asText()).isEqualTo("2026-11-26T10:00:03.250Z");
        assertThat(json.path("run").path("facets").path("meshQuery").path("_producer").asText()).isEqualTo(LineageEventMapper.PRODUCER);
        assertThat(json.path("run").path("facets").path("meshQuery").path("endTime").asText()).isEqualTo("2026-11-26T10:00:03.250Z");
        assertThat(json.path("job").path("facets").path("sql").path("_schemaURL").asText()).isEqualTo(OpenLineage.SQL_FACET);
        assertThat(json.path("outputs").get(0).path("facets").path("columnLineage").path("fields").path("region").path("inputFields").get(0).path("field").asText())
                .isEqualTo("region");
        // absent facets are left out, not written as null
        assertThat(json.path("run").path("facets").has("errorMessage")).isFalse();
        assertThat(DescriptorDocuments.toJson(event)).doesNotContain("null").doesNotContain("\n");
    }

    @Test
    void readThroughViewsRecordsTheViewsInnermostFirst()
    {
        // SELECT * FROM mesh.sales.top_customers, a view over mesh.sales.customers_eu, a view over lake.crm.customers
        RunEvent event = mapper.map(query("q2")
                .sql("SELECT * FROM mesh.sales.top_customers")
                .table(table("mesh.sales.top_customers", List.of(), TestingQueryEvents.columns("name", "revenue"), true, Optional.of("SELECT ... FROM customers_eu"), List.of()))
                .table(table("mesh.sales.customers_eu", List.of(), TestingQueryEvents.columns("name", "revenue", "region"), false, Optional.of("SELECT ... FROM lake.crm.customers"),
                        List.of(view("mesh.sales.top_customers"))))
                .table(table("lake.crm.customers", List.of(), TestingQueryEvents.columns("name", "revenue", "region"), false, Optional.empty(),
                        List.of(view("mesh.sales.customers_eu"), view("mesh.sales.top_customers"))))
                .scan(scan("lake.crm.customers", 50, 5000, "name:varchar", "revenue:double", "region:varchar"))
                .build()).orElseThrow();

        assertThat(event.outputs()).isEmpty();
        assertThat(event.inputs()).extracting(InputDataset::name)
                .containsExactly("mesh.sales.top_customers", "mesh.sales.customers_eu", "lake.crm.customers");
        InputDataset topView = event.inputs().get(0);
        assertThat(topView.facets().meshAccess().directlyReferenced()).isTrue();
        assertThat(topView.facets().meshAccess().via()).isEmpty();
        // a view is not scanned: no types, no statistics
        assertThat(topView.facets().schema().fields()).containsExactly(new SchemaField("name", null), new SchemaField("revenue", null));
        assertThat(topView.inputFacets()).isNull();

        InputDataset base = event.inputs().get(2);
        assertThat(base.facets().meshAccess().directlyReferenced()).isFalse();
        assertThat(base.facets().meshAccess().via()).containsExactly("mesh.sales.customers_eu", "mesh.sales.top_customers");
        assertThat(base.facets().schema().fields()).contains(new SchemaField("revenue", "double"));
        assertThat(base.inputFacets().inputStatistics().rowCount()).isEqualTo(50);
    }

    @Test
    void rowFiltersAndColumnMasksAreTheAuditTrail()
    {
        List<ColumnInfo> columns = List.of(
                new ColumnInfo("id", Optional.empty()),
                new ColumnInfo("email", Optional.of("'***'")),
                new ColumnInfo("country", Optional.empty()));
        RunEvent event = mapper.map(query("q3")
                .sql("SELECT id, email FROM mesh.crm.customers c JOIN mesh.crm.customers d USING (id)")
                .table(table("mesh.crm.customers", List.of("country IN (SELECT country FROM lake.gov.allowed)"), columns, true, Optional.empty(), List.of()))
                // the self-join's second reference is the same input
                .table(table("mesh.crm.customers", List.of("country IN (SELECT country FROM lake.gov.allowed)"), columns, true, Optional.empty(), List.of()))
                // a table read only by the row filter's expression
                .table(table("lake.gov.allowed", List.of(), TestingQueryEvents.columns("country"), false, Optional.empty(),
                        List.of(new RowFilterReferenceInfo("country IN (SELECT country FROM lake.gov.allowed)", "mesh", "crm", "customers"))))
                .build()).orElseThrow();

        assertThat(event.inputs()).extracting(InputDataset::name).containsExactly("mesh.crm.customers", "lake.gov.allowed");
        MeshAccessFacet customers = event.inputs().getFirst().facets().meshAccess();
        assertThat(customers.directlyReferenced()).isTrue();
        assertThat(customers.rowFilters()).containsExactly("country IN (SELECT country FROM lake.gov.allowed)");
        assertThat(customers.columnMasks()).containsExactly(new ColumnMask("email", "'***'"));
        assertThat(event.inputs().getFirst().facets().schema().fields()).extracting(SchemaField::name).containsExactly("id", "email", "country");

        MeshAccessFacet allowed = event.inputs().get(1).facets().meshAccess();
        assertThat(allowed.directlyReferenced()).isFalse();
        assertThat(allowed.via()).isEmpty();
    }

    @Test
    void tableReachedDirectlyAndThroughAViewIsTwoInputs()
    {
        RunEvent event = mapper.map(query("q4")
                .table(table("lake.crm.customers", "id"))
                .table(table("lake.crm.customers", List.of(), TestingQueryEvents.columns("id"), false, Optional.empty(),
                        List.of(view("mesh.crm.v"), new ColumnMaskReferenceInfo("x", "mesh", "crm", "t", "c"))))
                .table(table("mesh.crm.v", "id"))
                .scan(scan("lake.crm.customers", 10, 100, "id:bigint"))
                .scan(scan("lake.crm.customers", 10, 100, "id:bigint"))
                .build()).orElseThrow();

        assertThat(event.inputs()).extracting(InputDataset::name).containsExactly("lake.crm.customers", "lake.crm.customers", "mesh.crm.v");
        assertThat(event.inputs().get(1).facets().meshAccess().via()).containsExactly("mesh.crm.v");
        // both scans are summed, and counted once
        assertThat(event.inputs().get(0).inputFacets().inputStatistics().rowCount()).isEqualTo(20);
        assertThat(event.inputs().get(1).inputFacets()).isNull();
    }

    @Test
    void scannedTableTheAnalyzerDidNotReportIsAnInput()
    {
        RunEvent event = mapper.map(query("q5")
                .table(table("lake.sales.mv", "id"))
                .scan(scan("lake.sales.mv_storage", 7, 70, "id:bigint"))
                .build()).orElseThrow();

        assertThat(event.inputs()).extracting(InputDataset::name).containsExactly("lake.sales.mv", "lake.sales.mv_storage");
        InputDataset storage = event.inputs().get(1);
        assertThat(storage.facets().schema().fields()).containsExactly(new SchemaField("id", "bigint"));
        assertThat(storage.facets().meshAccess()).isNull();
        assertThat(storage.inputFacets().inputStatistics().rowCount()).isEqualTo(7);
    }

    @Test
    void failedQueryIsAFailEvent()
    {
        QueryCompletedEvent failed = query("q6")
                .sql("SELECT nope FROM lake.sales.orders")
                .table(table("lake.sales.orders"))
                .failed(COLUMN_NOT_FOUND.toErrorCode(), "line 1:8: Column 'nope' cannot be resolved")
                .endTime(Instant.EPOCH)
                .build();
        Instant before = Instant.now();
        RunEvent event = mapper.map(failed).orElseThrow();
        Instant after = Instant.now();

        assertThat(event.eventType()).isEqualTo("FAIL");
        // Trino had no end time: the event is stamped when it was mapped
        assertThat(event.eventTime()).isBetween(before, after);
        assertThat(event.run().facets().errorMessage().message()).isEqualTo("line 1:8: Column 'nope' cannot be resolved");
        assertThat(event.run().facets().errorMessage().schemaUrl()).isEqualTo(OpenLineage.ERROR_FACET);
        MeshQueryFacet facet = event.run().facets().meshQuery();
        assertThat(facet.state()).isEqualTo("FAILED");
        assertThat(facet.errorCode()).isEqualTo("COLUMN_NOT_FOUND");
        assertThat(facet.endTime()).isNull();
        // a referenced table without columns has no schema facet, but is recorded
        assertThat(event.inputs()).singleElement().satisfies(input -> {
            assertThat(input.name()).isEqualTo("lake.sales.orders");
            assertThat(input.facets().schema()).isNull();
        });
    }

    @Test
    void queriesWithoutTablesAreSkipped()
    {
        assertThat(mapper.map(query("select-one").sql("SELECT 1").build())).isEmpty();
        assertThat(mapper.map(query("parse-error").sql("SELEC 1").failed(SYNTAX_ERROR.toErrorCode(), "mismatched input").build())).isEmpty();
        assertThat(mapper.map(query("metadata")
                .sql("SELECT * FROM system.runtime.queries, lake.information_schema.tables")
                .table(table("system.runtime.queries", "query_id"))
                .table(table("lake.information_schema.tables", "table_name"))
                .scan(scan("system.runtime.queries", 1, 1, "query_id:varchar"))
                .build())).isEmpty();
    }

    @Test
    void ignoredTablesAreLeftOutOfRecordedQueries()
    {
        RunEvent event = mapper.map(query("ctas-from-system")
                .table(table("system.runtime.nodes", "node_id"))
                .table(table("lake.ops.hosts", "name"))
                .output("lake.ops.inventory", 3, 30,
                        outputColumn("node_id", "varchar", "system.runtime.nodes.node_id"),
                        outputColumn("name", "varchar", "lake.ops.hosts.name"))
                .build()).orElseThrow();

        assertThat(event.inputs()).extracting(InputDataset::name).containsExactly("lake.ops.hosts");
        assertThat(event.outputs().getFirst().facets().columnLineage().fields()).containsOnlyKeys("name");
    }

    @Test
    void ignoreListsAreConfigurable()
    {
        LineageEventMapper everything = LineageEventMapper.fromConfig(new MeshLineageConfig()
                .setNamespace("prod")
                .setIgnoredCatalogs(List.of())
                .setIgnoredSchemas(List.of("scratch")));
        RunEvent event = everything.map(query("q7")
                .table(table("system.runtime.queries", "query_id"))
                .table(table("lake.scratch.tmp", "x"))
                .build()).orElseThrow();

        assertThat(event.inputs()).extracting(InputDataset::name).containsExactly("system.runtime.queries");
        assertThat(event.job().namespace()).isEqualTo("prod");
        assertThat(event.inputs().getFirst().namespace()).isEqualTo("prod");
        assertThat(event.run().runId()).isEqualTo(OpenLineage.runId("prod", "q7"));
    }

    @Test
    void writesWithoutColumnSourcesHaveNoColumnLineage()
    {
        RunEvent delete = mapper.map(query("delete")
                .write(QueryType.DELETE, "DELETE")
                .table(table("lake.sales.orders", "status"))
                .output("lake.sales.orders", Optional.empty(), 5, 0)
                .build()).orElseThrow();
        OutputDataset deleted = delete.outputs().getFirst();
        assertThat(deleted.facets().schema()).isNull();
        assertThat(deleted.facets().columnLineage()).isNull();
        assertThat(deleted.outputFacets().outputStatistics().rowCount()).isEqualTo(5);

        // MERGE reports the columns it writes, always without sources (Trino 476)
        RunEvent merge = mapper.map(query("merge")
                .write(QueryType.MERGE, "MERGE")
                .table(table("lake.sales.updates", "id", "amount"))
                .output("lake.sales.orders", 2, 20, outputColumn("amount", "double"))
                .build()).orElseThrow();
        assertThat(merge.outputs().getFirst().facets().schema().fields()).containsExactly(new SchemaField("amount", "double"));
        assertThat(merge.outputs().getFirst().facets().columnLineage()).isNull();

        // CREATE TABLE without AS: recorded for its output alone
        RunEvent create = mapper.map(query("create")
                .write(QueryType.DATA_DEFINITION, "CREATE TABLE")
                .output("lake.sales.new_table", 0, 0, outputColumn("id", "bigint"))
                .build()).orElseThrow();
        assertThat(create.inputs()).isEmpty();
        assertThat(create.outputs()).extracting(OutputDataset::name).containsExactly("lake.sales.new_table");
    }

    @Test
    void preparedStatementRecordsItsBody()
    {
        RunEvent event = mapper.map(query("prepared")
                .sql("EXECUTE stmt USING 1")
                .preparedQuery("SELECT * FROM lake.sales.orders WHERE id = ?")
                .table(table("lake.sales.orders", "id"))
                .build()).orElseThrow();

        assertThat(event.job().facets().sql().query()).isEqualTo("SELECT * FROM lake.sales.orders WHERE id = ?");
    }
}
