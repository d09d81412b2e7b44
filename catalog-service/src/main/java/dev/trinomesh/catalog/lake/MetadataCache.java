package dev.trinomesh.catalog.lake;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.io.FileIO;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Parsed table metadata by file location. Metadata files are immutable (every commit writes a new
 * one), so a parsed file never goes stale; parsing them was most of the cost of loading and
 * committing a table.
 */
public class MetadataCache
{
    private final Cache<String, TableMetadata> cache = CacheBuilder.newBuilder()
            .maximumSize(2_000)
            .expireAfterAccess(Duration.ofHours(1))
            .build();
    // The same metadata as JSON, for load-table and commit responses.
    private final Cache<String, String> json = CacheBuilder.newBuilder()
            .maximumSize(200)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    TableMetadata read(FileIO io, String location)
    {
        try {
            return cache.get(location, () -> TableMetadataParser.read(io, location));
        }
        catch (ExecutionException e) {
            throw new IllegalStateException("cannot read table metadata " + location, e.getCause());
        }
        catch (com.google.common.util.concurrent.UncheckedExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    /** The metadata file at {@code location} as Iceberg's JSON; computed once per file. */
    public String json(String location, Supplier<TableMetadata> metadata)
    {
        try {
            return json.get(location, () -> TableMetadataParser.toJson(metadata.get()));
        }
        catch (ExecutionException e) {
            throw new IllegalStateException("cannot write table metadata " + location, e.getCause());
        }
    }

    /** Remembers metadata this service has just written at {@code location}. */
    void written(String location, TableMetadata metadata)
    {
        cache.put(location, metadata);
    }
}
