package dev.trinomesh.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Binder;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.client.CatalogServiceClientModule;
import dev.trinomesh.api.client.CatalogServiceClientModule.ForCatalogService;
import dev.trinomesh.api.client.CatalogServiceConfig;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import io.airlift.configuration.AbstractConfigurationAwareModule;
import io.airlift.http.client.HttpClient;
import jakarta.inject.Qualifier;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.airlift.configuration.ConditionalModule.conditionalModule;
import static io.airlift.configuration.ConfigBinder.configBinder;
import static io.airlift.http.client.HttpClientBinder.httpClientBinder;
import static io.airlift.http.client.HttpUriBuilder.uriBuilderFrom;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

/**
 * The listener and its destinations: the catalog service (with {@code CatalogServiceClientModule}'s HTTP client,
 * {@code mesh.catalog-service.http-client.*}) and, when {@code mesh.lineage.forward.uris} is set, one destination
 * per OpenLineage endpoint (HTTP client settings under {@code mesh.lineage.forward.http-client.*}).
 */
public class MeshLineageModule
        extends AbstractConfigurationAwareModule
{
    public static final String CATALOG_SERVICE_DESTINATION = "catalog-service";

    @Retention(RUNTIME)
    @Target({FIELD, PARAMETER, METHOD})
    @Qualifier
    public @interface ForOpenLineage {}

    @Override
    protected void setup(Binder binder)
    {
        configBinder(binder).bindConfig(MeshLineageConfig.class);
        binder.bind(ListenerStats.class).in(Scopes.SINGLETON);
        binder.bind(MeshLineageListener.class).in(Scopes.SINGLETON);
        install(conditionalModule(
                MeshLineageConfig.class,
                config -> !config.getForwardUris().isEmpty(),
                forwardBinder -> httpClientBinder(forwardBinder).bindHttpClient("mesh.lineage.forward", ForOpenLineage.class)
                        .withConfigDefaults(CatalogServiceClientModule::httpClientDefaults)));
    }

    @Provides
    @Singleton
    public static LineageEventMapper createMapper(MeshLineageConfig config)
    {
        return LineageEventMapper.fromConfig(config);
    }

    @Provides
    @Singleton
    public static List<LineageDestination> createDestinations(
            MeshLineageConfig config,
            CatalogServiceConfig serviceConfig,
            @ForCatalogService HttpClient serviceClient,
            Injector injector)
    {
        ObjectMapper mapper = DescriptorDocuments.jsonMapper();
        List<LineageDestination> destinations = new ArrayList<>();

        Map<String, String> serviceHeaders = CatalogServiceClient.identityHeaders(Optional.of(serviceConfig.getToken()));
        URI ingest = uriBuilderFrom(serviceConfig.getUri()).appendPath(CatalogServiceClient.LINEAGE_BATCH_PATH).build();
        destinations.add(destination(CATALOG_SERVICE_DESTINATION, new CatalogServiceTransport(new JsonPoster(serviceClient, ingest, serviceHeaders), mapper), config, mapper));

        if (!config.getForwardUris().isEmpty()) {
            // Bound by the conditional module only when there are endpoints, so that no idle client is started.
            HttpClient forwardClient = injector.getInstance(Key.get(HttpClient.class, ForOpenLineage.class));
            Map<String, String> forwardHeaders = config.getForwardApiKey().map(key -> Map.of("Authorization", "Bearer " + key)).orElse(Map.of());
            for (URI uri : config.getForwardUriList()) {
                destinations.add(destination(forwardDestinationName(uri), new OpenLineageTransport(new JsonPoster(forwardClient, uri, forwardHeaders), mapper), config, mapper));
            }
        }
        return destinations;
    }

    /**
     * Stable across restarts and independent of the order of {@code mesh.lineage.forward.uris}, since it names the
     * spool subdirectory whose events must go to this endpoint and no other.
     */
    static String forwardDestinationName(URI uri)
    {
        String host = uri.getHost().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        String port = uri.getPort() == -1 ? "" : "-" + uri.getPort();
        return "openlineage-%s%s-%08x".formatted(host, port, uri.toString().hashCode());
    }

    static LineageDestination destination(String name, LineageTransport transport, MeshLineageConfig config, ObjectMapper mapper)
    {
        Path directory = Path.of(config.getSpoolDir()).resolve(name);
        long maxBytes = config.getSpoolMaxSize().toBytes();
        DestinationStats stats = new DestinationStats(transport.uri());
        return new LineageDestination(
                name,
                transport,
                new Spool(name, directory, maxBytes, config.getSpoolFullPolicy(), config.getBatchSize(), stats),
                new RejectedEvents(name, directory.resolve("rejected"), maxBytes, mapper),
                stats,
                mapper,
                config.getQueueCapacity(),
                config.getBatchSize(),
                config.getBatchLinger().roundTo(NANOSECONDS),
                new Backoff(config.getRetryInitialDelay().roundTo(NANOSECONDS), config.getRetryMaxDelay().roundTo(NANOSECONDS)));
    }
}
