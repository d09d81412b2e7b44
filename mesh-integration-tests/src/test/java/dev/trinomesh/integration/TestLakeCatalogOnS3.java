package dev.trinomesh.integration;

/** The same, with the lake on S3 (s3proxy as the endpoint, path-style access, static keys). */
class TestLakeCatalogOnS3
        extends AbstractTestLakeCatalog
{
    @Override
    protected TestingMesh.Storage storage()
    {
        return TestingMesh.Storage.S3;
    }
}
