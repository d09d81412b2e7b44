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
import io.trino.plugin.base.security.ForwardingSystemAccessControl;
import io.trino.plugin.iceberg.IcebergPlugin;
import io.trino.plugin.tpch.TpchPlugin;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.QueryCompletedEvent;
import io.trino.spi.eventlistener.QueryCreatedEvent;
import io.trino.spi.security.Identity;
import io.trino.spi.security.SystemAccessControl;
import io.trino.testing.DistributedQueryRunner;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkState;
import static io.trino.testing.TestingSession.testSessionBuilder;
import static java.util.Objects.requireNonNull;

/**
 * The mesh in one JVM: a catalog service (H2, with its lake on the local disk or on S3 through s3proxy)
 * and a Trino with catalogs {@code tpch}, {@code lake} (Trino's Iceberg connector on the service's REST
 * catalog) and {@code mesh}. Every server binds a port of its own choosing (port 0) and reports it.
 */
final class TestingMesh
        implements Closeable
{
    enum Storage
    {
        LOCAL, S3
    }

    static final String BUCKET = "lake";

    /**
     * The demo's group file, for a service (governance.group-file) whose product owners are the demo's groups:
     * sam is of sales-team, carla of crm-team, and so on.
     */
    static final Path DEMO_GROUP_FILE = Path.of("../etc/trino/groups.txt").toAbsolutePath().normalize();

    private final TestingCatalogService service;
    private final CatalogServiceClient registry;
    private final DistributedQueryRunner runner;

    private TestingMesh(TestingCatalogService service, JettyHttpClient httpClient, DistributedQueryRunner runner)
    {
        this.service = service;
        this.runner = runner;
        this.registry = service.client(httpClient, "admin");
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
    /** Who the Trino plugins are to the catalog service: its default governance.snapshot-readers. */
    static final String TRINO_PRINCIPAL = "trino";

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
            // Trino starts first, on a port it binds itself, so that the service's quality runner can be given its
            // address; the access control and the lineage listener, which need the service's address, are made after
            // the service and handed to the running Trino (no query runs before that).
            DeferredAccessControl accessControl = new DeferredAccessControl();
            DeferredEventListener lineage = new DeferredEventListener();
            DistributedQueryRunner.Builder<?> builder = DistributedQueryRunner.builder(testSessionBuilder().setCatalog("lake").setSchema("information_schema").build());
            if (accessControlProperties.isPresent()) {
                builder.setSystemAccessControl(accessControl);
            }
            if (lineageProperties.isPresent()) {
                builder.setEventListener(lineage);
            }
            DistributedQueryRunner runner = builder.setWorkerCount(0).build();
            try {
                // Closing the runner (the test framework does) closes what is registered with it, in reverse order.
                Optional<TestingS3Server> s3 = storage == Storage.S3 ? Optional.of(new TestingS3Server(BUCKET)) : Optional.empty();
                s3.ifPresent(runner::registerResource);
                Map<String, String> allServiceProperties = new HashMap<>();
                s3.ifPresent(server -> allServiceProperties.putAll(Map.of(
                        "lake.warehouse", "s3://%s/warehouse".formatted(BUCKET),
                        "lake.s3.endpoint", server.endpoint().toString(),
                        "lake.s3.region", TestingS3Server.REGION,
                        "lake.s3.access-key", TestingS3Server.ACCESS_KEY,
                        "lake.s3.secret-key", TestingS3Server.SECRET_KEY)));
                if (quality) {
                    allServiceProperties.putAll(Map.of(
                            "trino.uri", runner.getCoordinator().getBaseUrl().toString(),
                            "quality.commit-delay", "200ms",
                            "quality.schedule-interval", "200ms"));
                }
                allServiceProperties.putAll(serviceProperties);
                TestingCatalogService service = new TestingCatalogService(allServiceProperties);
                runner.registerResource(service);
                JettyHttpClient httpClient = new JettyHttpClient(new HttpClientConfig());
                runner.registerResource(httpClient);
                accessControlProperties.ifPresent(properties -> accessControl.bind(new MeshAccessControlFactory().create(withServiceUri(properties, service), null)));
                if (lineageProperties.isPresent()) {
                    lineage.bind(TestingLineage.listener(withServiceUri(lineageProperties.orElseThrow(), service)));
                    // The testing runner does not shut event listeners down.
                    runner.registerResource(lineage::shutdown);
                }
                runner.installPlugin(new TpchPlugin());
                runner.createCatalog("tpch", "tpch");
                runner.installPlugin(new IcebergPlugin());
                runner.createCatalog("lake", "iceberg", lakeCatalog(service, s3));
                runner.installPlugin(new MeshPlugin());
                runner.createCatalog("mesh", "mesh", meshCatalog(service));
                return new TestingMesh(service, httpClient, runner);
            }
            catch (Throwable e) {
                try {
                    runner.close();
                }
                catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
        }

        static Map<String, String> withServiceUri(Map<String, String> properties, TestingCatalogService service)
        {
            Map<String, String> all = new HashMap<>(properties);
            all.putIfAbsent("mesh.catalog-service.uri", service.baseUri().toString());
            all.putIfAbsent("mesh.catalog-service.token", service.tokenFor(TRINO_PRINCIPAL));
            return all;
        }
    }

    /** The system access control Trino is built with, made once the catalog service (and so its address) exists. */
    static final class DeferredAccessControl
            extends ForwardingSystemAccessControl
    {
        private volatile SystemAccessControl delegate;

        void bind(SystemAccessControl accessControl)
        {
            // Trino asked for the event listeners when it started, before there was a delegate to ask.
            checkState(!accessControl.getEventListeners().iterator().hasNext(), "the access control has event listeners, which Trino would not call");
            delegate = requireNonNull(accessControl, "accessControl is null");
        }

        @Override
        protected SystemAccessControl delegate()
        {
            SystemAccessControl current = delegate;
            checkState(current != null, "the mesh access control is not made yet");
            return current;
        }

        @Override
        public Iterable<EventListener> getEventListeners()
        {
            return delegate == null ? List.of() : delegate.getEventListeners();
        }

        @Override
        public void shutdown()
        {
            if (delegate != null) {
                delegate.shutdown();
            }
        }
    }

    /** The event listener Trino is built with, made once the catalog service (and so its address) exists. */
    static final class DeferredEventListener
            implements EventListener
    {
        private volatile EventListener delegate;

        void bind(EventListener listener)
        {
            // Trino asked this when it started, before there was a delegate to ask.
            checkState(!listener.requiresAnonymizedPlan(), "the listener requires anonymized plans, which Trino was not told");
            delegate = requireNonNull(listener, "listener is null");
        }

        private Optional<EventListener> delegate()
        {
            return Optional.ofNullable(delegate);
        }

        @Override
        public void queryCreated(QueryCreatedEvent event)
        {
            delegate().ifPresent(listener -> listener.queryCreated(event));
        }

        @Override
        public void queryCompleted(QueryCompletedEvent event)
        {
            delegate().ifPresent(listener -> listener.queryCompleted(event));
        }

        // No splitCompleted: the mesh listener ignores split events, and Trino took them out of the SPI after 476.

        @Override
        public void shutdown()
        {
            delegate().ifPresent(EventListener::shutdown);
        }
    }

    /** The mesh catalog on the service, as Trino's principal, polling often so that tests wait little. */
    static Map<String, String> meshCatalog(TestingCatalogService service)
    {
        return Map.of(
                "mesh.catalog-service.uri", service.baseUri().toString(),
                "mesh.catalog-service.token", service.tokenFor(TRINO_PRINCIPAL),
                "mesh.metadata.refresh-interval", "100ms");
    }

    static Map<String, String> lakeCatalog(TestingCatalogService service, Optional<TestingS3Server> s3)
    {
        ImmutableMap.Builder<String, String> properties = ImmutableMap.<String, String>builder()
                .put("iceberg.catalog.type", "rest")
                .put("iceberg.rest-catalog.uri", service.baseUri().resolve("/iceberg").toString())
                .put("iceberg.rest-catalog.view-endpoints-enabled", "true")
                // Trino's principal at the REST catalog, as at the rest of the service.
                .put("iceberg.rest-catalog.security", "OAUTH2")
                .put("iceberg.rest-catalog.oauth2.token", service.tokenFor(TRINO_PRINCIPAL));
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
