package dev.trinomesh.catalog.portal;

import com.google.inject.Binder;
import com.google.inject.Module;

/** The portal: pages for people, acting for the logged-in person through the other areas' api and through Trino. */
public class PortalModule
        implements Module
{
    @Override
    public void configure(Binder binder) {}
}
