package dev.trinomesh.catalog.server.lake;

import com.google.common.base.Throwables;
import com.google.common.collect.ImmutableMap;
import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.identity.NewApiToken;
import dev.trinomesh.catalog.identity.tokens.TokenStore;
import dev.trinomesh.catalog.testing.RawRequests;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import dev.trinomesh.testing.TestingS3Server;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.aws.AwsClientProperties;
import org.apache.iceberg.aws.HttpClientProperties;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.aws.s3.S3FileIOProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.io.BulkDeletionFailureException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.io.SupportsBulkOperations;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.auth.OAuth2Properties;
import org.apache.iceberg.types.Types;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

import static dev.trinomesh.catalog.server.lake.TestingLake.product;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With the lake on S3 (s3proxy), engines other than Trino get no storage keys: their tables carry Iceberg's S3 remote
 * signing, and the service signs only their requests for the tables they may touch. sam's engine holds no S3 keys at
 * all and still appends to, reads, lists and deletes in his team's table; every request for another table's place, or
 * one that would copy, change access or leave the bucket, is refused. Trino's principal keeps its own keys and gets
 * no signing settings.
 * <p>
 * Iceberg 1.9.1's signer client is one per JVM (a static HTTP client bound to the first signing endpoint it meets), so
 * this is the only test class of the module that signs, with one service for all its tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestLakeRemoteSigning
{
    private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
    private static final TableIdentifier OWN = TableIdentifier.of("sales", "items");
    private static final TableIdentifier READABLE = TableIdentifier.of("crm", "items");
    private static final TableIdentifier HIDDEN = TableIdentifier.of("supply", "items");

    private TestingS3Server s3;
    private TestingCatalogService service;
    private RESTCatalog trino;
    private RESTCatalog sam;

    @BeforeAll
    void start()
    {
        s3 = new TestingS3Server("lake", "elsewhere");
        service = new TestingCatalogService(ImmutableMap.<String, String>builder()
                .put("governance.group-file", TestingLake.demoGroupFile().toString())
                .put("lake.warehouse", "s3://lake/warehouse")
                .put("lake.s3.endpoint", s3.endpoint().toString())
                .put("lake.s3.region", TestingS3Server.REGION)
                .put("lake.s3.access-key", TestingS3Server.ACCESS_KEY)
                .put("lake.s3.secret-key", TestingS3Server.SECRET_KEY)
                .buildOrThrow());
        try (JettyHttpClient httpClient = new JettyHttpClient(new HttpClientConfig())) {
            CatalogServiceClient admin = service.client(httpClient, "admin");
            admin.applyProduct("sales_orders", product("sales_orders", "sales", "group:sales-team", "published", List.of()), Optional.empty(), false);
            admin.applyProduct("customer_profiles", product("customer_profiles", "crm", "group:crm-team", "published", List.of("group:sales-team")), Optional.empty(), false);
            admin.applyProduct("supply_chain", product("supply_chain", "supply", "group:supply-team", "published", List.of()), Optional.empty(), false);
        }
        // Trino's principal, with the S3 keys Trino has of its own.
        trino = service.lakeClient("trino", TestingLake.TRINO_PRINCIPAL, ImmutableMap.<String, String>builder()
                .put(CatalogProperties.FILE_IO_IMPL, S3FileIO.class.getName())
                .put(S3FileIOProperties.ENDPOINT, s3.endpoint().toString())
                .put(S3FileIOProperties.PATH_STYLE_ACCESS, "true")
                .put(S3FileIOProperties.ACCESS_KEY_ID, TestingS3Server.ACCESS_KEY)
                .put(S3FileIOProperties.SECRET_ACCESS_KEY, TestingS3Server.SECRET_KEY)
                .put(AwsClientProperties.CLIENT_REGION, TestingS3Server.REGION)
                .put(HttpClientProperties.CLIENT_TYPE, HttpClientProperties.CLIENT_TYPE_URLCONNECTION)
                .buildOrThrow());
        for (TableIdentifier table : List.of(OWN, READABLE, HIDDEN)) {
            trino.createNamespace(table.namespace());
            Table created = trino.createTable(table, SCHEMA);
            write(created.io(), created.location() + "/data/seed.parquet", "seed of " + table);
        }
        sam = samsEngine(service.tokenFor("sam"));
    }

    /** Another engine acting for sam: S3FileIO and his token, and no S3 settings or keys of its own. */
    private RESTCatalog samsEngine(String token)
    {
        return service.lakeClient("sams-engine", "sam", Map.of(
                CatalogProperties.FILE_IO_IMPL, S3FileIO.class.getName(),
                HttpClientProperties.CLIENT_TYPE, HttpClientProperties.CLIENT_TYPE_URLCONNECTION,
                OAuth2Properties.TOKEN, token));
    }

    @AfterAll
    void stop()
            throws IOException
    {
        for (AutoCloseable closeable : new AutoCloseable[] {sam, trino, service, s3}) {
            if (closeable != null) {
                try {
                    closeable.close();
                }
                catch (Exception e) {
                    throw new IOException(e);
                }
            }
        }
    }

    @Test
    void anEngineWithoutKeysWritesAndReadsItsTablesThroughSigning()
            throws IOException
    {
        Table table = sam.loadTable(OWN);
        String path = table.location() + "/data/from-sams-engine.parquet";
        write(table.io(), path, "sam's rows");
        table.newAppend().appendFile(dataFile(table, path)).commit();

        table.refresh();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            assertThat(StreamSupport.stream(tasks.spliterator(), false).map(task -> task.file().location())).contains(path);
        }
        assertThat(read(table.io(), path)).isEqualTo("sam's rows");
        assertThat(read(trino.loadTable(OWN).io(), path)).isEqualTo("sam's rows");

        // Listing and bulk deletes under its table.
        String first = table.location() + "/data/scratch-1.bin";
        String second = table.location() + "/data/scratch-2.bin";
        write(table.io(), first, "1");
        write(table.io(), second, "2");
        assertThat(((SupportsPrefixOperations) table.io()).listPrefix(table.location() + "/data/"))
                .extracting(FileInfo::location)
                .contains(path, first, second);
        ((SupportsBulkOperations) table.io()).deleteFiles(List.of(first, second));
        table.io().deleteFile(table.location() + "/data/seed.parquet");
        assertThat(trino.loadTable(OWN).io().newInputFile(first).exists()).isFalse();
        assertThat(trino.loadTable(OWN).io().newInputFile(table.location() + "/data/seed.parquet").exists()).isFalse();

        // A table it creates is signed for at once.
        Table created = sam.createTable(TableIdentifier.of("sales", "created_by_sam"), SCHEMA);
        String createdPath = created.location() + "/data/first.parquet";
        write(created.io(), createdPath, "first");
        created.newAppend().appendFile(dataFile(created, createdPath)).commit();
        assertThat(trino.loadTable(TableIdentifier.of("sales", "created_by_sam")).currentSnapshot()).isNotNull();
    }

    @Test
    void nothingOutsideTheCallersTablesIsSigned()
    {
        FileIO io = sam.loadTable(OWN).io();
        for (TableIdentifier other : List.of(READABLE, HIDDEN)) {
            Table theirs = trino.loadTable(other);
            String metadata = ((BaseTable) theirs).operations().current().metadataFileLocation();
            String seed = theirs.location() + "/data/seed.parquet";
            assertRefused(() -> io.newInputFile(metadata).getLength(), "S3 request not signed: reading warehouse/%s/items/metadata/".formatted(other.namespace()));
            assertRefused(() -> read(io, seed), "S3 request not signed: reading warehouse/%s/items/data/seed.parquet".formatted(other.namespace()));
            assertRefused(() -> write(io, theirs.location() + "/data/planted.parquet", "planted"), "S3 request not signed: writing warehouse/%s/items/data/planted.parquet".formatted(other.namespace()));
            assertRefused(() -> io.deleteFile(seed), "S3 request not signed: writing");
            // S3FileIO counts a refused bulk delete as failed deletions (and logs the refusal).
            assertThatThrownBy(() -> ((SupportsBulkOperations) io).deleteFiles(List.of(seed))).isInstanceOf(BulkDeletionFailureException.class);
            assertRefused(() -> ((SupportsPrefixOperations) io).listPrefix(theirs.location() + "/").iterator().hasNext(), "S3 request not signed: reading");
            FileIO trinos = theirs.io();
            assertThat(trinos.newInputFile(seed).exists()).isTrue();
            assertThat(trinos.newInputFile(theirs.location() + "/data/planted.parquet").exists()).isFalse();
        }
        // Not the warehouse as a whole, nor a prefix that would reach other namespaces' places.
        assertRefused(() -> ((SupportsPrefixOperations) io).listPrefix("s3://lake/warehouse/").iterator().hasNext(), "S3 request not signed: reading warehouse/");
        assertRefused(() -> ((SupportsPrefixOperations) io).listPrefix("s3://lake/warehouse/sal").iterator().hasNext(), "S3 request not signed: reading warehouse/sal");
    }

    @Test
    void onlyPlainObjectRequestsToTheLakesBucketAreSigned()
    {
        String lake = s3.endpoint() + "/lake/warehouse/sales/items/data/";
        HttpResponse<String> plain = sign("sam", "GET", lake + "seed.parquet", "{}", null);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.body()).contains("\"Authorization\"", "UNSIGNED-PAYLOAD");
        // Never cached: a revoked token or a lost ownership stops signing at once.
        assertThat(plain.headers().firstValue("Cache-Control")).contains("no-cache");

        assertSignRefused(sign("sam", "PUT", lake + "copy.parquet", "{\"x-amz-copy-source\":[\"lake/warehouse/crm/items/data/seed.parquet\"]}", null),
                "header x-amz-copy-source is not signed: the signer signs reads and writes of objects, not copies or access changes");
        assertSignRefused(sign("sam", "PUT", lake + "public.parquet", "{\"x-amz-acl\":[\"public-read\"]}", null), "header x-amz-acl is not signed");
        assertSignRefused(sign("sam", "PUT", lake + "seed.parquet?acl", "{}", null), "PUT of an object with parameters [acl] is not signed");
        assertSignRefused(sign("sam", "PUT", lake + "seed.parquet?tagging", "{}", null), "PUT of an object with parameters [tagging] is not signed");
        assertSignRefused(sign("sam", "GET", s3.endpoint() + "/elsewhere/warehouse/sales/items/data/seed.parquet", "{}", null),
                "only requests to the lake's bucket at %s/lake are signed, in path-style addressing".formatted(s3.endpoint()));
        assertSignRefused(sign("sam", "GET", "http://lake.example.com:%s/warehouse/sales/items/data/seed.parquet".formatted(s3.endpoint().getPort()), "{}", null), "only requests to the lake's bucket");
        assertSignRefused(sign("sam", "GET", lake + "../../../crm/items/data/seed.parquet", "{}", null), "has an empty, . or .. segment");
        assertSignRefused(sign("sam", "GET", s3.endpoint() + "/lake?list-type=2&prefix=warehouse/crm/", "{}", null), "reading warehouse/crm/ is outside the tables sam may load");
        assertSignRefused(sign("sam", "GET", s3.endpoint() + "/lake?list-type=2", "{}", null), "GET of the bucket with parameters [list-type] is not signed");
        assertSignRefused(sign("sam", "GET", s3.endpoint() + "/lake?policy", "{}", null), "GET of the bucket with parameters [policy] is not signed");

        // Bulk deletes: only with the body, every key checked, and a checksum that holds S3 to that body.
        String bucket = s3.endpoint() + "/lake?delete";
        String own = "<Delete><Object><Key>warehouse/sales/items/data/old.parquet</Key></Object></Delete>";
        String theirs = "<Delete><Object><Key>warehouse/sales/items/data/old.parquet</Key></Object><Object><Key>warehouse/crm/items/data/seed.parquet</Key></Object></Delete>";
        assertSignRefused(sign("sam", "POST", bucket, "{}", null), "a bulk delete is signed only with its body");
        assertSignRefused(sign("sam", "POST", bucket, "{\"Content-MD5\":[\"%s\"]}".formatted(md5(theirs)), theirs), "writing warehouse/crm/items/data/seed.parquet is outside the tables sam may change");
        assertSignRefused(sign("sam", "POST", bucket, "{\"Content-MD5\":[\"%s\"]}".formatted(md5(theirs)), own), "the bulk delete's Content-MD5 does not match its body");
        assertSignRefused(sign("sam", "POST", bucket, "{}", own), "a bulk delete is signed only with a checksum of its body");
        assertThat(sign("sam", "POST", bucket, "{\"Content-MD5\":[\"%s\"]}".formatted(md5(own)), own).statusCode()).isEqualTo(200);

        assertSignRefused(sign("eve", "GET", lake + "seed.parquet", "{}", null), "reading warehouse/sales/items/data/seed.parquet is outside the tables eve may load");
        assertThat(sign(null, "GET", lake + "seed.parquet", "{}", null).statusCode()).isEqualTo(401);
        assertThat(sign("admin", "GET", lake + "seed.parquet", "{}", null).statusCode()).isEqualTo(200);
        assertSignRefused(sign("admin", "GET", s3.endpoint() + "/lake/outside-the-warehouse", "{}", null), "is outside the tables admin may load");
    }

    @Test
    void onlyOtherEnginesGetSigningSettingsAndNobodyGetsKeys()
    {
        HttpResponse<String> forTrino = send(TestingLake.TRINO_PRINCIPAL, "GET", "/iceberg/v1/namespaces/sales/tables/items", null);
        assertThat(forTrino.statusCode()).isEqualTo(200);
        assertThat(forTrino.body()).doesNotContain("\"config\"", "s3.remote-signing-enabled");

        HttpResponse<String> forSam = send("sam", "GET", "/iceberg/v1/namespaces/sales/tables/items", null);
        assertThat(forSam.statusCode()).isEqualTo(200);
        assertThat(forSam.body())
                .contains("\"s3.remote-signing-enabled\":\"true\"", "\"s3.signer.endpoint\":\"v1/aws/s3/sign\"", "\"s3.endpoint\":\"%s\"".formatted(s3.endpoint()), "\"s3.signer\":\"S3V4RestSigner\"")
                .doesNotContain(TestingS3Server.ACCESS_KEY, TestingS3Server.SECRET_KEY, "s3.access-key-id", "s3.secret-access-key", "s3.session-token");
    }

    @Test
    void aRevokedTokenStopsSigningWithinSeconds()
            throws Exception
    {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        NewApiToken token = service.getInstance(TokenStore.class).create("sam", "revoked-in-test", now.plus(1, ChronoUnit.HOURS), "sam", now);
        try (RESTCatalog engine = samsEngine(token.secret())) {
            Table table = engine.loadTable(OWN);
            String path = table.location() + "/data/before-revocation.bin";
            write(table.io(), path, "before");
            service.getInstance(TokenStore.class).revoke(token.token().id(), "sam", Instant.now());
            // Personal tokens are cached for 2 s; the signer's answers not at all.
            Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
            while (true) {
                try {
                    read(table.io(), path);
                }
                catch (RuntimeException e) {
                    assertThat(Throwables.getCausalChain(e)).anySatisfy(cause -> assertThat(cause).isInstanceOf(NotAuthorizedException.class));
                    break;
                }
                assertThat(Instant.now()).as("signing goes on 5 s after the token was revoked").isBefore(deadline);
                Thread.sleep(200);
            }
        }
    }

    private static void assertRefused(ThrowingCallable call, String message)
    {
        assertThatThrownBy(call).satisfies(thrown -> assertThat(Throwables.getCausalChain(thrown))
                .anySatisfy(cause -> assertThat(cause).isInstanceOf(ForbiddenException.class).hasMessageContaining(message)));
    }

    private static void assertSignRefused(HttpResponse<String> response, String message)
    {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.body()).contains("\"type\":\"ForbiddenException\"", "S3 request not signed: ", message);
    }

    /** A signing request as Iceberg's signer client sends it ({@code headers} a JSON object of header lists). */
    private HttpResponse<String> sign(String user, String method, String uri, String headers, String body)
    {
        String request = "{\"region\":\"%s\",\"method\":\"%s\",\"uri\":\"%s\",\"headers\":%s,\"properties\":{}%s}".formatted(
                TestingS3Server.REGION, method, uri, headers, body == null ? "" : ",\"body\":\"" + body.replace("\"", "\\\"") + "\"");
        return send(user, "POST", "/iceberg/v1/aws/s3/sign", request);
    }

    private HttpResponse<String> send(String user, String method, String path, String body)
    {
        HttpRequest.Builder request = RawRequests.request(service.baseUri(), method, path, body);
        if (user != null) {
            request.header("Authorization", service.authorization(user));
        }
        // A client per request, so that no request meets a connection an earlier one left.
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return RawRequests.send(http, request);
        }
    }

    private static DataFile dataFile(Table table, String path)
    {
        return DataFiles.builder(table.spec())
                .withPath(path)
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(10)
                .withRecordCount(1)
                .build();
    }

    private static void write(FileIO io, String path, String content)
    {
        try (PositionOutputStream out = io.newOutputFile(path).createOrOverwrite()) {
            out.write(content.getBytes(UTF_8));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(FileIO io, String path)
    {
        try (SeekableInputStream in = io.newInputFile(path).newStream()) {
            return new String(in.readAllBytes(), UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String md5(String body)
    {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body.getBytes(UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
