package dev.trinomesh.api.client;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.airlift.http.client.HttpClient;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.units.Duration;
import jakarta.inject.Qualifier;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Optional;

import static io.airlift.configuration.ConfigBinder.configBinder;
import static io.airlift.http.client.HttpClientBinder.httpClientBinder;
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

    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(CatalogServiceConfig.class);
        httpClientBinder(binder).bindHttpClient("mesh.catalog-service", ForCatalogService.class)
                .withConfigDefaults(CatalogServiceClientModule::httpClientDefaults);
    }

    /** Short timeouts: every caller works off the query path and retries, so a stuck request should fail soon. */
    public static void httpClientDefaults(HttpClientConfig config)
    {
        config.setConnectTimeout(new Duration(2, SECONDS));
        config.setRequestTimeout(new Duration(10, SECONDS));
        config.setIdleTimeout(new Duration(30, SECONDS));
    }

    @Provides
    @Singleton
    public static CatalogServiceClient createClient(@ForCatalogService HttpClient httpClient, CatalogServiceConfig config)
    {
        return new CatalogServiceClient(httpClient, config.getUri(), Optional.of(config.getToken()));
    }
}
