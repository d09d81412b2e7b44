package dev.trinomesh.catalog.lake.storage;

import dev.trinomesh.catalog.lake.LakeConfig;
import org.apache.iceberg.aws.AwsClientProperties;
import org.apache.iceberg.aws.HttpClientProperties;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.aws.s3.S3FileIOProperties;
import org.apache.iceberg.io.FileIO;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The FileIO for the configured warehouse: Iceberg's S3FileIO for s3://, {@link LocalFileIO} otherwise. */
public final class LakeStorage
{
    private LakeStorage() {}

    public static FileIO fileIo(LakeConfig config)
    {
        if (!config.isS3()) {
            Path root = Path.of(config.getLocalRoot());
            try {
                // The service owns the lake's root; Trino's local file system needs it to exist.
                Files.createDirectories(root);
            }
            catch (IOException e) {
                throw new UncheckedIOException("cannot create the lake directory lake.local.root=" + root, e);
            }
            return new LocalFileIO(root);
        }
        Map<String, String> properties = new HashMap<>();
        config.getS3Endpoint().ifPresent(endpoint -> properties.put(S3FileIOProperties.ENDPOINT, endpoint.toString()));
        properties.put(S3FileIOProperties.PATH_STYLE_ACCESS, String.valueOf(config.isS3PathStyleAccess()));
        config.getS3AccessKey().ifPresent(key -> properties.put(S3FileIOProperties.ACCESS_KEY_ID, key));
        config.getS3SecretKey().ifPresent(key -> properties.put(S3FileIOProperties.SECRET_ACCESS_KEY, key));
        properties.put(AwsClientProperties.CLIENT_REGION, config.getS3Region());
        // The JDK's HTTP stack: no Apache HTTP client or CRT on the service's class path.
        properties.put(HttpClientProperties.CLIENT_TYPE, HttpClientProperties.CLIENT_TYPE_URLCONNECTION);
        properties.put(S3FileIOProperties.S3_CRT_ENABLED, "false");
        S3FileIO io = new S3FileIO();
        io.initialize(properties);
        return io;
    }
}
