package dev.trinomesh.catalog.search;

import com.google.inject.Binder;
import com.google.inject.Module;

/** Search: an in-memory index of the registry, kept current with its revision. */
public class SearchModule
        implements Module
{
    @Override
    public void configure(Binder binder) {}
}
