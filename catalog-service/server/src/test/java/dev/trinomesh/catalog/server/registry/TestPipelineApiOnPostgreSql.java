package dev.trinomesh.catalog.server.registry;

import dev.trinomesh.testing.TestingPostgreSqlServer;

import java.util.Map;

class TestPipelineApiOnPostgreSql
        extends AbstractTestPipelineApi
{
    private TestingPostgreSqlServer postgres;

    @Override
    protected Map<String, String> databaseProperties()
    {
        postgres = new TestingPostgreSqlServer();
        return Map.of("database.url", postgres.jdbcUrl(), "database.user", postgres.user());
    }

    @Override
    protected void closeDatabase()
    {
        postgres.close();
    }
}
