package dev.trinomesh.server;

import java.util.Map;

/**
 * ./mesh up with the lake on the local disk (the default) and the catalog service as two replicas on PostgreSQL behind
 * HAProxy ({@code --replicas 2}): every inherited test goes through the balancer. MeshUpOnS3IT covers the single process.
 */
class MeshUpIT
        extends AbstractMeshUpIT
{
    @Override
    protected int replicas()
    {
        return 2;
    }

    @Override
    protected Map<String, String> environment()
    {
        return Map.of();
    }
}
