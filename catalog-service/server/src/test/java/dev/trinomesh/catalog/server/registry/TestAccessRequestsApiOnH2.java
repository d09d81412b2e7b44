package dev.trinomesh.catalog.server.registry;

import java.util.Map;

class TestAccessRequestsApiOnH2
        extends AbstractTestAccessRequestsApi
{
    @Override
    protected Map<String, String> databaseProperties()
    {
        return Map.of();
    }
}
