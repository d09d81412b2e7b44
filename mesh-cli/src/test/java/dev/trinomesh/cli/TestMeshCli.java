package dev.trinomesh.cli;

import dev.trinomesh.catalog.testing.TestingCatalogService;
import dev.trinomesh.cli.TestingCli.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI against a real catalog service, with the repository's demo descriptors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestMeshCli
{
    private TestingCatalogService service;

    @BeforeAll
    void start()
    {
        service = new TestingCatalogService();
    }

    @AfterAll
    void stop()
    {
        service.close();
    }

    /** As the service's governance admin. */
    private Run mesh(String... args)
    {
        return TestingCli.mesh(service, "admin", args);
    }

    private Run meshAs(String user, String... args)
    {
        return TestingCli.mesh(service, user, args);
    }

    @Test
    void appliesTheDemoMeshIdempotently()
    {
        // Global policies are a governance admin's to write (governance.admins, by default user:admin).
        Run first = mesh("apply", "-f", "../examples/demo");
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(first.out())
                .contains("domain sales: applied")
                .contains("product sales_orders: created at revision 1 (published, version 1.1.0)")
                .contains("product returns_analysis: created at revision 1 (draft, version 0.1.0)")
                .contains("policy personal_data: created at revision 1 (global, 1 rule)")
                .contains("policy customer_segments: created at revision 1 (domain, 2 rules)")
                .endsWith("10 applied, 0 unchanged, 0 refused\n");

        Run second = mesh("apply", "-f", "../examples/demo");
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains("domain sales: unchanged").contains("product sales_orders: unchanged (revision 1)")
                .contains("policy personal_data: unchanged (revision 1)").endsWith("0 applied, 10 unchanged, 0 refused\n");

        Run policies = mesh("policies", "list");
        assertThat(policies.out()).containsPattern("customer_segments +domain +customers +\\[rowFilter, columnMask] +1 +admin");
        assertThat(mesh("policies", "show", "personal_data").out()).contains("# revision 1, by admin").contains("mask: hash");

        Run refused = meshAs("mallory", "users", "set", "alice", "segment=BUILDING");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.out() + refused.err()).contains("only governance admins may set user attributes");
        assertThat(mesh("users", "set", "alice", "segment=BUILDING").out()).isEqualTo("user alice: 1 attribute\n");
        assertThat(mesh("users", "show", "alice").out()).isEqualTo("segment=BUILDING\n");

        // The demo's descriptors are what is registered: nothing to change, no version to raise.
        Run diff = mesh("diff", "../examples/demo");
        assertThat(diff.exitCode()).as(diff.out() + diff.err()).isZero();
        assertThat(diff.out()).contains("product sales_orders: unchanged (revision 1, version 1.1.0)")
                .contains("(document 1): skipped: Policy personal_data (diff compares data products)")
                .endsWith("5 products compared, 0 would be refused\n");

        Run list = mesh("products", "list", "--domain", "sales");
        assertThat(list.out().lines().toList()).hasSize(4);
        assertThat(list.out()).contains("sales_revenue").contains("returns_analysis").doesNotContain("supply_parts");

        Run domains = mesh("domains", "list");
        assertThat(domains.out()).containsPattern("sales +group:sales-team +3 +Orders, order lines and revenue");
    }

    @Test
    void showsHistoryAndDiffOfAChange(@TempDir Path directory)
            throws Exception
    {
        Path file = directory.resolve("p.yaml");
        Files.writeString(file, product("1.0.0", "bigint"));
        assertThat(mesh("apply", "-f", file.toString()).exitCode()).isZero();
        Files.writeString(file, product("1.1.0", "decimal(12,2)"));
        Run dryRun = mesh("apply", "--dry-run", "-f", file.toString());
        assertThat(dryRun.out()).contains("product cli_orders: would be updated to revision 2 (2 changes)");
        Run updated = mesh("apply", "-f", file.toString());
        assertThat(updated.out()).contains("""
                product cli_orders: updated to revision 2 (2 changes)
                  ~ metadata.version: "1.0.0" → "1.1.0"
                  ~ spec.datasets[orders].columns[amount].type: "bigint" → "decimal(12,2)" (breaking: type changed from bigint to decimal(12,2), which is not a widening: values may not fit and consumers' casts and comparisons may fail)
                """);

        Run history = mesh("products", "history", "cli_orders");
        assertThat(history.out()).contains("created at version 1.0.0 (draft)").contains("2 changes: metadata.version, spec.datasets[orders].columns[amount].type");
        Run diff = mesh("products", "diff", "cli_orders");
        assertThat(diff.out()).startsWith("cli_orders: revision 1 → 2, 2 changes");
        Run show = mesh("products", "show", "cli_orders", "--revision", "1");
        assertThat(show.out()).contains("version: 1.0.0").contains("type: bigint");

        assertThat(mesh("products", "publish", "cli_orders").out()).isEqualTo("product cli_orders: published at revision 3\n");
    }

    @Test
    void diffShowsBreakingChangesAndTheVersionTheyNeed(@TempDir Path directory)
            throws Exception
    {
        Path file = directory.resolve("versions.yaml");
        Files.writeString(file, product("cli_versions", "1.0.0", "published", "bigint"));
        assertThat(mesh("apply", "-f", file.toString()).exitCode()).isZero();

        // The amount column is dropped, the version kept: the diff shows why the apply would be refused.
        Files.writeString(file, product("cli_versions", "1.0.0", "published", null));
        Run diff = mesh("diff", file.toString());
        assertThat(diff.exitCode()).as(diff.out() + diff.err()).isEqualTo(1);
        assertThat(diff.out()).isEqualTo("""
                product cli_versions: revision 1 (published, version 1.0.0) → %s: 1 change
                  - spec.datasets[orders].columns[amount]: {"name":"amount","type":"bigint"} (breaking: column removed: consumers selecting it fail; a rename is a removal and an addition)
                  version 1.0.0 → 1.0.0: breaking changes need a new major version, 2.0.0 or later: the apply would be refused
                1 product compared, 1 would be refused
                """.formatted(file));
        Run dryRun = mesh("apply", "--dry-run", "-f", file.toString());
        assertThat(dryRun.exitCode()).isEqualTo(1);
        assertThat(dryRun.out()).startsWith("product cli_versions: would be refused: its changes need version 2.0.0 or later\n")
                .endsWith("dry run: 0 applied, 0 unchanged, 1 refused\n");
        Run refused = mesh("apply", "-f", file.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).contains("product cli_versions: refused (HTTP 422): product 'cli_versions' is published: its changes need version 2.0.0 or later")
                .contains("- metadata.version: 1 breaking change needs a new major version, 2.0.0 or later (current: 1.0.0): spec.datasets[orders].columns[amount] (column removed");

        // With the new major, the diff says so and the apply goes through; a new product in the same directory is shown as new.
        Files.writeString(file, product("cli_versions", "2.0.0", "published", null));
        Files.writeString(directory.resolve("other.yaml"), product("cli_new", "0.1.0", "draft", "bigint"));
        Run accepted = mesh("diff", directory.toString());
        assertThat(accepted.exitCode()).as(accepted.out()).isZero();
        assertThat(accepted.out())
                .contains("product cli_new: new, would be created at revision 1 (draft, version 0.1.0) from " + directory.resolve("other.yaml"))
                .contains("  version 1.0.0 → 2.0.0: breaking changes need a new major version, 2.0.0 or later: ok\n")
                .endsWith("2 products compared, 0 would be refused\n");
        assertThat(mesh("products", "history", "cli_versions").out().lines()).hasSize(2);
        assertThat(mesh("apply", "-f", file.toString()).exitCode()).isZero();

        Run revisions = mesh("products", "diff", "cli_versions");
        assertThat(revisions.out()).startsWith("cli_versions: revision 1 → 2, 2 changes (breaking: a major version change)")
                .contains("  - spec.datasets[orders].columns[amount]: {\"name\":\"amount\",\"type\":\"bigint\"} (breaking: column removed");
    }

    @Test
    void refusalsNameTheProblemAndFailTheCommand(@TempDir Path directory)
            throws Exception
    {
        Path file = directory.resolve("bad.yaml");
        Files.writeString(file, product("1.0", "strnig"));
        Run run = mesh("apply", "-f", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .contains("product cli_orders: refused (HTTP 400): descriptor of product 'cli_orders' is invalid (2 problems)")
                .contains("- metadata.version: must be a semantic version")
                .contains("- spec.datasets[0].columns[1].type: unknown type 'strnig'");

        Run unreachable = TestingCli.run("products", "list", "--service", "http://127.0.0.1:1", "--token-file", TestingCli.tokenFile("no-service-there").toString());
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.err()).startsWith("error: catalog service at http://127.0.0.1:1 is unreachable");
    }

    @Test
    void appliesPipelinesAfterTheProductsTheyBuild(@TempDir Path directory)
            throws Exception
    {
        Path file = directory.resolve("pipeline.yaml");
        String pipeline = """
                apiVersion: mesh/v1
                kind: Pipeline
                metadata: {name: cli_rollup, product: cli_rollups}
                spec:
                  upstream: [cli_orders_source]
                  trigger: {cron: "0 6 * * *", on: [cli_orders_source.orders]}
                  steps:
                    - name: rollup
                      sql: INSERT INTO lake.cli_rollups.daily SELECT count(*) FROM mesh.cli_orders_source.orders WHERE ts >= ${window_start}
                """;
        // The pipeline comes first in the file, and is applied last.
        Files.writeString(file, pipeline + "---\n" + lakeProduct("cli_orders_source") + "---\n" + lakeProduct("cli_rollups"));
        Run dryRun = mesh("apply", "--dry-run", "-f", file.toString());
        assertThat(dryRun.out()).contains("pipeline cli_rollup: refused (HTTP 400): pipeline 'cli_rollup' is invalid");
        Run first = mesh("apply", "-f", file.toString());
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).endsWith("pipeline cli_rollup: created at revision 1 (1 step)\n3 applied, 0 unchanged, 0 refused\n");
        assertThat(mesh("apply", "-f", file.toString()).out()).contains("pipeline cli_rollup: unchanged (revision 1)");

        Files.writeString(file, pipeline.replace("0 6 * * *", "0 7 * * *"));
        Run updated = mesh("apply", "-f", file.toString());
        assertThat(updated.out()).contains("""
                pipeline cli_rollup: updated to revision 2 (1 change)
                  ~ spec.trigger.cron: "0 6 * * *" → "0 7 * * *"
                """);

        Files.writeString(file, pipeline.replace("INSERT INTO lake.cli_rollups.daily", "INSERT INTO lake.cli_orders_source.daily"));
        Run refused = mesh("apply", "-f", file.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).contains("pipeline cli_rollup: refused (HTTP 400): pipeline 'cli_rollup' is invalid (1 problem)")
                .contains("- spec.steps[0].sql: step 'rollup' writes lake.cli_orders_source.daily (INSERT), outside the lake namespace of product 'cli_rollups'");

        Files.writeString(file, "apiVersion: mesh/v1\nkind: Pipe\nmetadata: {name: x}\n");
        assertThat(mesh("apply", "-f", file.toString()).out()).contains("refused: kind must be Domain, DataProduct, Policy or Pipeline, not 'Pipe'");
    }

    /** A draft product of one dataset, a table of its own lake namespace. */
    private static String lakeProduct(String name)
    {
        return """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: %s, domain: cli, owner: user:alice, version: 1.0.0}
                spec:
                  datasets:
                    - name: orders
                      source: {table: lake.%s.orders}
                      columns:
                        - {name: ts, type: "timestamp(6) with time zone"}
                """.formatted(name, name);
    }

    private static String product(String version, String amountType)
    {
        return product("cli_orders", version, "draft", amountType);
    }

    /** A product of one dataset; without {@code amountType}, without the amount column. */
    private static String product(String name, String version, String status, String amountType)
    {
        return """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: %s, domain: cli, owner: user:alice, version: "%s", status: %s}
                spec:
                  datasets:
                    - name: orders
                      source: {table: tpch.tiny.orders}
                      columns:
                        - {name: orderkey, type: bigint}
                %s
                """.formatted(name, version, status, amountType == null ? "" : "        - {name: amount, type: \"%s\"}".formatted(amountType));
    }
}
