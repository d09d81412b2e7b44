package dev.trinomesh.catalog.server.lineage;

import java.util.Map;

class TestLineageApiOnH2
        extends AbstractTestLineageApi
{
    @Override
    protected Map<String, String> databaseProperties()
    {
        return Map.of();
    }
}
