package dev.trinomesh.catalog.server.registry;

import java.util.Map;

class TestPolicyApiOnH2
        extends AbstractTestPolicyApi
{
    @Override
    protected Map<String, String> databaseProperties()
    {
        return Map.of();
    }
}
