package dev.trinomesh.integration;

class TestLakeCatalogOnLocalDisk
        extends AbstractTestLakeCatalog
{
    @Override
    protected TestingMesh.Storage storage()
    {
        return TestingMesh.Storage.LOCAL;
    }
}
