package dev.trinomesh.catalog.server.releases;

import java.util.Map;

class TestReleaseApiOnH2
        extends AbstractTestReleaseApi
{
    @Override
    protected Map<String, String> databaseProperties()
    {
        return Map.of();
    }
}
