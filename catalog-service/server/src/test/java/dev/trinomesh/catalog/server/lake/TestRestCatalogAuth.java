package dev.trinomesh.catalog.server.lake;

import dev.trinomesh.catalog.testing.TestingCatalogService;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** With lake.rest.auth-token set, the REST catalog answers only requests bearing that token. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestRestCatalogAuth
{
    private TestingCatalogService service;

    @BeforeAll
    void start()
    {
        service = new TestingCatalogService(Map.of("lake.rest.auth-token", "s3cr3t"));
    }

    @AfterAll
    void stop()
    {
        service.close();
    }

    @Test
    void requestsWithoutTheTokenAreRefused()
    {
        assertThatThrownBy(() -> TestingLake.client(service, "anonymous", Map.of()))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("this REST catalog requires a bearer token");
        assertThatThrownBy(() -> TestingLake.client(service, "wrong", Map.of("token", "guess")))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("the bearer token is not valid");
    }

    @Test
    void requestsWithTheTokenPass()
            throws Exception
    {
        try (RESTCatalog catalog = TestingLake.client(service, "trusted", Map.of("token", "s3cr3t"))) {
            catalog.createNamespace(Namespace.of("secured"));
            assertThat(catalog.listNamespaces()).contains(Namespace.of("secured"));
        }
    }
}
