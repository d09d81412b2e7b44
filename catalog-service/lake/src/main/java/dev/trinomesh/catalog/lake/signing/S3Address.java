package dev.trinomesh.catalog.lake.signing;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Where the lake's bucket is reached: the S3 endpoint ({@code lake.s3.endpoint}, or AWS S3's regional one) and the
 * addressing style. A request is signed only when it goes there: the service's keys may well reach other buckets.
 */
final class S3Address
{
    private final URI endpoint;
    private final boolean pathStyle;
    private final String bucket;

    S3Address(URI endpoint, boolean pathStyle, String bucket)
    {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.pathStyle = pathStyle;
        this.bucket = requireNonNull(bucket, "bucket is null");
    }

    /** AWS S3's endpoint for {@code region}, when no endpoint is configured. */
    static URI awsEndpoint(String region)
    {
        return URI.create("https://s3.%s.amazonaws.com".formatted(region));
    }

    /**
     * The object key {@code uri} addresses in the lake's bucket, percent-decoded ({@code ""} for the bucket itself),
     * or empty when it addresses anything else: another endpoint, another bucket, the other addressing style.
     */
    Optional<String> key(URI uri)
    {
        if (uri.getScheme() == null || !uri.getScheme().equalsIgnoreCase(endpoint.getScheme()) || uri.getHost() == null || uri.getRawUserInfo() != null || port(uri) != port(endpoint)) {
            return Optional.empty();
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String endpointHost = endpoint.getHost().toLowerCase(Locale.ROOT);
        String endpointPath = endpoint.getPath() == null ? "" : endpoint.getPath().replaceFirst("/+$", "");
        String path = uri.getPath() == null ? "" : uri.getPath();
        String objectPath;
        if (pathStyle) {
            String bucketPath = endpointPath + "/" + bucket;
            if (!host.equals(endpointHost) || !(path.equals(bucketPath) || path.startsWith(bucketPath + "/"))) {
                return Optional.empty();
            }
            objectPath = path.substring(bucketPath.length());
        }
        else {
            if (!host.equals(bucket.toLowerCase(Locale.ROOT) + "." + endpointHost) || !(path.isEmpty() || path.startsWith("/"))) {
                return Optional.empty();
            }
            objectPath = path;
        }
        return Optional.of(objectPath.startsWith("/") ? objectPath.substring(1) : objectPath);
    }

    private static int port(URI uri)
    {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    @Override
    public String toString()
    {
        return pathStyle ? endpoint + "/" + bucket : endpoint.getScheme() + "://" + bucket + "." + endpoint.getRawAuthority();
    }
}
