package dev.trinomesh.catalog.release;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;

/** Data releases: datasets' lake tables pinned at an Iceberg snapshot by a tag, served as their own tables. */
public class ReleaseModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        binder.bind(ReleaseStore.class).in(Scopes.SINGLETON);
        binder.bind(DatasetReleases.class).in(Scopes.SINGLETON);
    }
}
