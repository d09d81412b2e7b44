package dev.trinomesh.cli;

import dev.trinomesh.catalog.registry.ProductRegistry;
import dev.trinomesh.catalog.registry.ProductRegistry.Creation;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import dev.trinomesh.cli.TestingCli.Run;
import dev.trinomesh.testing.ClosedPort;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mesh check} and {@code mesh quality} against a real catalog service without a Trino to run checks on:
 * refusals, failed runs and usage errors. Runs with results (passing and failing, on a real Trino) are
 * tested in mesh-integration-tests' {@code TestQuality}.
 */
class TestQualityCommands
{
    private static final String PRODUCT = """
            apiVersion: mesh/v1
            kind: DataProduct
            metadata: {name: shop, domain: sales, owner: user:admin, version: 1.0.0}
            spec:
              datasets:
                - name: orders
                  source: {sql: "SELECT 1 AS id"}
                  columns:
                    - {name: id, type: integer}
                  quality:
                    - {check: row_count, min: 1}
            """;

    private static Run mesh(TestingCatalogService service, String... args)
    {
        return TestingCli.mesh(service, "admin", args);
    }

    @Test
    void checkSaysWhyTheServiceRefused()
    {
        try (TestingCatalogService service = new TestingCatalogService()) {
            // Who may ask is decided first: the product exists and admin may run its checks, so only the configuration is missing.
            service.getInstance(ProductRegistry.class).apply("shop", PRODUCT, Optional.empty(), Creation.CREATE_ONLY, false, "admin");
            Run refused = mesh(service, "check", "shop");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).startsWith("check shop: refused (HTTP 503): quality checks are not configured on this catalog service: set trino.uri");
        }
    }

    @Test
    void checkSaysWhyTheRunFailed()
            throws IOException
    {
        // Checks run on a Trino that refuses connections: a port this test holds without listening on it.
        try (ClosedPort closedPort = new ClosedPort();
                TestingCatalogService service = new TestingCatalogService(Map.of("quality.trino-uri", closedPort.uri().toString()))) {
            service.getInstance(ProductRegistry.class).apply("shop", PRODUCT, Optional.empty(), Creation.CREATE_ONLY, false, "admin");

            Run missing = mesh(service, "check", "nowhere");
            assertThat(missing.exitCode()).isEqualTo(1);
            assertThat(missing.err()).isEqualTo("check nowhere: refused (HTTP 404): no product named 'nowhere'\n");

            Run failed = mesh(service, "check", "shop", "--dataset", "orders");
            assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(1);
            assertThat(failed.out()).startsWith("run 1 of shop.orders: ").contains("failed (");
            assertThat(failed.err()).startsWith("run 1 failed: Trino at http://127.0.0.1:").contains("did not answer");

            // a run that found Trino away records nothing
            Run status = mesh(service, "quality", "shop");
            assertThat(status.exitCode()).isZero();
            assertThat(status.out()).doesNotContain("orders");
            Run results = mesh(service, "quality", "results", "shop");
            assertThat(results.exitCode()).isZero();
            assertThat(results.out()).doesNotContain("row_count");
        }
    }

    @Test
    void usageErrorsExitWithTwo()
    {
        try (TestingCatalogService service = new TestingCatalogService()) {
            Run missingProduct = mesh(service, "check");
            assertThat(missingProduct.exitCode()).isEqualTo(2);
            assertThat(missingProduct.err()).contains("Missing required parameter: 'PRODUCT'");
            assertThat(mesh(service, "check", "shop", "--limit", "3").exitCode()).isEqualTo(2);
            assertThat(mesh(service, "quality", "results").exitCode()).isEqualTo(2);
        }
    }
}
