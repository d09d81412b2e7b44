package dev.trinomesh.integration;

import dev.trinomesh.api.model.DatasetFreshness;
import dev.trinomesh.api.model.LakeCommit;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.trinomesh.integration.QueryWaits.awaitServed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The commit-time contract gate, driven through Trino and through Iceberg's Java API. */
class TestContractGate
        extends AbstractTestQueryFramework
{
    private TestingMesh mesh;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        // Owners are groups, as in the demo: sam, of sales-team, owns the products below from other engines too.
        mesh = TestingMesh.create(TestingMesh.Storage.LOCAL, Map.of("governance.group-file", TestingMesh.DEMO_GROUP_FILE.toString()), Optional.empty());
        return mesh.runner();
    }

    static String contract(String product, String version, boolean withEmail)
    {
        return """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: %s, domain: sales, owner: group:sales-team, version: %s, status: published}
                spec:
                  datasets:
                    - name: orders
                      source: {table: lake.%s.orders}
                      freshness: {maxAge: 1h}
                      columns:
                        - {name: order_id, type: bigint, required: true}
                        - {name: status, type: varchar, required: true}
                        - {name: amount, type: "decimal(12,2)"}
                        - {name: updated_at, type: "timestamp(6) with time zone"}
                %s
                """.formatted(product, version, product, withEmail ? "        - {name: customer_email, type: varchar, classification: pii}" : "");
    }

    private void createProduct(String product)
    {
        assertUpdate("CREATE SCHEMA lake." + product);
        assertUpdate("CREATE TABLE lake.%s.orders (order_id bigint NOT NULL, status varchar, amount decimal(12,2), updated_at timestamp(6) with time zone, customer_email varchar, internal_note varchar)".formatted(product));
        assertUpdate("INSERT INTO lake.%s.orders VALUES (1, 'OPEN', 10.50, TIMESTAMP '2026-11-01 10:00:00 UTC', 'a@example.com', 'x')".formatted(product), 1);
        mesh.registry().applyProduct(product, contract(product, "1.0.0", true), Optional.empty(), false);
        // The gate reads the registry on every commit; the mesh catalog learns of the product on its next poll.
        awaitServed(getQueryRunner(), getSession(), product);
    }

    @BeforeAll
    void products()
    {
        createProduct("gated");
    }

    @Test
    void contractedColumnsCannotBeDroppedRenamedOrNarrowed()
    {
        createProduct("guarded");
        assertQueryFails("ALTER TABLE lake.guarded.orders DROP COLUMN amount", "(?s).*" + quoted("""
                Refused by the data contract of product 'guarded' version 1.0.0, dataset orders (lake table guarded.orders):
                  - column 'amount' is dropped; the contract promises it
                To make this change, release a new major version of product 'guarded' whose contract matches it, apply it, then commit again.""") + ".*");
        assertQueryFails("ALTER TABLE lake.guarded.orders RENAME COLUMN status TO state",
                "(?s).*column 'status' is renamed to 'state'; the contract promises 'status'.*");
        assertQueryFails("ALTER TABLE lake.guarded.orders ALTER COLUMN amount SET DATA TYPE decimal(16,2)",
                "(?s).*column 'amount' has type decimal\\(16,2\\), which cannot be served as the contract's decimal\\(12,2\\).*");
        assertQueryFails("ALTER TABLE lake.guarded.orders ALTER COLUMN order_id DROP NOT NULL",
                "(?s).*column 'order_id' is made optional; the contract requires a value.*");
        // Trino reports a refused drop without its error code, so only the message is checked.
        assertThatThrownBy(() -> computeActual("DROP TABLE lake.guarded.orders"))
                .hasMessageContaining("Cannot drop lake table guarded.orders: it is the source of product 'guarded' version 1.0.0, dataset orders. Retire those products or point their datasets elsewhere first.");
        // Nothing of it happened.
        assertThat(columns("lake.guarded.orders"))
                .containsExactly("order_id", "status", "amount", "updated_at", "customer_email", "internal_note");
    }

    @Test
    void nullsInARequiredColumnAreRefusedFromColumnMetrics()
    {
        int refusedBefore = refusals("gated");
        assertQueryFails("INSERT INTO lake.gated.orders VALUES (2, NULL, 1.00, NULL, NULL, NULL), (3, NULL, 2.00, NULL, NULL, NULL)",
                "(?s).*column 'status' receives 2 null values in 1 new data file; the contract requires a value.*");
        // Iceberg clients retry a 409 (commit.retry.num-retries, 4): the refusal is checked and logged five times.
        assertThat(refusals("gated")).isEqualTo(refusedBefore + 5);
        assertUpdate("INSERT INTO lake.gated.orders VALUES (4, 'SHIPPED', 3.00, NULL, NULL, NULL)", 1);
        assertThat(computeScalar("SELECT count(*) FROM lake.gated.orders WHERE status IS NULL")).isEqualTo(0L);
    }

    private int refusals(String namespace)
    {
        return mesh.registry().lakeCommits(Optional.of(namespace), Optional.of("orders"), Optional.of("refused"), 1000).size();
    }

    @Test
    void additiveChangesPassAndTheMeshKeepsServingTheContract()
    {
        createProduct("growing");
        assertUpdate("ALTER TABLE lake.growing.orders ADD COLUMN channel varchar");
        assertUpdate("ALTER TABLE lake.growing.orders DROP COLUMN internal_note");
        assertThat(columns("mesh.growing.orders"))
                .containsExactly("order_id", "status", "amount", "updated_at", "customer_email");
        assertThat(computeScalar("SELECT count(*) FROM mesh.growing.orders WHERE order_id = 1")).isEqualTo(1L);
        List<LakeCommit> commits = mesh.registry().lakeCommits(Optional.of("growing"), Optional.of("orders"), Optional.of("accepted"), 50);
        assertThat(commits).extracting(LakeCommit::operation).contains("schema");
    }

    @Test
    void theGateFollowsANewContractVersion()
    {
        createProduct("evolving");
        assertQueryFails("ALTER TABLE lake.evolving.orders DROP COLUMN customer_email", "(?s).*column 'customer_email' is dropped.*");
        String etag = mesh.registry().getProduct("evolving").orElseThrow().etag();
        mesh.registry().applyProduct("evolving", contract("evolving", "2.0.0", false), Optional.of(etag), false);
        assertUpdate("ALTER TABLE lake.evolving.orders DROP COLUMN customer_email");
    }

    @Test
    void aTableRenamedIntoAContractedNameMustMeetTheContract()
    {
        // The contract names lake.arriving.orders before any table has that name.
        assertUpdate("CREATE SCHEMA lake.arriving");
        mesh.registry().applyProduct("arriving", contract("arriving", "1.0.0", false), Optional.empty(), false);
        assertUpdate("CREATE TABLE lake.arriving.draft (order_id bigint NOT NULL, amount decimal(12,2))");
        assertThatThrownBy(() -> computeActual("ALTER TABLE lake.arriving.draft RENAME TO orders"))
                .hasMessageContaining("column 'status' is missing; the contract promises it");
        assertUpdate("CREATE TABLE lake.arriving.staged (order_id bigint NOT NULL, status varchar NOT NULL, amount decimal(12,2), updated_at timestamp(6) with time zone)");
        assertUpdate("ALTER TABLE lake.arriving.staged RENAME TO orders");
        awaitServed(getQueryRunner(), getSession(), "arriving");
        assertThat(columns("mesh.arriving.orders")).containsExactly("order_id", "status", "amount", "updated_at");
    }

    @Test
    void tablesOfNoContractAreFree()
    {
        assertUpdate("CREATE SCHEMA lake.scratch");
        assertUpdate("CREATE TABLE lake.scratch.orders (order_id bigint, status varchar)");
        assertUpdate("ALTER TABLE lake.scratch.orders DROP COLUMN status");
        assertUpdate("DROP TABLE lake.scratch.orders");
    }

    @Test
    void commitsFromOtherEnginesMeetTheSameGate()
            throws Exception
    {
        // sam (of group sales-team, the product's owner) through another engine: Iceberg's own REST client.
        try (RESTCatalog client = mesh.service().lakeClient("spark-like", "sam", Map.of())) {
            Table table = client.loadTable(TableIdentifier.of("gated", "orders"));
            int statusId = table.schema().findField("status").fieldId();
            DataFile withNulls = DataFiles.builder(table.spec())
                    .withPath(table.location() + "/data/from-another-engine.parquet")
                    .withFormat(FileFormat.PARQUET)
                    .withFileSizeInBytes(1024)
                    .withMetrics(new Metrics(5L, null, Map.of(statusId, 5L), Map.of(statusId, 3L), null))
                    .build();
            assertThatThrownBy(() -> table.newAppend().appendFile(withNulls).commit())
                    .isInstanceOf(CommitFailedException.class)
                    .hasMessageContaining("column 'status' receives 3 null values in 1 new data file; the contract requires a value");
        }
        assertThat(mesh.registry().lakeCommits(Optional.of("gated"), Optional.of("orders"), Optional.of("refused"), 100))
                .anySatisfy(commit -> assertThat(commit.message()).contains("receives 3 null values"));
    }

    @Test
    void freshnessOfLakeBackedDatasets()
    {
        List<DatasetFreshness> freshness = mesh.registry().freshness(Optional.of("gated"));
        assertThat(freshness).singleElement().satisfies(dataset -> {
            assertThat(dataset.lakeTable()).isEqualTo("gated.orders");
            assertThat(dataset.status()).isEqualTo("fresh");
            assertThat(dataset.maxAge()).isEqualTo("1h");
            assertThat(dataset.ageSeconds()).isBetween(0L, 600L);
        });
    }

    @Test
    void theLakeIsVisibleWithSql()
    {
        assertThat(computeScalar("SELECT status FROM mesh.metadata.freshness WHERE product = 'gated' AND dataset = 'orders'")).isEqualTo("fresh");
        // Volume comes from the newest commit that added data, not from later statistics commits.
        assertThat(computeScalar("SELECT total_records FROM mesh.metadata.freshness WHERE product = 'gated' AND dataset = 'orders'"))
                .isEqualTo(computeScalar("SELECT count(*) FROM lake.gated.orders"));
        assertThat(computeScalar("SELECT max(total_records) FROM mesh.metadata.lake_commits WHERE table_namespace = 'gated' AND table_name = 'orders' AND outcome = 'accepted'"))
                .isEqualTo(computeScalar("SELECT count(*) FROM lake.gated.orders"));
        assertThat(computeScalar("SELECT count(*) FROM mesh.metadata.lake_commits WHERE table_namespace = 'gated' AND operation = 'append' AND added_records > 0")).isNotEqualTo(0L);
    }

    private List<Object> columns(String table)
    {
        return computeActual("DESCRIBE " + table).getMaterializedRows().stream().map(row -> row.getField(0)).toList();
    }

    private static String quoted(String text)
    {
        return java.util.regex.Pattern.quote(text);
    }
}
