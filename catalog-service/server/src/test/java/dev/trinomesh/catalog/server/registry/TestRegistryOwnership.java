package dev.trinomesh.catalog.server.registry;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.client.CatalogServiceException;
import dev.trinomesh.api.model.ProductStatus;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who may change products and domains: their owners, their domain's owners, governance admins. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestRegistryOwnership
{
    private Path groupFile;
    private TestingCatalogService service;
    private JettyHttpClient httpClient;

    @BeforeAll
    void start()
            throws IOException
    {
        groupFile = Files.createTempFile("groups", ".txt");
        Files.writeString(groupFile, "sales-team:sam\ncrm-team:carla\n");
        service = new TestingCatalogService(Map.of("governance.group-file", groupFile.toString()));
        httpClient = new JettyHttpClient(new HttpClientConfig());
    }

    @AfterAll
    void stop()
            throws IOException
    {
        httpClient.close();
        service.close();
        Files.deleteIfExists(groupFile);
    }

    private CatalogServiceClient as(String user)
    {
        return service.client(httpClient, user);
    }

    private static String product(String name, String domain, String owner, String version)
    {
        return """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: %s, domain: %s, owner: %s, version: %s}
                spec:
                  datasets:
                    - name: rows
                      source: {table: tpch.tiny.nation}
                      columns: [{name: name, type: varchar}]
                """.formatted(name, domain, owner, version);
    }

    private static String forbidden(Runnable call)
    {
        try {
            call.run();
        }
        catch (CatalogServiceException e) {
            assertThat(e.status()).isEqualTo(403);
            return e.getMessage();
        }
        throw new AssertionError("the call was allowed");
    }

    @Test
    void aProductIsChangedOnlyByItsOwnersItsDomainsOwnersAndAdmins()
    {
        as("sam").applyProduct("ledger_o", product("ledger_o", "sales_o", "group:sales-team", "1.0.0"), Optional.empty(), false);
        // carla may not see ledger_o: she learns that it exists (she cannot take its name), not whose it is.
        assertThat(forbidden(() -> as("carla").applyProduct("ledger_o", product("ledger_o", "sales_o", "group:crm-team", "1.1.0"), Optional.of("*"), false)))
                .contains("product 'ledger_o' exists, and only its owners and governance admins may change it; carla is none of them")
                .doesNotContain("sales-team");
        // Nor may she move it: to her it is a product that does not exist.
        assertThatThrownBy(() -> as("carla").changeStatus("ledger_o", ProductStatus.PUBLISHED, Optional.empty()))
                .isInstanceOfSatisfying(CatalogServiceException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("no product named 'ledger_o'").doesNotContain("sales-team");
                });
        assertThat(as("sam").changeStatus("ledger_o", ProductStatus.PUBLISHED, Optional.empty()).status()).isEqualTo(ProductStatus.PUBLISHED);
        assertThat(as("admin").applyProduct("ledger_o", product("ledger_o", "sales_o", "group:sales-team", "1.1.0").replace("version: 1.1.0}", "version: 1.1.0, status: published}"), Optional.of("*"), false).product().revision())
                .isEqualTo(3);
    }

    @Test
    void aProductJoinsADomainOnlyWithItsOwnersConsent()
    {
        as("sam").applyProduct("orders_j", product("orders_j", "sales_j", "group:sales-team", "1.0.0"), Optional.empty(), false);
        // An ownerless domain is its products' owners' to grow.
        assertThat(forbidden(() -> as("carla").applyProduct("intruder_j", product("intruder_j", "sales_j", "group:crm-team", "1.0.0"), Optional.empty(), false)))
                .contains("domain 'sales_j' has no owner; only the owners of its products and governance admins may add product 'intruder_j' to it; carla is none of them")
                .doesNotContain("sales-team");
        // Nor can she take the domain over by describing it.
        assertThat(forbidden(() -> as("carla").applyDomain("sales_j", "apiVersion: mesh/v1\nkind: Domain\nmetadata: {name: sales_j, owner: group:crm-team}\n")))
                .contains("domain 'sales_j' has no owner; only the owners of its products and governance admins may change it");
        as("sam").applyDomain("sales_j", "apiVersion: mesh/v1\nkind: Domain\nmetadata: {name: sales_j, owner: group:sales-team}\n");
        // Its owner is named only to those who see the domain; carla sees none of its products.
        assertThat(forbidden(() -> as("carla").applyProduct("intruder_j", product("intruder_j", "sales_j", "group:crm-team", "1.0.0"), Optional.empty(), false)))
                .contains("domain 'sales_j' has an owner: only they and governance admins may add product 'intruder_j' to it; carla is neither")
                .doesNotContain("sales-team");
        // A domain's owner may change any product of it; a new domain is anyone's to start.
        as("admin").applyProduct("contractor_j", product("contractor_j", "sales_j", "user:zed", "1.0.0"), Optional.empty(), false);
        assertThat(as("sam").applyProduct("contractor_j", product("contractor_j", "sales_j", "user:zed", "1.1.0"), Optional.of("*"), false).product().revision()).isEqualTo(2);
        assertThat(as("carla").applyProduct("mine_j", product("mine_j", "crm_j", "group:crm-team", "1.0.0"), Optional.empty(), false).product().revision()).isEqualTo(1);
    }
}
