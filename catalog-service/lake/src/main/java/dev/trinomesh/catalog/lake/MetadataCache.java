package dev.trinomesh.catalog.lake;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.UncheckedExecutionException;
import jakarta.inject.Inject;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.io.FileIO;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Parsed table metadata, and its JSON, by file location. Metadata files are immutable (every commit
 * writes a new one), so an entry never goes stale; parsing them was most of the cost of loading and
 * committing a table. Both caches are bounded by an estimate of their size, not only by count.
 */
public class MetadataCache
{
    // A snapshot or metadata-log entry is a few hundred bytes parsed; JSON is counted in characters.
    private static final long PARSED_WEIGHT = 200_000;
    private static final long JSON_CHARACTERS = 64L * 1024 * 1024;

    private final Cache<String, TableMetadata> parsed = CacheBuilder.newBuilder()
            .maximumWeight(PARSED_WEIGHT)
            .weigher((String _, TableMetadata metadata) -> 1 + metadata.snapshots().size() + metadata.previousFiles().size() + metadata.schemas().size())
            .expireAfterAccess(Duration.ofHours(1))
            .build();
    private final Cache<String, String> json = CacheBuilder.newBuilder()
            .maximumWeight(JSON_CHARACTERS)
            .weigher((String _, String text) -> text.length())
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    @Inject
    public MetadataCache() {}

    TableMetadata read(FileIO io, String location)
    {
        return get(parsed, location, () -> TableMetadataParser.read(io, location));
    }

    /** The metadata file at {@code location} as Iceberg's JSON; computed once per file. */
    public String json(String location, Supplier<TableMetadata> metadata)
    {
        return get(json, location, () -> TableMetadataParser.toJson(metadata.get()));
    }

    /** Remembers metadata this service has just written at {@code location}. */
    void written(String location, TableMetadata metadata)
    {
        parsed.put(location, metadata);
    }

    private static <T> T get(Cache<String, T> cache, String location, Callable<T> loader)
    {
        try {
            return cache.get(location, loader);
        }
        catch (ExecutionException | UncheckedExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("cannot load table metadata " + location, e.getCause());
        }
    }
}
