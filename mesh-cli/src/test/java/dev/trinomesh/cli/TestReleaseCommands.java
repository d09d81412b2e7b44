package dev.trinomesh.cli;

import dev.trinomesh.catalog.lake.LakeCatalog;
import dev.trinomesh.catalog.registry.ProductRegistry;
import dev.trinomesh.catalog.registry.ProductRegistry.Creation;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import dev.trinomesh.cli.TestingCli.Run;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mesh release}, {@code mesh releases} and {@code mesh release delete} against a real catalog service with a lake table. */
class TestReleaseCommands
{
    private static final String PRODUCT = """
            apiVersion: mesh/v1
            kind: DataProduct
            metadata: {name: shop, domain: sales, owner: user:sam, version: 2.1.0}
            spec:
              # carla consumes it: she sees its releases, and may not make or delete one.
              access: {consumers: [user:carla]}
              datasets:
                - name: orders
                  source: {table: lake.shop.orders}
                  columns:
                    - {name: id, type: bigint}
                - name: summary
                  source: {sql: "SELECT 1 AS id"}
                  columns:
                    - {name: id, type: integer}
            """;

    private static Run mesh(TestingCatalogService service, String user, String... args)
    {
        return TestingCli.mesh(service, user, args);
    }

    @Test
    void releasesAreMadeListedAndDeleted()
    {
        try (TestingCatalogService service = new TestingCatalogService()) {
            service.getInstance(ProductRegistry.class).apply("shop", PRODUCT, Optional.empty(), Creation.CREATE_ONLY, false, "sam");
            LakeCatalog lake = service.getInstance(LakeCatalog.class);
            lake.createNamespace(Namespace.of("shop"));
            Table orders = lake.createTable(TableIdentifier.of("shop", "orders"), new Schema(Types.NestedField.optional(1, "id", Types.LongType.get())));
            orders.newAppend().appendFile(DataFiles.builder(PartitionSpec.unpartitioned())
                    .withPath(orders.location() + "/data/first.parquet")
                    .withFormat(FileFormat.PARQUET)
                    .withFileSizeInBytes(100)
                    .withRecordCount(2)
                    .build()).commit();
            long snapshot = lake.loadTable(TableIdentifier.of("shop", "orders")).currentSnapshot().snapshotId();

            Run made = mesh(service, "sam", "release", "shop", "orders", "2026-q3", "--description", "churn model training set");
            assertThat(made.exitCode()).as(made.err()).isZero();
            assertThat(made.out()).isEqualTo("""
                    release 2026-q3 of shop.orders: snapshot %s of lake.shop.orders, kept by Iceberg tag mesh-release-orders-2026-q3
                    query it as mesh.shop."orders@2026-q3"
                    """.formatted(snapshot));
            assertThat(lake.loadTable(TableIdentifier.of("shop", "orders")).refs().get("mesh-release-orders-2026-q3").snapshotId()).isEqualTo(snapshot);

            Run listed = mesh(service, "carla", "releases", "shop");
            assertThat(listed.exitCode()).as(listed.err()).isZero();
            List<String> lines = listed.out().lines().toList();
            assertThat(lines.getFirst()).startsWith("DATASET  RELEASE  TABLE").contains("SNAPSHOT", "VERSION", "CREATED BY", "CREATED AT", "DESCRIPTION");
            assertThat(lines).hasSize(2);
            assertThat(lines.get(1)).startsWith("orders   2026-q3  mesh.shop.\"orders@2026-q3\"  " + snapshot + "  2.1.0").contains("sam", "churn model training set");
            assertThat(mesh(service, "carla", "releases", "shop", "--dataset", "summary").out().lines()).hasSize(1);

            Run refused = mesh(service, "sam", "release", "shop", "summary", "v1");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("dataset 'summary' of product 'shop' cannot have releases").contains("a release pins an Iceberg snapshot of a lake table");
            Run forbidden = mesh(service, "carla", "release", "delete", "shop", "orders", "2026-q3");
            assertThat(forbidden.exitCode()).as(forbidden.err()).isEqualTo(1);
            assertThat(forbidden.err()).contains("carla is none of them");

            Run deleted = mesh(service, "sam", "release", "delete", "shop", "orders", "2026-q3");
            assertThat(deleted.exitCode()).as(deleted.err()).isZero();
            assertThat(deleted.out()).isEqualTo("deleted release 2026-q3 of shop.orders\n");
            assertThat(lake.loadTable(TableIdentifier.of("shop", "orders")).refs()).doesNotContainKey("mesh-release-orders-2026-q3");
            assertThat(mesh(service, "sam", "releases", "shop").out().lines()).hasSize(1);
        }
    }

    @Test
    void usageErrorsExitWithTwo()
    {
        try (TestingCatalogService service = new TestingCatalogService()) {
            Run missingName = mesh(service, "sam", "release", "shop", "orders");
            assertThat(missingName.exitCode()).isEqualTo(2);
            assertThat(missingName.err()).contains("Missing required parameter: 'NAME'");
            assertThat(mesh(service, "sam", "release", "delete", "shop").exitCode()).isEqualTo(2);
            assertThat(mesh(service, "sam", "releases").exitCode()).isEqualTo(2);
        }
    }
}
