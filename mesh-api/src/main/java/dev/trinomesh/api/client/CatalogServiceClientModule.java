package dev.trinomesh.api.client;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.airlift.http.client.HttpClient;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import jakarta.inject.Qualifier;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Optional;

import static io.airlift.configuration.ConfigBinder.configBinder;
import static io.airlift.http.client.HttpClientBinder.httpClientBinder;
import static io.airlift.units.DataSize.Unit.MEGABYTE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;
import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * Binds a {@link CatalogServiceClient} for a Trino plugin: {@code mesh.catalog-service.uri}, and the
 * HTTP client's settings under {@code mesh.catalog-service.http-client.*}.
 */
public class CatalogServiceClientModule
        implements Module
{
    @Retention(RUNTIME)
    @Target({FIELD, PARAMETER, METHOD})
    @Qualifier
    public @interface ForCatalogService {}

    private static final int MAX_ANSWER_MB = 1024;

    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(CatalogServiceConfig.class);
        httpClientBinder(binder).bindHttpClient("mesh.catalog-service", ForCatalogService.class)
                .withConfigDefaults(CatalogServiceClientModule::httpClientDefaults);
    }

    /**
     * Short timeouts: every caller works off the query path and retries, so a stuck request should fail soon. And
     * answers as large as the service sends ({@link #allowLargeAnswers}).
     */
    public static void httpClientDefaults(HttpClientConfig config)
    {
        config.setConnectTimeout(new Duration(2, SECONDS));
        config.setRequestTimeout(new Duration(10, SECONDS));
        config.setIdleTimeout(new Duration(30, SECONDS));
        allowLargeAnswers(config);
    }

    /**
     * The Airlift of Trino 483 caps every answer an HTTP client reads at {@code http-client.max-response-content-length},
     * 16 MB by default; the Airlift of Trino 476 has no such setting and reads a streamed answer (as this client reads
     * them) whole. A large mesh's governance snapshot, or a long page of the audit, may be more than 16 MB: where the
     * setting exists its default is raised to {@value #MAX_ANSWER_MB} MB, so that the plugins behave the same on both
     * (it can still be set, e.g. {@code mesh.catalog-service.http-client.max-response-content-length}).
     */
    public static HttpClientConfig allowLargeAnswers(HttpClientConfig config)
    {
        try {
            HttpClientConfig.class.getMethod("setMaxResponseContentLength", DataSize.class)
                    .invoke(config, DataSize.of(MAX_ANSWER_MB, MEGABYTE));
        }
        catch (NoSuchMethodException e) {
            // Trino 476's Airlift: no cap on a streamed answer
        }
        catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return config;
    }

    @Provides
    @Singleton
    public static CatalogServiceClient createClient(@ForCatalogService HttpClient httpClient, CatalogServiceConfig config)
    {
        return new CatalogServiceClient(httpClient, config.getUri(), Optional.of(config.getToken()));
    }
}
