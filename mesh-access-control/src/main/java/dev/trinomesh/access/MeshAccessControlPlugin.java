package dev.trinomesh.access;

import io.trino.spi.Plugin;
import io.trino.spi.security.SystemAccessControlFactory;

import java.util.List;

/** Trino plugin providing the {@code mesh} system access control. */
public class MeshAccessControlPlugin
        implements Plugin
{
    @Override
    public Iterable<SystemAccessControlFactory> getSystemAccessControlFactories()
    {
        return List.of(new MeshAccessControlFactory());
    }
}
