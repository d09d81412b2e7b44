package dev.trinomesh.catalog.server.registry;

import java.util.Map;

class TestPipelineApiOnH2
        extends AbstractTestPipelineApi
{
    @Override
    protected Map<String, String> databaseProperties()
    {
        return Map.of();
    }
}
