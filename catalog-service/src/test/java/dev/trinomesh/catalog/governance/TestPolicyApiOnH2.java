package dev.trinomesh.catalog.governance;

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
