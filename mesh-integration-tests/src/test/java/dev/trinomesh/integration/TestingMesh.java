package dev.trinomesh.integration;

import com.google.common.collect.ImmutableMap;
import dev.trinomesh.access.MeshAccessControlFactory;
import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.catalog.lake.LakeConfig;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import dev.trinomesh.connector.MeshPlugin;
import dev.trinomesh.testing.TestingS3Server;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import io.trino.Session;
import io.trino.plugin.iceberg.IcebergPlugin;
import io.trino.plugin.tpch.TpchPlugin;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.security.Identity;
import io.trino.testing.DistributedQueryRunner;

import java.io.Closeable;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static io.trino.testing.TestingSession.testSessionBuilder;

/**
 * The mesh in one JVM: a catalog service (H2, with its lake on the local disk or on S3 through s3proxy)
 * and a Trino with catalogs {@code tpch}, {@code lake} (Trino's Iceberg connector on the service's REST
 * catalog) and {@code mesh}.
 */
final class TestingMesh
        implements Closeable
{
    enum Storage
    {
        LOCAL, S3
    }

    static final String BUCKET = "lake";

    private final TestingCatalogService service;
    private final CatalogServiceClient registry;
    private final DistributedQueryRunner runner;

    private TestingMesh(TestingCatalogService service, JettyHttpClient httpClient, DistributedQueryRunner runner)
    {
        this.service = service;
        this.runner = runner;
        this.registry = new CatalogServiceClient(httpClient, service.baseUri(), Optional.of("admin"));
    }

    static TestingMesh create(Storage storage)
            throws Exception
    {
        return builder().withStorage(storage).build();
    }

    /**
     * A mesh whose Trino enforces the {@code mesh} access control (configured with
     * {@code accessControlProperties} besides the service's URI), with a catalog service configured with
     * {@code serviceProperties}.
     */
    static TestingMesh create(Storage storage, Map<String, String> serviceProperties, Optional<Map<String, String>> accessControlProperties)
            throws Exception
    {
        Builder builder = builder().withStorage(storage).withServiceProperties(serviceProperties);
        accessControlProperties.ifPresent(builder::withAccessControl);
        return builder.build();
    }

    /** A session of {@code user} (no groups) whose default catalog is the mesh. */
    static Session session(String user)
    {
        return testSessionBuilder().setIdentity(Identity.ofUser(user)).setCatalog("mesh").setSchema("information_schema").build();
    }

    static Builder builder()
    {
        return new Builder();
    }

    static final class Builder
    {
        private Storage storage = Storage.LOCAL;
        private Map<String, String> serviceProperties = Map.of();
        private Optional<Map<String, String>> accessControlProperties = Optional.empty();
        private Optional<Map<String, String>> lineageProperties = Optional.empty();
        private boolean quality;

        Builder withStorage(Storage storage)
        {
            this.storage = storage;
            return this;
        }

        Builder withServiceProperties(Map<String, String> serviceProperties)
        {
            this.serviceProperties = Map.copyOf(serviceProperties);
            return this;
        }

        /** Trino enforces the {@code mesh} access control, configured with these besides the service's URI. */
        Builder withAccessControl(Map<String, String> properties)
        {
            this.accessControlProperties = Optional.of(Map.copyOf(properties));
            return this;
        }

        /** Trino runs the {@code mesh-lineage} event listener, configured with these besides the service's URI. */
        Builder withLineage(Map<String, String> properties)
        {
            this.lineageProperties = Optional.of(Map.copyOf(properties));
            return this;
        }

        /** The service runs quality checks on this Trino (as user {@code mesh-quality}), with short trigger delays. */
        Builder withQuality()
        {
            this.quality = true;
            return this;
        }

        TestingMesh build()
                throws Exception
        {
            Optional<TestingS3Server> s3 = storage == Storage.S3 ? Optional.of(new TestingS3Server(BUCKET)) : Optional.empty();
            Map<String, String> lakeProperties = s3.map(server -> Map.of(
                            "lake.warehouse", "s3://%s/warehouse".formatted(BUCKET),
                            "lake.s3.endpoint", server.endpoint().toString(),
                            "lake.s3.region", TestingS3Server.REGION,
                            "lake.s3.access-key", TestingS3Server.ACCESS_KEY,
                            "lake.s3.secret-key", TestingS3Server.SECRET_KEY))
                    .orElse(Map.of());
            Map<String, String> allServiceProperties = new HashMap<>(lakeProperties);
            // The service must know Trino's address before Trino starts: reserve a port for the coordinator.
            OptionalInt trinoPort = quality ? OptionalInt.of(freePort()) : OptionalInt.empty();
            trinoPort.ifPresent(port -> allServiceProperties.putAll(Map.of(
                    "quality.trino-uri", "http://127.0.0.1:" + port,
                    "quality.commit-delay", "200ms",
                    "quality.schedule-interval", "200ms")));
            allServiceProperties.putAll(serviceProperties);
            TestingCatalogService service = new TestingCatalogService(allServiceProperties);
            JettyHttpClient httpClient = new JettyHttpClient(new HttpClientConfig());
            // Closing the runner (the test framework does) closes the rest, in reverse order.
            DistributedQueryRunner.Builder<?> builder = DistributedQueryRunner.builder(testSessionBuilder().setCatalog("lake").setSchema("information_schema").build());
            if (accessControlProperties.isPresent()) {
                builder.setSystemAccessControl(new MeshAccessControlFactory().create(withServiceUri(accessControlProperties.orElseThrow(), service), null));
            }
            List<AutoCloseable> listeners = new ArrayList<>();
            if (lineageProperties.isPresent()) {
                EventListener listener = TestingLineage.listener(withServiceUri(lineageProperties.orElseThrow(), service));
                builder.setEventListener(listener);
                // The testing runner does not shut event listeners down; resources close in reverse order.
                listeners.add(listener::shutdown);
            }
            trinoPort.ifPresent(port -> builder.addCoordinatorProperty("http-server.http.port", String.valueOf(port)));
            DistributedQueryRunner runner = builder
                    .setWorkerCount(0)
                    .registerResources(s3.map(List::<AutoCloseable>of).orElse(List.of()))
                    .registerResource(service)
                    .registerResource(httpClient)
                    .registerResources(listeners)
                    .build();
            runner.installPlugin(new TpchPlugin());
            runner.createCatalog("tpch", "tpch");
            runner.installPlugin(new IcebergPlugin());
            runner.createCatalog("lake", "iceberg", lakeCatalog(service, s3));
            runner.installPlugin(new MeshPlugin());
            runner.createCatalog("mesh", "mesh", Map.of(
                    "mesh.catalog-service.uri", service.baseUri().toString(),
                    "mesh.metadata.refresh-interval", "100ms"));
            return new TestingMesh(service, httpClient, runner);
        }

        private static int freePort()
                throws IOException
        {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }

        private static Map<String, String> withServiceUri(Map<String, String> properties, TestingCatalogService service)
        {
            Map<String, String> all = new HashMap<>(properties);
            all.putIfAbsent("mesh.catalog-service.uri", service.baseUri().toString());
            return all;
        }
    }

    private static Map<String, String> lakeCatalog(TestingCatalogService service, Optional<TestingS3Server> s3)
    {
        ImmutableMap.Builder<String, String> properties = ImmutableMap.<String, String>builder()
                .put("iceberg.catalog.type", "rest")
                .put("iceberg.rest-catalog.uri", service.baseUri().resolve("/iceberg").toString())
                .put("iceberg.rest-catalog.view-endpoints-enabled", "true");
        if (s3.isPresent()) {
            properties.put("fs.native-s3.enabled", "true")
                    .put("s3.endpoint", s3.orElseThrow().endpoint().toString())
                    .put("s3.region", TestingS3Server.REGION)
                    .put("s3.path-style-access", "true")
                    .put("s3.aws-access-key", TestingS3Server.ACCESS_KEY)
                    .put("s3.aws-secret-key", TestingS3Server.SECRET_KEY);
        }
        else {
            properties.put("fs.native-local.enabled", "true")
                    .put("local.location", service.getInstance(LakeConfig.class).getLocalRoot());
        }
        return properties.buildOrThrow();
    }

    DistributedQueryRunner runner()
    {
        return runner;
    }

    CatalogServiceClient registry()
    {
        return registry;
    }

    TestingCatalogService service()
    {
        return service;
    }

    @Override
    public void close()
    {
        runner.close();
    }
}
