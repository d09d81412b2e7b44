package dev.trinomesh.cli;

import dev.trinomesh.catalog.registry.ProductRegistry;
import dev.trinomesh.catalog.registry.ProductRegistry.Creation;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import dev.trinomesh.cli.TestingCli.Run;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mesh access request|requests|approve|deny} against a real catalog service, and the warning of {@code mesh diff} and {@code mesh apply}. */
class TestAccessCommands
{
    private static final String PRODUCT = """
            apiVersion: mesh/v1
            kind: DataProduct
            metadata: {name: shop, domain: sales, owner: user:sam, version: 1.0.0}
            spec:
              access: {consumers: [user:carla]}
              datasets:
                - name: orders
                  source: {table: tpch.tiny.orders}
                  columns:
                    - {name: orderkey, type: bigint}
            """;

    private static Run mesh(TestingCatalogService service, String user, String... args)
    {
        return TestingCli.mesh(service, user, args);
    }

    @Test
    void aRequestIsAskedListedAndDecided()
            throws IOException
    {
        try (TestingCatalogService service = new TestingCatalogService(Map.of())) {
            service.getInstance(ProductRegistry.class).apply("shop", PRODUCT, Optional.empty(), Creation.CREATE_ONLY, false, "sam");

            Run asked = mesh(service, "eve", "access", "request", "shop", "--reason", "churn analysis");
            assertThat(asked.exitCode()).as(asked.err()).isZero();
            assertThat(asked.out()).isEqualTo("access request 1 for shop: pending; its owners decide (follow it with mesh access requests)\n");
            assertThat(mesh(service, "dan", "access", "request", "shop", "--reason", "curious").exitCode()).isZero();

            Run listed = mesh(service, "sam", "access", "requests", "--status", "pending");
            assertThat(listed.exitCode()).as(listed.err()).isZero();
            List<String> lines = listed.out().lines().toList();
            assertThat(lines.getFirst()).startsWith("ID  PRODUCT  REQUESTER  STATUS").contains("REASON", "NOTE");
            assertThat(lines).hasSize(3);
            assertThat(lines.get(1)).startsWith("2   shop     dan        pending").endsWith("curious");
            assertThat(lines.get(2)).startsWith("1   shop     eve        pending").endsWith("churn analysis");

            Run approved = mesh(service, "sam", "access", "approve", "1", "--note", "for Q3");
            assertThat(approved.exitCode()).as(approved.err()).isZero();
            assertThat(approved.out()).isEqualTo("access request 1 approved: user:eve reads shop from revision 2\n");
            Run denied = mesh(service, "sam", "access", "deny", "2");
            assertThat(denied.out()).isEqualTo("access request 2 of dan for shop denied\n");
            Run again = mesh(service, "sam", "access", "approve", "2");
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.err()).startsWith("error: access request 2 was already denied by sam at");
            assertThat(mesh(service, "eve", "access", "requests").out().lines().skip(1)).singleElement()
                    .satisfies(line -> assertThat(line).contains("shop", "eve", "approved", "sam", "churn analysis", "for Q3"));

            // Sam's file still lists carla alone: diff and apply say what dropping eve undoes.
            Path file = Files.writeString(Files.createTempFile("shop", ".yaml"), PRODUCT.replace("version: 1.0.0", "version: 1.0.1"));
            String warning = "  warning: removes user:eve, added by access request #1 approved by sam on %s".formatted(LocalDate.now(ZoneOffset.UTC));
            Run diff = mesh(service, "sam", "diff", file.toString());
            assertThat(diff.exitCode()).as(diff.err()).isZero();
            assertThat(diff.out()).contains(warning);
            Run apply = mesh(service, "sam", "apply", "-f", file.toString());
            assertThat(apply.exitCode()).as(apply.err()).isZero();
            assertThat(apply.out()).contains("product shop: updated to revision 3").contains(warning);
            Files.delete(file);
        }
    }
}
