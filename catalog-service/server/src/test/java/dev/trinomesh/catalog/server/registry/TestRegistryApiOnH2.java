package dev.trinomesh.catalog.server.registry;

import java.util.Map;

class TestRegistryApiOnH2
        extends AbstractTestRegistryApi
{
    @Override
    protected Map<String, String> databaseProperties()
    {
        return Map.of();
    }
}
