package dev.trinomesh.catalog.lake.signing;

import com.google.common.collect.ImmutableMap;
import dev.trinomesh.catalog.lake.LakeConfig;
import dev.trinomesh.catalog.lake.authorization.LakeAccess;
import dev.trinomesh.catalog.lake.storage.Warehouse;
import jakarta.inject.Inject;
import org.apache.iceberg.aws.AwsClientProperties;
import org.apache.iceberg.aws.s3.S3FileIOProperties;
import org.apache.iceberg.aws.s3.signer.ImmutableS3SignResponse;
import org.apache.iceberg.aws.s3.signer.S3SignRequest;
import org.apache.iceberg.aws.s3.signer.S3SignResponse;
import org.apache.iceberg.aws.s3.signer.S3V4RestSignerClient;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.ForbiddenException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Iceberg's S3 remote signing for engines other than Trino, when the lake is on S3: they get no storage keys; the
 * tables they load carry {@code s3.remote-signing-enabled}, and their S3 client sends every request to the catalog's
 * signing endpoint ({@code POST /iceberg/v1/aws/s3/sign}), which signs it (AWS SigV4, the lake's keys) only when it
 * goes to the lake's bucket, is an operation Iceberg's file IO needs, and touches only keys under the places of
 * namespaces whose tables the caller may load (reads) or change (writes, deletes). Trino keeps its own keys: Trino 476
 * cannot sign remotely.
 */
public final class RemoteSigning
{
    /** Where engines send signing requests, relative to the catalog URI they use (Iceberg's and PyIceberg's default). */
    public static final String SIGNING_ENDPOINT = "v1/aws/s3/sign";
    /** Headers the client may change after signing (retries, ranges): left out of the signature and handed back as they came. */
    private static final Set<String> UNSIGNED_HEADERS = Set.of("range", "x-amz-date", "amz-sdk-invocation-id", "amz-sdk-retry");

    private final Optional<Lake> lake;

    /** The lake on S3, as signing needs it. */
    private record Lake(LakeConfig config, Warehouse warehouse, S3Address address, AwsCredentialsProvider credentials, Map<String, String> tableConfig) {}

    @Inject
    public RemoteSigning(LakeConfig config, Warehouse warehouse)
    {
        requireNonNull(config, "config is null");
        requireNonNull(warehouse, "warehouse is null");
        if (!config.isS3()) {
            lake = Optional.empty();
            return;
        }
        S3Address address = new S3Address(config.getS3Endpoint().orElseGet(() -> S3Address.awsEndpoint(config.getS3Region())), config.isS3PathStyleAccess(), warehouse.bucket().orElseThrow());
        AwsCredentialsProvider credentials = config.getS3AccessKey().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(config.getS3AccessKey().orElseThrow(), config.getS3SecretKey().orElseThrow()))
                : DefaultCredentialsProvider.builder().build();
        ImmutableMap.Builder<String, String> tableConfig = ImmutableMap.<String, String>builder()
                .put(S3FileIOProperties.REMOTE_SIGNING_ENABLED, "true")
                .put(S3V4RestSignerClient.S3_SIGNER_ENDPOINT, SIGNING_ENDPOINT)
                .put(S3FileIOProperties.PATH_STYLE_ACCESS, String.valueOf(config.isS3PathStyleAccess()))
                .put(AwsClientProperties.CLIENT_REGION, config.getS3Region())
                // PyIceberg signs only with its fsspec file IO, and only when told so; it reads no Java property.
                .put("s3.signer", "S3V4RestSigner")
                .put("py-io-impl", "pyiceberg.io.fsspec.FsspecFileIO");
        config.getS3Endpoint().ifPresent(endpoint -> tableConfig.put(S3FileIOProperties.ENDPOINT, endpoint.toString()));
        lake = Optional.of(new Lake(config, warehouse, address, credentials, tableConfig.buildOrThrow()));
    }

    /** The storage settings of a table loaded or created by {@code access}: remote signing, never keys; none for Trino or a local lake. */
    public Map<String, String> tableConfig(LakeAccess access)
    {
        if (access.isTrino()) {
            return Map.of();
        }
        return lake.map(Lake::tableConfig).orElse(Map.of());
    }

    /** Signs {@code request} with the lake's keys, if {@code access} may make it; else a {@link ForbiddenException} saying why not. */
    public S3SignResponse sign(LakeAccess access, S3SignRequest request)
    {
        Lake s3 = lake.orElseThrow(() -> new BadRequestException("This lake's warehouse is on the local disk (lake.warehouse): there are no S3 requests to sign"));
        if (!s3.config().getS3Region().equals(request.region())) {
            throw new ForbiddenException("S3 request not signed: region %s is not the lake's, %s", request.region(), s3.config().getS3Region());
        }
        String key = s3.address().key(request.uri()).orElseThrow(() -> new ForbiddenException(
                "S3 request not signed: only requests to the lake's bucket at %s are signed, in %s addressing", s3.address(), s3.config().isS3PathStyleAccess() ? "path-style" : "virtual-host"));
        S3Operation operation = S3Operation.of(request.method(), key, request.uri().getRawQuery(), request.headers(), request.body());
        for (String touched : operation.keys()) {
            if (!mayTouch(access, s3.warehouse(), touched, operation.write())) {
                throw new ForbiddenException("S3 request not signed: %s %s is outside the tables %s may %s (the lake namespaces of products they own)",
                        operation.write() ? "writing" : "reading", touched, access.user(), operation.write() ? "change" : "load");
            }
        }
        return signed(s3, request);
    }

    private static boolean mayTouch(LakeAccess access, Warehouse warehouse, String key, boolean write)
    {
        if (access.isUnrestricted()) {
            return warehouse.containsKey(key);
        }
        Optional<Namespace> namespace = warehouse.namespaceOfKey(key);
        return namespace.isPresent() && (write ? access.mayChange(namespace.orElseThrow()) : access.mayLoad(namespace.orElseThrow()));
    }

    /** As Iceberg's own signing servlet signs: SigV4 with an unsigned payload, the client's changeable headers left out. */
    private static S3SignResponse signed(Lake s3, S3SignRequest request)
    {
        Map<String, List<String>> toSign = new HashMap<>();
        Map<String, List<String>> unsigned = new HashMap<>();
        request.headers().forEach((name, values) -> (UNSIGNED_HEADERS.contains(name.toLowerCase(Locale.ROOT)) ? unsigned : toSign).put(name, values));
        SdkHttpRequest unsignedRequest = SdkHttpRequest.builder()
                .uri(request.uri())
                .method(SdkHttpMethod.fromValue(request.method().toUpperCase(Locale.ROOT)))
                .headers(toSign)
                .build();
        SdkHttpRequest signedRequest = AwsV4HttpSigner.create().sign(signing -> signing
                        .identity(s3.credentials().resolveCredentials())
                        .request(unsignedRequest)
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, request.region())
                        .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                        .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false))
                .request();
        Map<String, List<String>> headers = new HashMap<>(signedRequest.headers());
        headers.putAll(unsigned);
        return ImmutableS3SignResponse.builder()
                .uri(request.uri())
                .headers(headers)
                .build();
    }
}
