package dev.trinomesh.catalog.server.registry;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.client.CatalogServiceException;
import dev.trinomesh.api.client.ProductQuery;
import dev.trinomesh.api.client.Versioned;
import dev.trinomesh.api.model.ApiError;
import dev.trinomesh.api.model.ApplyResult;
import dev.trinomesh.api.model.CatalogSnapshot;
import dev.trinomesh.api.model.ContractImpact;
import dev.trinomesh.api.model.DescriptorChange;
import dev.trinomesh.api.model.DescriptorDiff;
import dev.trinomesh.api.model.ProductPage;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.model.ProductStatus;
import dev.trinomesh.api.model.ProductSummary;
import dev.trinomesh.api.model.RevisionInfo;
import dev.trinomesh.api.model.VersionBump;
import dev.trinomesh.api.model.VersionCheck;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import io.airlift.http.client.HttpClient;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.Request;
import io.airlift.http.client.StringResponseHandler.StringResponse;
import io.airlift.http.client.jetty.JettyHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.airlift.http.client.Request.Builder.prepareGet;
import static io.airlift.http.client.Request.Builder.preparePost;
import static io.airlift.http.client.Request.Builder.preparePut;
import static io.airlift.http.client.StaticBodyGenerator.createStaticBodyGenerator;
import static io.airlift.http.client.StringResponseHandler.createStringResponseHandler;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The registry API over real HTTP, against a real database (H2 or PostgreSQL per subclass). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractTestRegistryApi
{
    private TestingCatalogService service;
    private HttpClient httpClient;
    private CatalogServiceClient client;

    protected abstract Map<String, String> databaseProperties();

    @BeforeAll
    void start()
    {
        // alice administers this registry: ownership of products is tested in TestRegistryOwnership.
        Map<String, String> properties = new HashMap<>(databaseProperties());
        properties.put("governance.admins", "user:alice");
        service = new TestingCatalogService(properties);
        httpClient = new JettyHttpClient(new HttpClientConfig());
        client = service.client(httpClient, "alice");
    }

    @AfterAll
    void stop()
    {
        httpClient.close();
        service.close();
        closeDatabase();
    }

    protected void closeDatabase() {}

    static String descriptor(String name, String version, String status, String extraColumn)
    {
        return """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata:
                  name: %s
                  domain: sales
                  owner: group:sales-team
                  version: %s
                  %s
                  description: Orders
                  tags: [orders]
                spec:
                  datasets:
                    - name: orders
                      source: {table: tpch.tiny.orders}
                      columns:
                        - {name: orderkey, type: bigint, required: true}
                        - {name: totalprice, type: double}
                %s
                """.formatted(name, version, status == null ? "" : "status: " + status, extraColumn == null ? "" : "        - " + extraColumn);
    }

    @Test
    void createReadUpdateWithHistoryAndDiff()
    {
        ApplyResult created = client.applyProduct("orders_a", descriptor("orders_a", "1.0.0", null, null), Optional.empty(), false);
        assertThat(created.outcome()).isEqualTo(ApplyResult.Outcome.CREATED);
        assertThat(created.product().revision()).isEqualTo(1);
        assertThat(created.product().status()).isEqualTo(ProductStatus.DRAFT);
        assertThat(created.product().updatedBy()).isEqualTo("alice");

        Versioned<ProductRecord> read = client.getProduct("orders_a").orElseThrow();
        assertThat(read.etag()).isEqualTo("\"1\"");
        assertThat(read.value().descriptor().spec().datasets().getFirst().columns()).hasSize(2);

        ApplyResult updated = client.applyProduct("orders_a", descriptor("orders_a", "1.1.0", "published", "{name: orderdate, type: date, description: Day ordered}"), Optional.of(read.etag()), false);
        assertThat(updated.outcome()).isEqualTo(ApplyResult.Outcome.UPDATED);
        assertThat(updated.product().revision()).isEqualTo(2);
        assertThat(updated.changes()).extracting(DescriptorChange::describe).containsExactly(
                "~ metadata.version: \"1.0.0\" → \"1.1.0\"",
                "~ metadata.status: \"draft\" → \"published\"",
                "+ spec.datasets[orders].columns[orderdate]: {\"name\":\"orderdate\",\"type\":\"date\",\"description\":\"Day ordered\"}");

        // Applying the same descriptor again changes nothing and keeps the revision.
        ApplyResult again = client.applyProduct("orders_a", descriptor("orders_a", "1.1.0", "published", "{name: orderdate, type: date, description: Day ordered}"), Optional.of("\"2\""), false);
        assertThat(again.outcome()).isEqualTo(ApplyResult.Outcome.UNCHANGED);
        assertThat(client.history("orders_a")).extracting(RevisionInfo::revision).containsExactly(1, 2);

        List<RevisionInfo> history = client.history("orders_a");
        assertThat(history.get(0).summary()).isEqualTo("created at version 1.0.0 (draft)");
        assertThat(history.get(1).summary()).startsWith("3 changes: metadata.version, metadata.status, spec.datasets[orders].columns[orderdate]");
        assertThat(client.diff("orders_a", OptionalInt.of(1), OptionalInt.of(2)).changes()).hasSize(3);
        assertThat(client.getProductRevision("orders_a", 1).descriptor().metadata().version()).isEqualTo("1.0.0");
    }

    @Test
    void updatesNeedTheCurrentRevision()
    {
        client.applyProduct("orders_b", descriptor("orders_b", "1.0.0", null, null), Optional.empty(), false);

        assertRefused(() -> client.applyProduct("orders_b", descriptor("orders_b", "1.0.1", null, null), Optional.empty(), false),
                428, "exists at revision 1: send If-Match: \"1\"");
        client.applyProduct("orders_b", descriptor("orders_b", "1.0.1", null, null), Optional.of("\"1\""), false);
        assertRefused(() -> client.applyProduct("orders_b", descriptor("orders_b", "1.0.2", null, null), Optional.of("\"1\""), false),
                412, "you expected revision 1, it is at revision 2 (by alice");
        assertThat(client.getProduct("orders_b").orElseThrow().value().metadata().version()).isEqualTo("1.0.1");
    }

    @Test
    void concurrentWritersNeverBothWin()
            throws Exception
    {
        client.applyProduct("orders_c", descriptor("orders_c", "1.0.0", null, null), Optional.empty(), false);
        int writers = 4;
        CyclicBarrier barrier = new CyclicBarrier(writers);
        ExecutorService executor = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Integer>> outcomes = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String version = "1.1." + i;
                outcomes.add(executor.submit((Callable<Integer>) () -> {
                    barrier.await();
                    try {
                        client.applyProduct("orders_c", descriptor("orders_c", version, null, null), Optional.of("\"1\""), false);
                        return 200;
                    }
                    catch (CatalogServiceException e) {
                        return e.status();
                    }
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> outcome : outcomes) {
                statuses.add(outcome.get());
            }
            assertThat(statuses).containsOnly(200, 412).filteredOn(status -> status == 200).hasSize(1);
        }
        finally {
            executor.shutdownNow();
        }
        assertThat(client.history("orders_c")).hasSize(2);
    }

    @Test
    void lifecycleMovesForwardOnly()
    {
        client.applyProduct("orders_d", descriptor("orders_d", "1.0.0", null, null), Optional.empty(), false);
        assertThat(client.changeStatus("orders_d", ProductStatus.PUBLISHED, Optional.empty()).status()).isEqualTo(ProductStatus.PUBLISHED);
        assertRefused(() -> client.changeStatus("orders_d", ProductStatus.DRAFT, Optional.empty()),
                400, "metadata.status: cannot move from published to draft; allowed next: deprecated");
        client.changeStatus("orders_d", ProductStatus.DEPRECATED, Optional.empty());
        client.changeStatus("orders_d", ProductStatus.RETIRED, Optional.empty());
        assertRefused(() -> client.changeStatus("orders_d", ProductStatus.PUBLISHED, Optional.of("\"4\"")),
                400, "allowed next: none: a retired product is final");
        assertThat(client.history("orders_d")).extracting(RevisionInfo::status)
                .containsExactly(ProductStatus.DRAFT, ProductStatus.PUBLISHED, ProductStatus.DEPRECATED, ProductStatus.RETIRED);
    }

    @Test
    void versionsNeverGoBackwards()
    {
        client.applyProduct("orders_e", descriptor("orders_e", "2.0.0", null, null), Optional.empty(), false);
        assertRefused(() -> client.applyProduct("orders_e", descriptor("orders_e", "1.9.0", null, null), Optional.of("*"), false),
                400, "metadata.version: is lower than the current version 2.0.0 (revision 1); versions never go backwards (got: 1.9.0)");
    }

    @Test
    void publishedProductsNeedAVersionThatFollowsTheirChanges()
    {
        client.applyProduct("orders_v", descriptor("orders_v", "1.0.0", "published", null), Optional.empty(), false);
        String withoutTotalPrice = descriptor("orders_v", "1.1.0", null, null).replace("        - {name: totalprice, type: double}\n", "");

        ApiError refused = refusal(() -> client.applyProduct("orders_v", withoutTotalPrice, Optional.of("\"1\""), false));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.error()).isEqualTo("VersionBumpRequired");
        assertThat(refused.message()).isEqualTo("product 'orders_v' is published: its changes need version 2.0.0 or later "
                + "(the registry holds published and deprecated products to semantic versions; drafts change freely)");
        assertThat(refused.violations()).extracting(Object::toString).containsExactly(
                "metadata.version: 1 breaking change needs a new major version, 2.0.0 or later (current: 1.0.0): "
                        + "spec.datasets[orders].columns[totalprice] (column removed: consumers selecting it fail; a rename is a removal and an addition) (got: 1.1.0)");
        assertThat(client.getProduct("orders_v").orElseThrow().value().revision()).isEqualTo(1);

        // A dry run shows every change and the version they need, rather than refusing.
        ApplyResult planned = client.applyProduct("orders_v", withoutTotalPrice, Optional.of("\"1\""), true);
        assertThat(planned.refusedForVersion()).isTrue();
        assertThat(planned.versionCheck()).isEqualTo(new VersionCheck("1.0.0", "1.1.0", VersionBump.MAJOR, "2.0.0", true, false));
        assertThat(planned.changes()).extracting(DescriptorChange::path, DescriptorChange::breaking).containsExactly(
                tuple("metadata.version", false),
                tuple("spec.datasets[orders].columns[totalprice]", true));

        ApplyResult major = client.applyProduct("orders_v", withoutTotalPrice.replace("version: 1.1.0", "version: 2.0.0"), Optional.of("\"1\""), false);
        assertThat(major.product().revision()).isEqualTo(2);
        assertThat(major.versionCheck().satisfied()).isTrue();

        // A compatible addition needs the next minor; documentation alone may keep the version.
        String withOrderDate = descriptor("orders_v", "2.0.0", null, "{name: orderdate, type: date}").replace("        - {name: totalprice, type: double}\n", "");
        assertRefused(() -> client.applyProduct("orders_v", withOrderDate, Optional.of("\"2\""), false),
                422, "metadata.version: 1 compatible contract change needs a new minor version, 2.1.0 or later (current: 2.0.0): spec.datasets[orders].columns[orderdate] (column added: queries that name their columns are unaffected) (got: 2.0.0)");
        client.applyProduct("orders_v", withOrderDate.replace("version: 2.0.0", "version: 2.1.0"), Optional.of("\"2\""), false);
        ApplyResult documented = client.applyProduct("orders_v", withOrderDate.replace("version: 2.0.0", "version: 2.1.0").replace("description: Orders", "description: Orders, one row each"), Optional.of("\"3\""), false);
        assertThat(documented.outcome()).isEqualTo(ApplyResult.Outcome.UPDATED);
        assertThat(documented.versionCheck().bump()).isEqualTo(VersionBump.PATCH);

        // Deprecated products are still read: the rule holds for them too.
        client.changeStatus("orders_v", ProductStatus.DEPRECATED, Optional.empty());
        assertRefused(() -> client.applyProduct("orders_v", descriptor("orders_v", "2.2.0", null, null), Optional.of("*"), false),
                422, "product 'orders_v' is deprecated: its changes need version 3.0.0 or later");
    }

    @Test
    void draftsChangeFreelyUntilPublished()
    {
        client.applyProduct("orders_w", descriptor("orders_w", "0.1.0", null, "{name: orderdate, type: date}"), Optional.empty(), false);
        ApplyResult reworked = client.applyProduct("orders_w", descriptor("orders_w", "0.1.0", null, "{name: orderdate, type: varchar}"), Optional.of("\"1\""), false);
        assertThat(reworked.outcome()).isEqualTo(ApplyResult.Outcome.UPDATED);
        assertThat(reworked.versionCheck()).isEqualTo(new VersionCheck("0.1.0", "0.1.0", VersionBump.MAJOR, "1.0.0", false, false));
        assertThat(reworked.refusedForVersion()).isFalse();

        // Publishing is a status move and needs no version of its own; from then on the rule holds.
        client.changeStatus("orders_w", ProductStatus.PUBLISHED, Optional.empty());
        assertRefused(() -> client.applyProduct("orders_w", descriptor("orders_w", "0.2.0", null, null), Optional.of("\"3\""), false),
                422, "1 breaking change needs a new major version, 1.0.0 or later (current: 0.1.0): spec.datasets[orders].columns[orderdate] (column removed");
        assertThat(client.applyProduct("orders_w", descriptor("orders_w", "1.0.0", null, null), Optional.of("\"3\""), false).product().revision()).isEqualTo(4);
    }

    @Test
    void diffsSayWhichChangesBreakAndTheBumpTheyNeed()
    {
        client.applyProduct("orders_x", descriptor("orders_x", "1.0.0", "published", "{name: orderdate, type: date}"), Optional.empty(), false);
        client.applyProduct("orders_x", descriptor("orders_x", "2.0.0", null, "{name: orderdate, type: varchar}").replace("type: double", "type: real"), Optional.of("\"1\""), false);

        DescriptorDiff diff = client.diff("orders_x", OptionalInt.empty(), OptionalInt.empty());
        assertThat(diff.bump()).isEqualTo(VersionBump.MAJOR);
        assertThat(diff.changes()).extracting(DescriptorChange::path, DescriptorChange::impact).containsExactly(
                tuple("metadata.version", ContractImpact.NONE),
                tuple("spec.datasets[orders].columns[totalprice].type", ContractImpact.BREAKING),
                tuple("spec.datasets[orders].columns[orderdate].type", ContractImpact.BREAKING));
        assertThat(diff.changes().get(1).reason()).isEqualTo("type changed from double to real, which is not a widening: values may not fit and consumers' casts and comparisons may fail");

        // New fields only: the JSON of a change keeps path, kind, before and after.
        StringResponse json = http(prepareGet().setUri(uri("/v1/products/orders_x/diff?from=1&to=2")).build());
        assertThat(json.getStatusCode()).isEqualTo(200);
        assertThat(json.getBody())
                .contains("{\"path\":\"spec.datasets[orders].columns[orderdate].type\",\"kind\":\"CHANGED\",\"before\":\"date\",\"after\":\"varchar\",\"impact\":\"breaking\",\"reason\":\"type changed from date to varchar")
                .contains("\"breaking\":true")
                .contains("\"bump\":\"major\"");
        assertThat(client.diff("orders_x", OptionalInt.of(0), OptionalInt.of(1)).bump()).isEqualTo(VersionBump.NONE);
    }

    @Test
    void invalidDescriptorsWriteNothing()
    {
        assertRefused(() -> client.applyProduct("orders_f", descriptor("orders_f", "1.0", null, "{name: amount, type: strnig}"), Optional.empty(), false),
                400, "descriptor of product 'orders_f' is invalid (2 problems)");
        ApiError error = refusal(() -> client.applyProduct("orders_f", descriptor("orders_f", "1.0", null, "{name: amount, type: strnig}"), Optional.empty(), false));
        assertThat(error.violations()).extracting(Object::toString).containsExactly(
                "metadata.version: must be a semantic version MAJOR.MINOR.PATCH such as 1.0.0 (see semver.org) (got: 1.0)",
                "spec.datasets[0].columns[2].type: unknown type 'strnig'; use a Trino type such as varchar, bigint, double, decimal(12,2), date, timestamp(6) with time zone, array(varchar) (got: strnig)");
        assertThat(client.getProduct("orders_f")).isEmpty();

        assertRefused(() -> client.applyProduct("orders_f", "metadata: [unclosed", Optional.empty(), false), 400, "malformed YAML/JSON at line 1");
        assertRefused(() -> client.applyProduct("orders_g", descriptor("orders_f", "1.0.0", null, null), Optional.empty(), false),
                400, "metadata.name: must equal the product named in the URL ('orders_g')");
        assertThat(client.getProduct("orders_f")).isEmpty();
        assertThat(client.getProduct("orders_g")).isEmpty();
    }

    @Test
    void dryRunReportsWithoutWriting()
    {
        ApplyResult planned = client.applyProduct("orders_h", descriptor("orders_h", "1.0.0", null, null), Optional.empty(), true);
        assertThat(planned.dryRun()).isTrue();
        assertThat(planned.outcome()).isEqualTo(ApplyResult.Outcome.CREATED);
        assertThat(client.getProduct("orders_h")).isEmpty();
    }

    @Test
    void listsWithFiltersAndPages()
    {
        for (String name : List.of("list_a", "list_b", "list_c", "list_d", "list_e")) {
            client.applyProduct(name, descriptor(name, "1.0.0", name.equals("list_c") ? "published" : null, null)
                    .replace("domain: sales", "domain: " + (name.compareTo("list_c") <= 0 ? "listing" : "other"))
                    .replace("tags: [orders]", "tags: [" + name + "]"), Optional.empty(), false);
        }
        List<String> names = new ArrayList<>();
        ProductQuery query = new ProductQuery(Optional.of("listing"), Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.of(2), Optional.empty());
        ProductPage page = client.listProducts(query);
        page.items().forEach(item -> names.add(item.name()));
        while (page.nextPageToken() != null) {
            page = client.listProducts(query.withPageToken(page.nextPageToken()));
            page.items().forEach(item -> names.add(item.name()));
        }
        assertThat(names).containsExactly("list_a", "list_b", "list_c");

        assertThat(client.listProducts(new ProductQuery(Optional.empty(), Optional.of("published"), Optional.of("list_c"), Optional.of("group:sales-team"), OptionalInt.empty(), Optional.empty())).items())
                .extracting(ProductSummary::name).containsExactly("list_c");
        assertThat(client.listDomains()).anySatisfy(domain -> {
            assertThat(domain.name()).isEqualTo("listing");
            assertThat(domain.products()).isEqualTo(3);
        });
        assertRefused(() -> client.listProducts(new ProductQuery(Optional.empty(), Optional.of("live"), Optional.empty(), Optional.empty(), OptionalInt.empty(), Optional.empty())),
                400, "status: must be one of draft, published, deprecated, retired (got: live)");
    }

    @Test
    void snapshotIsTaggedWithTheRegistryRevision()
    {
        CatalogSnapshot first = client.snapshotIfChanged(Optional.empty()).orElseThrow();
        assertThat(client.snapshotIfChanged(Optional.of(first.revision()))).isEmpty();
        client.applyProduct("snap_a", descriptor("snap_a", "1.0.0", "published", null), Optional.empty(), false);
        CatalogSnapshot second = client.snapshotIfChanged(Optional.of(first.revision())).orElseThrow();
        assertThat(second.revision()).isGreaterThan(first.revision());
        assertThat(second.products()).extracting(ProductRecord::name).contains("snap_a");
    }

    @Test
    void domainsCanBeDescribed()
    {
        client.applyDomain("finance", """
                apiVersion: mesh/v1
                kind: Domain
                metadata: {name: finance, owner: group:finance, description: Money}
                """);
        assertThat(client.listDomains()).anySatisfy(domain -> {
            assertThat(domain.name()).isEqualTo("finance");
            assertThat(domain.description()).isEqualTo("Money");
        });
        assertRefused(() -> client.applyDomain("finance", "apiVersion: mesh/v1\nkind: Domain\nmetadata: {name: finance, owner: finance}"),
                400, "metadata.owner: must be a principal");
    }

    private static String lakeDescriptor(String name, String namespace, String sourceNamespace)
    {
        return """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: %s, domain: sales, owner: group:sales-team, version: 1.0.0}
                spec:
                  lake: {namespace: %s}
                  datasets:
                    - name: orders
                      source: {table: lake.%s.orders}
                      columns:
                        - {name: id, type: bigint}
                """.formatted(name, namespace, sourceNamespace);
    }

    @Test
    void productsOnlyBindTheirOwnLakeNamespace()
    {
        client.applyProduct("lake_a", lakeDescriptor("lake_a", "lake_a", "lake_a"), Optional.empty(), false);

        ApiError foreign = refusal(() -> client.applyProduct("lake_b", lakeDescriptor("lake_b", "lake_b", "lake_a"), Optional.empty(), false));
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.violations()).extracting(Object::toString).containsExactly(
                "spec.datasets[0].source.table: a lake table of product 'lake_b' must be in its lake namespace 'lake_b'; to build on another product's data, read its dataset from the mesh catalog (source.sql) (got: lake.lake_a.orders)");

        // A dry run refuses what the apply would.
        for (boolean dryRun : List.of(true, false)) {
            assertRefused(() -> client.applyProduct("lake_b", lakeDescriptor("lake_b", "lake_a", "lake_a"), Optional.empty(), dryRun),
                    409, "lake namespace 'lake_a' belongs to product 'lake_a'; choose another with spec.lake.namespace");
        }
        assertThat(client.getProduct("lake_b")).isEmpty();
    }

    @Test
    void createOnlyAndAuthorsAreChecked()
    {
        String body = """
                {"apiVersion":"mesh/v1","kind":"DataProduct","metadata":{"name":"post_a","domain":"sales","owner":"user:bob","version":"0.1.0"},
                 "spec":{"datasets":[{"name":"t","source":{"sql":"SELECT 1 AS x"},"columns":[{"name":"x","type":"integer"}]}]}}""";
        assertThat(http(preparePost().setUri(uri("/v1/products")).setHeader("Content-Type", "application/json").setBodyGenerator(createStaticBodyGenerator(body, UTF_8)).build()).getStatusCode())
                .isEqualTo(201);
        StringResponse again = http(preparePost().setUri(uri("/v1/products")).setHeader("Content-Type", "application/json").setBodyGenerator(createStaticBodyGenerator(body, UTF_8)).build());
        assertThat(again.getStatusCode()).isEqualTo(409);
        assertThat(again.getBody()).contains("product 'post_a' already exists (revision 1); update it with PUT /v1/products/post_a and If-Match: \\\"1\\\"");

        // The author is whom the token proves: a name claimed in X-Mesh-User (once trusted) is dropped.
        StringResponse claimedAuthor = http(preparePut().setUri(uri("/v1/products/post_b"))
                .setHeader("Content-Type", "application/json")
                .setHeader("X-Mesh-User", "u".repeat(200))
                .setBodyGenerator(createStaticBodyGenerator(body.replace("post_a", "post_b"), UTF_8))
                .build());
        assertThat(claimedAuthor.getStatusCode()).isEqualTo(201);
        assertThat(client.getProduct("post_b")).hasValueSatisfying(product -> assertThat(product.value().updatedBy()).isEqualTo("alice"));
    }

    @Test
    void protocolErrorsAreExplained()
    {
        StringResponse unknownRoute = http(prepareGet().setUri(uri("/v1/nothing")).build());
        assertThat(unknownRoute.getStatusCode()).isEqualTo(404);
        assertThat(unknownRoute.getBody()).contains("\"status\":404");

        StringResponse missing = http(prepareGet().setUri(uri("/v1/products/nope")).build());
        assertThat(missing.getStatusCode()).isEqualTo(404);
        assertThat(missing.getBody()).contains("no product named 'nope'");

        StringResponse noBody = http(preparePut().setUri(uri("/v1/products/empty")).setHeader("Content-Type", "application/yaml").build());
        assertThat(noBody.getStatusCode()).isEqualTo(400);
        assertThat(noBody.getBody()).contains("the request has no descriptor");

        StringResponse badToken = http(prepareGet().setUri(uri("/v1/products?pageToken=%25%25")).build());
        assertThat(badToken.getStatusCode()).isEqualTo(400);

        StringResponse created = http(preparePost().setUri(uri("/v1/products"))
                .setHeader("Content-Type", "application/json")
                .setBodyGenerator(createStaticBodyGenerator("""
                        {"apiVersion":"mesh/v1","kind":"DataProduct","metadata":{"name":"json_a","domain":"sales","owner":"user:bob","version":"0.1.0"},
                         "spec":{"datasets":[{"name":"t","source":{"sql":"SELECT 1 AS x"},"columns":[{"name":"x","type":"integer"}]}]}}""", UTF_8))
                .build());
        assertThat(created.getStatusCode()).isEqualTo(201);
        assertThat(created.getHeader("ETag")).isEqualTo("\"1\"");

        StringResponse schema = http(prepareGet().setUri(uri("/v1/schemas/data-product")).build());
        assertThat(schema.getStatusCode()).isEqualTo(200);
        assertThat(schema.getBody()).contains("\"$schema\"");
    }

    /** Sends {@code request} as alice, unless it carries credentials of its own. */
    private StringResponse http(Request request)
    {
        Request authenticated = request.getHeader("Authorization") != null ? request : Request.Builder.fromRequest(request)
                .setHeader("Authorization", service.authorization("alice"))
                .build();
        return httpClient.execute(authenticated, createStringResponseHandler());
    }

    private URI uri(String path)
    {
        return service.baseUri().resolve(path);
    }

    private static void assertRefused(Runnable call, int status, String message)
    {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(CatalogServiceException.class, e -> assertThat(e.status()).isEqualTo(status))
                .hasMessageContaining(message);
    }

    private static ApiError refusal(Runnable call)
    {
        try {
            call.run();
        }
        catch (CatalogServiceException e) {
            return e.error().orElseThrow();
        }
        throw new AssertionError("call was not refused");
    }
}
