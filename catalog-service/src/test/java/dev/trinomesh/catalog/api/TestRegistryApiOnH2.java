package dev.trinomesh.catalog.api;

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
