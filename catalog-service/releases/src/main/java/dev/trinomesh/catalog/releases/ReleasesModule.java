package dev.trinomesh.catalog.releases;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;
import dev.trinomesh.catalog.registry.api.ServedReleases;
import dev.trinomesh.catalog.releases.http.ReleasesResource;

import static com.google.inject.multibindings.OptionalBinder.newOptionalBinder;
import static dev.trinomesh.catalog.core.database.SchemaMigrations.bindMigrations;
import static io.airlift.jaxrs.JaxrsBinder.jaxrsBinder;

/** Data releases: datasets' lake tables pinned at an Iceberg snapshot by a tag, served as their own tables. */
public class ReleasesModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        bindMigrations(binder, "releases", 1);
        binder.bind(ReleaseStore.class).in(Scopes.SINGLETON);
        binder.bind(DatasetReleases.class).in(Scopes.SINGLETON);
        newOptionalBinder(binder, ServedReleases.class).setBinding().to(DatasetReleases.class);
        jaxrsBinder(binder).bind(ReleasesResource.class);
    }
}
