package dev.trinomesh.catalog.lake.storage;

import dev.trinomesh.catalog.lake.LakeConfig;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.util.LocationUtil;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * The places of the warehouse ({@code lake.warehouse}): each namespace's tables lie under
 * {@code <warehouse>/<namespace levels>/}, which the catalog enforces on every commit. On S3 the same places
 * are object keys in the warehouse's bucket, which is how the S3 signer finds the namespace a request touches.
 */
public final class Warehouse
{
    private static final Pattern DOT_SEGMENT = Pattern.compile(".*/\\.\\.?(/.*)?");

    private final String location;
    private final Optional<String> bucket;
    private final String keyPrefix;

    public Warehouse(LakeConfig config)
    {
        this(config.getWarehouse());
    }

    public Warehouse(String location)
    {
        this.location = LocationUtil.stripTrailingSlash(requireNonNull(location, "location is null"));
        if (this.location.startsWith("s3://") || this.location.startsWith("s3a://")) {
            URI uri = URI.create(this.location);
            checkArgument(uri.getAuthority() != null, "lake.warehouse %s names no bucket", location);
            bucket = Optional.of(uri.getAuthority());
            String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/+", "");
            keyPrefix = path.isEmpty() ? "" : path + "/";
        }
        else {
            bucket = Optional.empty();
            keyPrefix = "";
        }
    }

    /** The place of a namespace's tables: {@code <warehouse>/<level>/<level>/}. */
    public String namespaceLocation(Namespace namespace)
    {
        return location + "/" + String.join("/", namespace.levels()) + "/";
    }

    /** Whether {@code location} lies under the place of {@code namespace}, with no {@code .} or {@code ..} segments. */
    public boolean contains(Namespace namespace, String location)
    {
        return isUnder(location, namespaceLocation(namespace));
    }

    /** Whether {@code location} lies under {@code prefix}, with no {@code .} or {@code ..} segments; file:/a and file:///a are one place. */
    public static boolean isUnder(String location, String prefix)
    {
        String normalized = sameScheme(location);
        return normalized.startsWith(sameScheme(prefix)) && !DOT_SEGMENT.matcher(normalized).matches();
    }

    private static String sameScheme(String location)
    {
        return location.startsWith("file:/") && !location.startsWith("file://") ? "file:///" + location.substring("file:/".length()) : location;
    }

    /** The warehouse's S3 bucket; empty when the lake is not on S3. */
    public Optional<String> bucket()
    {
        return bucket;
    }

    /**
     * The single-level namespace whose place holds the object key (or listing prefix) {@code key} of the warehouse's
     * bucket: the first segment after the warehouse's own path, followed by a {@code /}. Empty for a key outside the
     * warehouse or directly in it. Nested namespaces lie under their first level's place, so they count as it.
     */
    public Optional<Namespace> namespaceOfKey(String key)
    {
        if (!key.startsWith(keyPrefix)) {
            return Optional.empty();
        }
        String rest = key.substring(keyPrefix.length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        return Optional.of(Namespace.of(rest.substring(0, slash)));
    }

    /** Whether {@code key} of the warehouse's bucket lies under the warehouse at all (what an unrestricted caller may touch). */
    public boolean containsKey(String key)
    {
        return key.startsWith(keyPrefix) && key.length() > keyPrefix.length();
    }

    @Override
    public String toString()
    {
        return location;
    }
}
