package dev.trinomesh.catalog.server.lake;

import dev.trinomesh.catalog.testing.TestingCatalogService;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.view.ViewCatalogTests;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

/** Iceberg's view catalog conformance tests, through a RESTCatalog client, against the lake's REST catalog. */
class TestIcebergViewCatalogConformance
        extends ViewCatalogTests<RESTCatalog>
{
    private static TestingCatalogService service;
    private RESTCatalog catalog;

    @BeforeAll
    static void startService()
    {
        service = new TestingCatalogService(TestingLake.CONFORMANCE_WAREHOUSE);
    }

    @AfterAll
    static void stopService()
    {
        service.close();
    }

    @BeforeEach
    void connect()
    {
        catalog = TestingLake.client(service, "lake", Map.of());
    }

    @AfterEach
    void disconnect()
            throws IOException
    {
        catalog.close();
        service.getInstance(Jdbi.class).useHandle(handle -> {
            handle.execute("DELETE FROM iceberg_tables");
            handle.execute("DELETE FROM iceberg_namespace_properties");
        });
    }

    @Override
    protected RESTCatalog catalog()
    {
        return catalog;
    }

    @Override
    protected Catalog tableCatalog()
    {
        return catalog;
    }

    @Override
    protected boolean requiresNamespaceCreate()
    {
        return true;
    }

    @Override
    protected boolean supportsServerSideRetry()
    {
        return true;
    }

    @Test
    @Disabled(TestingLake.SERVER_SIDE_DEFAULTS)
    @Override
    public void defaultViewProperties() {}

    @Test
    @Disabled(TestingLake.SERVER_SIDE_DEFAULTS)
    @Override
    public void overrideViewProperties() {}
}
