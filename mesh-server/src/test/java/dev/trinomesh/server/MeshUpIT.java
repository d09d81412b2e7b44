package dev.trinomesh.server;

import java.util.Map;

/** ./mesh up with the lake on the local disk (the default). */
class MeshUpIT
        extends AbstractMeshUpIT
{
    @Override
    protected Map<String, String> environment()
    {
        return Map.of();
    }
}
