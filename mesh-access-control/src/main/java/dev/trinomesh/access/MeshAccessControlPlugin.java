package dev.trinomesh.access;

import io.trino.spi.Plugin;

/**
 * Placeholder so that the module builds as a Trino plugin: it provides nothing yet, and is not
 * installed by ./mesh up. See the module's issue for what it will do.
 */
public class MeshAccessControlPlugin
        implements Plugin
{
}
