package dev.trinomesh.catalog.server.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.client.CatalogServiceException;
import dev.trinomesh.api.client.ProductQuery;
import dev.trinomesh.api.lineage.Impact;
import dev.trinomesh.api.lineage.LineageEdge;
import dev.trinomesh.api.lineage.LineageGraph;
import dev.trinomesh.api.model.DatasetFreshness;
import dev.trinomesh.api.model.DomainInfo;
import dev.trinomesh.api.model.LakeCommit;
import dev.trinomesh.api.model.PipelineRecord;
import dev.trinomesh.api.model.PolicyRecord;
import dev.trinomesh.api.model.ProductStatus;
import dev.trinomesh.api.model.ProductSummary;
import dev.trinomesh.catalog.testing.RawRequests;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.trinomesh.catalog.lineage.MeshEvents.input;
import static dev.trinomesh.catalog.lineage.MeshEvents.output;
import static dev.trinomesh.catalog.lineage.MeshEvents.query;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the demo's people learn from the service's API: eve (in no group, consumer of nothing) learns nothing about
 * products she may not read; alice (an analyst) sees the product she consumes and lineage to anything else as
 * {@code restricted}; sam (the sales team) applies, checks and releases his product only. Product {@code vault} of
 * domain {@code treasury} (the finance group's) is hidden from all three: none of its names may reach them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestNothingLeaks
{
    private static final Path DOCUMENT = Path.of("../../docs/reference/openapi.yaml");
    private static final String TRINO = "trino";
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    private static final Schema ORDERS = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "amount", Types.DoubleType.get()));
    private static final Schema LEDGER = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "balance_hidden", Types.DoubleType.get()));

    /**
     * Each name of the hidden product (and who owns and reads it) with a name of nothing, for asking about what does not
     * exist; longest first, so that replacing them in turn never replaces part of another.
     */
    private static final Map<String, String> HIDDEN_TO_GHOST = orderedMap(
            "treasury_rules", "nowhere_rules",
            "balance_hidden", "nothing_column",
            "treasury", "nowhere",
            "finance", "nogroup",
            "ledger", "nothing",
            "vault", "nosuch",
            "fiona", "nobody");
    /** What must never be named to someone who may not see {@code vault}, nor who the admins and the Trinos are. */
    private static final List<String> SECRETS = List.of("vault", "treasury", "ledger", "balance_hidden", "finance", "fiona", "user:admin", "user:trino");

    private Path groupFile;
    private TestingCatalogService service;
    private JettyHttpClient httpClient;
    private HttpClient rawClient;
    private RESTCatalog lake;

    @BeforeAll
    void start()
            throws IOException
    {
        groupFile = Files.createTempFile("groups", ".txt");
        // The demo's groups (etc/trino/groups.txt): eve is in none.
        Files.writeString(groupFile, """
                analysts:alice,bob
                pii-readers:bob
                finance:fiona
                sales-team:sam
                crm-team:carla
                """);
        service = new TestingCatalogService(Map.of(
                "governance.admins", "user:admin",
                "governance.group-file", groupFile.toString()));
        httpClient = new JettyHttpClient(new HttpClientConfig());
        rawClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        lake = service.lakeClient("leaks", TRINO, Map.of());
        lake.createNamespace(Namespace.of("shop"));
        append(lake.createTable(TableIdentifier.of("shop", "orders"), ORDERS));
        lake.createNamespace(Namespace.of("vault"));
        append(lake.createTable(TableIdentifier.of("vault", "ledger"), LEDGER));

        as("admin").applyDomain("treasury", "apiVersion: mesh/v1\nkind: Domain\nmetadata: {name: treasury, owner: group:finance, description: the finance group's}\n");
        as("sam").applyProduct("shop", shop("1.0.0"), Optional.empty(), false);
        as("fiona").applyProduct("vault", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: vault, domain: treasury, owner: group:finance, version: 1.0.0}
                spec:
                  datasets:
                    - name: ledger
                      source: {table: lake.vault.ledger}
                      columns:
                        - {name: id, type: bigint}
                        - {name: balance_hidden, type: double}
                """, Optional.empty(), false);
        // Published: served, so that the registry links each dataset to its lake table in lineage.
        as("fiona").changeStatus("vault", ProductStatus.PUBLISHED, Optional.empty());

        as("admin").applyPolicy("treasury_rules", policy("treasury_rules", "scope: domain\ndomain: treasury", "- {type: rowFilter, product: vault, expression: \"id > 0\"}"), Optional.empty(), false);
        as("admin").applyPolicy("shop_filter", policy("shop_filter", "scope: global", "- {type: rowFilter, product: shop, principals: [group:analysts], expression: \"id > 0\"}"), Optional.empty(), false);
        as("admin").applyPolicy("vault_deny", policy("vault_deny", "scope: global", "- {type: deny, product: vault, principals: [group:crm-team]}"), Optional.empty(), false);
        as("admin").applyPolicy("pii_everywhere", policy("pii_everywhere", "scope: global", "- {type: columnMask, classification: pii, mask: hash}"), Optional.empty(), false);

        as("sam").createRelease("shop", "orders", "r1", Optional.empty());
        as("fiona").createRelease("vault", "ledger", "r1", Optional.empty());

        // A pipeline of each product; the vault's reads and writes only the vault's lake namespace.
        as("sam").applyPipeline("orders_daily", pipeline("orders_daily", "shop", "INSERT INTO lake.shop.daily SELECT count(*) FROM lake.shop.orders"), Optional.empty(), false);
        as("fiona").applyPipeline("ledger_rollup", pipeline("ledger_rollup", "vault", "INSERT INTO lake.vault.summary SELECT sum(balance_hidden) FROM lake.vault.ledger"), Optional.empty(), false);

        // etl copies shop's orders into the vault; alice reads shop; fiona reads the vault and summarises it.
        as(TRINO).sendLineage(List.of(
                query(TRINO, "q1", "etl", T0, "INSERT INTO lake.vault.ledger SELECT id, amount FROM mesh.shop.orders",
                        List.of(input(TRINO, "lake.shop.orders", List.of("mesh.shop.orders"), List.of("id", "amount"))),
                        output(TRINO, "lake.vault.ledger", Map.of("id", List.of("lake.shop.orders.id"), "balance_hidden", List.of("lake.shop.orders.amount")))),
                query(TRINO, "q2", "alice", T0.plusSeconds(60), "SELECT * FROM mesh.shop.orders",
                        List.of(input(TRINO, "lake.shop.orders", List.of("mesh.shop.orders"), List.of("id", "amount"))), null),
                query(TRINO, "q3", "fiona", T0.plusSeconds(120), "SELECT * FROM mesh.vault.ledger",
                        List.of(input(TRINO, "lake.vault.ledger", List.of("mesh.vault.ledger"), List.of("id", "balance_hidden"))), null),
                query(TRINO, "q4", "fiona", T0.plusSeconds(180), "CREATE TABLE lake.vault.summary AS SELECT sum(balance_hidden) AS total FROM lake.vault.ledger",
                        List.of(input(TRINO, "lake.vault.ledger", List.of(), List.of("balance_hidden"))),
                        output(TRINO, "lake.vault.summary", Map.of("total", List.of("lake.vault.ledger.balance_hidden"))))));
    }

    @AfterAll
    void stop()
            throws IOException
    {
        if (lake != null) {
            lake.close();
        }
        httpClient.close();
        service.close();
        Files.deleteIfExists(groupFile);
    }

    @Test
    void eveSeesNoProductDomainPolicyReleaseOrLakeActivity()
    {
        CatalogServiceClient eve = as("eve");
        assertThat(eve.listProducts(ProductQuery.all()).items()).isEmpty();
        assertThat(eve.listDomains()).isEmpty();
        assertThat(eve.listPolicies()).isEmpty();
        assertThat(eve.lakeCommits(Optional.empty(), Optional.empty(), Optional.empty(), 100)).isEmpty();
        assertThat(eve.lakeCommits(Optional.of("vault"), Optional.empty(), Optional.empty(), 100)).isEmpty();
        assertThat(eve.freshness(Optional.empty())).isEmpty();
        assertThat(eve.freshness(Optional.of("vault"))).isEmpty();
        assertThat(eve.qualityStatus(Optional.empty())).isEmpty();
        assertThat(eve.qualityResults(Optional.of("vault"), Optional.empty(), Optional.empty(), 100)).isEmpty();

        // A hidden product is answered exactly as one that does not exist.
        assertThat(eve.getProduct("vault")).isEmpty();
        assertSameRefusal(() -> eve.history("vault"), () -> eve.history("nosuch"), 404);
        assertSameRefusal(() -> eve.getProductRevision("vault", 1), () -> eve.getProductRevision("nosuch", 1), 404);
        assertSameRefusal(() -> eve.diff("vault", OptionalInt.empty(), OptionalInt.empty()), () -> eve.diff("nosuch", OptionalInt.empty(), OptionalInt.empty()), 404);
        assertSameRefusal(() -> eve.releases("vault", Optional.empty()), () -> eve.releases("nosuch", Optional.empty()), 404);
        assertThat(eve.release("vault", "ledger", "r1")).isEmpty();
        assertThat(eve.getPolicy("treasury_rules")).isEmpty();
        assertThat(eve.getPolicy("shop_filter")).isEmpty();
        assertThat(eve.listPipelines(Optional.empty(), true)).isEmpty();
        assertThat(eve.listPipelines(Optional.of("vault"), true)).isEmpty();
        assertThat(eve.getPipeline("ledger_rollup")).isEmpty();
        assertSameRefusal(() -> eve.pipelineRevisions("ledger_rollup"), () -> eve.pipelineRevisions("nothing_rollup"), 404);
        assertSameRefusal(() -> eve.pipelineRevision("ledger_rollup", 1), () -> eve.pipelineRevision("nothing_rollup", 1), 404);
        assertSameRefusal(() -> eve.removePipeline("ledger_rollup", "1"), () -> eve.removePipeline("nothing_rollup", "1"), 404);
        assertThat(eve.getPipeline("orders_daily")).isEmpty();
        // shop is hidden from eve too.
        assertThat(eve.getProduct("shop")).isEmpty();
        assertSameRefusal(() -> eve.releases("shop", Optional.empty()), () -> eve.releases("nosuch", Optional.empty()), 404, "shop");
    }

    @Test
    void eveSeesNoLineageOfProductsSheMayNotRead()
    {
        CatalogServiceClient eve = as("eve");
        assertThat(eve.lineageEdges(Optional.empty(), 10_000)).isEmpty();
        assertThat(eve.lineageEdges(Optional.of("lake.shop.orders"), 10_000)).isEmpty();
        assertThat(eve.lineageEdges(Optional.of("mesh.vault.ledger"), 10_000)).isEmpty();
        assertThat(eve.usage(Optional.empty(), Optional.empty(), Optional.empty())).isEmpty();
        assertThat(eve.usage(Optional.of("vault"), Optional.empty(), Optional.empty())).isEmpty();
        assertThat(eve.usage(Optional.empty(), Optional.empty(), Optional.of("fiona"))).isEmpty();
        // A dataset she may not see is one the store has never recorded.
        assertSameRefusal(
                () -> eve.lineage("upstream", Optional.empty(), "mesh.vault.ledger", Optional.of("balance_hidden"), 5),
                () -> eve.lineage("upstream", Optional.empty(), "mesh.nosuch.nothing", Optional.of("nothing_column"), 5),
                404);
        assertSameRefusal(
                () -> eve.impact(Optional.empty(), "lake.shop.orders", Optional.empty(), 5),
                () -> eve.impact(Optional.empty(), "lake.nosuch.orders", Optional.empty(), 5),
                404,
                "shop");
        CatalogServiceException audit = refusal(() -> eve.audit(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 10));
        assertThat(audit.status()).isEqualTo(403);
        assertNoSecrets(audit.getMessage());
    }

    @Test
    void aliceSeesWhatSheReadsAndLineageBeyondItAsRestricted()
    {
        CatalogServiceClient alice = as("alice");
        assertThat(alice.listProducts(ProductQuery.all()).items()).extracting(ProductSummary::name).containsExactly("shop");
        assertThat(alice.listDomains()).containsExactly(new DomainInfo("sales", null, null, 1));
        assertThat(alice.listPolicies()).extracting(PolicyRecord::name).contains("shop_filter").doesNotContain("treasury_rules", "vault_deny", "pii_everywhere");
        assertThat(alice.lakeCommits(Optional.empty(), Optional.empty(), Optional.empty(), 100)).isNotEmpty().extracting(LakeCommit::namespace).containsOnly("shop");
        assertThat(alice.freshness(Optional.empty())).isNotEmpty().extracting(DatasetFreshness::product).containsOnly("shop");
        assertThat(alice.getProduct("vault")).isEmpty();
        assertThat(alice.listPipelines(Optional.empty(), true)).extracting(PipelineRecord::name).containsExactly("orders_daily");

        List<LineageEdge> edges = alice.lineageEdges(Optional.empty(), 10_000);
        assertNoSecrets(edges.toString());
        assertThat(edges).isNotEmpty().allSatisfy(edge -> assertThat(List.of(edge.sourceDataset(), edge.targetDataset())).anyMatch(dataset -> dataset.contains(".shop.")));
        // The copy into the vault: its target is restricted, numbered, without a namespace.
        assertThat(edges).filteredOn(edge -> edge.kind().equals("DIRECT") && edge.sourceDataset().equals("lake.shop.orders") && edge.sourceColumn() != null)
                .hasSize(2)
                .allSatisfy(edge -> {
                    assertThat(edge.targetNamespace()).isNull();
                    assertThat(edge.targetDataset()).matches("restricted-\\d+");
                    assertThat(edge.targetColumn()).matches("restricted-\\d+");
                });
        assertThat(edges).filteredOn(edge -> edge.kind().equals("CONTRACT"))
                .extracting(edge -> edge.sourceDataset() + "." + edge.sourceColumn() + " -> " + edge.targetDataset() + "." + edge.targetColumn())
                .contains("lake.shop.orders.id -> mesh.shop.orders.id", "lake.shop.orders.amount -> mesh.shop.orders.amount");
        assertThat(alice.lineageEdges(Optional.of("lake.vault.ledger"), 10_000)).isEmpty();

        // Downstream of shop's amount: the vault's two hops are there, without names, so that the walk stays true.
        LineageGraph downstream = alice.lineage("downstream", Optional.empty(), "lake.shop.orders", Optional.of("amount"), 5);
        assertNoSecrets(downstream.toString());
        assertThat(downstream.nodes()).extracting(node -> node.depth() + " " + node.dataset() + (node.column() == null ? "" : "." + node.column()))
                .contains("0 lake.shop.orders.amount", "1 mesh.shop.orders.amount")
                .filteredOn(node -> node.contains("restricted-"))
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(downstream.nodes()).filteredOn(node -> node.dataset().startsWith("restricted-")).allSatisfy(node -> {
            assertThat(node.namespace()).isNull();
            assertThat(node.product()).isNull();
        });

        Impact impact = alice.impact(Optional.empty(), "lake.shop.orders", Optional.of("amount"), 5);
        assertNoSecrets(impact.toString());
        assertThat(impact.products()).containsExactly("shop");
        assertThat(impact.restrictedProducts()).isEqualTo(1);
        assertThat(impact.datasets()).filteredOn(dataset -> dataset.dataset().startsWith("restricted-")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(impact.consumers()).extracting(Impact.Consumer::user).containsExactlyInAnyOrder("alice", "etl");
        // fiona read only the vault: counted, not named.
        assertThat(impact.restrictedConsumers()).isEqualTo(1);

        assertThat(alice.usage(Optional.empty(), Optional.empty(), Optional.empty()))
                .isNotEmpty()
                .allSatisfy(usage -> assertThat(usage.dataset()).contains(".shop."));
        assertSameRefusal(
                () -> alice.lineage("upstream", Optional.empty(), "lake.vault.summary", Optional.empty(), 5),
                () -> alice.lineage("upstream", Optional.empty(), "lake.nosuch.summary", Optional.empty(), 5),
                404);
    }

    @Test
    void governanceAdminsSeeEverythingByName()
    {
        CatalogServiceClient admin = as("admin");
        assertThat(admin.listProducts(ProductQuery.all()).items()).extracting(ProductSummary::name).containsExactly("shop", "vault");
        assertThat(admin.listPolicies()).extracting(PolicyRecord::name).contains("treasury_rules", "shop_filter", "vault_deny", "pii_everywhere");
        assertThat(admin.lineageEdges(Optional.empty(), 10_000)).extracting(LineageEdge::targetDataset).contains("lake.vault.ledger", "lake.vault.summary").noneMatch(dataset -> dataset.startsWith("restricted"));
        Impact impact = admin.impact(Optional.empty(), "lake.shop.orders", Optional.of("amount"), 5);
        assertThat(impact.products()).containsExactlyInAnyOrder("shop", "vault");
        assertThat(impact.restrictedProducts()).isZero();
        assertThat(impact.restrictedConsumers()).isZero();
        // fiona, the vault's owner, sees her product's policies of her domain and shop's lineage into it by name.
        assertThat(as("fiona").listPolicies()).extracting(PolicyRecord::name).contains("treasury_rules", "vault_deny");
        assertThat(as("fiona").lineageEdges(Optional.of("lake.vault.summary"), 10_000)).extracting(LineageEdge::sourceDataset).contains("lake.vault.ledger");
    }

    @Test
    void samAppliesChecksAndReleasesHisProductsOnly()
    {
        CatalogServiceClient sam = as("sam");
        assertThat(sam.applyProduct("shop", shop("1.1.0"), Optional.of("*"), false)
                .product().metadata().version()).isEqualTo("1.1.0");

        CatalogServiceException apply = refusal(() -> sam.applyProduct("vault", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: vault, domain: sales, owner: group:sales-team, version: 2.0.0}
                spec:
                  datasets:
                    - name: orders
                      source: {table: tpch.tiny.orders}
                      columns: [{name: orderkey, type: bigint}]
                """, Optional.empty(), false));
        assertThat(apply.status()).isEqualTo(403);
        assertThat(apply.getMessage()).contains("product 'vault' exists").doesNotContain("finance").doesNotContain("treasury").doesNotContain("user:admin");
        assertSameRefusal(() -> sam.changeStatus("vault", ProductStatus.PUBLISHED, Optional.empty()), () -> sam.changeStatus("nosuch", ProductStatus.PUBLISHED, Optional.empty()), 404);

        // A quality run: he may ask for his product's (this service has no Trino to run it on: 503), not for others'.
        assertThat(refusal(() -> sam.requestQualityRun("shop", Optional.empty())).status()).isEqualTo(503);
        assertSameRefusal(() -> sam.requestQualityRun("vault", Optional.empty()), () -> sam.requestQualityRun("nosuch", Optional.empty()), 404);
        CatalogServiceException aliceRun = refusal(() -> as("alice").requestQualityRun("shop", Optional.empty()));
        assertThat(aliceRun.status()).isEqualTo(403);
        assertSameRefusal(() -> as("eve").requestQualityRun("shop", Optional.empty()), () -> as("eve").requestQualityRun("nosuch", Optional.empty()), 404, "shop");

        // Releases: his product's, not the vault's; alice reads shop's releases but may not make one.
        assertThat(sam.createRelease("shop", "orders", "r2", Optional.empty()).createdBy()).isEqualTo("sam");
        assertSameRefusal(() -> sam.createRelease("vault", "ledger", "r2", Optional.empty()), () -> sam.createRelease("nosuch", "ledger", "r2", Optional.empty()), 404);
        assertSameRefusal(() -> sam.deleteRelease("vault", "ledger", "r1"), () -> sam.deleteRelease("nosuch", "ledger", "r1"), 404);
        assertThat(as("alice").releases("shop", Optional.empty())).extracting(release -> release.name()).contains("r1", "r2");
        assertThat(refusal(() -> as("alice").createRelease("shop", "orders", "r3", Optional.empty())).status()).isEqualTo(403);
        assertThat(refusal(() -> as("alice").deleteRelease("shop", "orders", "r2")).status()).isEqualTo(403);
        sam.deleteRelease("shop", "orders", "r2");

        // Policies: a hidden policy's name is taken, nothing more is told; removing it is removing one that does not exist.
        CatalogServiceException taken = refusal(() -> sam.applyPolicy("treasury_rules",
                policy("treasury_rules", "scope: domain\ndomain: sales", "- {type: rowFilter, product: shop, expression: \"id > 1\"}"), Optional.of("*"), false));
        assertThat(taken.status()).isEqualTo(403);
        assertThat(taken.getMessage()).contains("policy 'treasury_rules' exists").contains("a new policy needs a name of its own");
        assertNoSecrets(taken.getMessage().replace("treasury_rules", "nowhere_rules"));
        assertSameRefusal(() -> sam.removePolicy("treasury_rules", "1"), () -> sam.removePolicy("nowhere_rules", "1"), 404);
        assertSameRefusal(() -> as("eve").removePolicy("vault_deny", "1"), () -> as("eve").removePolicy("nosuch_deny", "1"), 404);
        assertThat(sam.applyPolicy("sales_rules", policy("sales_rules", "scope: domain\ndomain: sales", "- {type: rowFilter, product: shop, expression: \"id > 1\"}"), Optional.empty(), false)
                .policy().revision()).isEqualTo(1);
        assertThat(as("alice").getPolicy("sales_rules")).isPresent();
        assertThat(as("eve").getPolicy("sales_rules")).isEmpty();

        // Pipelines alike: a hidden pipeline's name is taken, nothing more is told; the vault is no product to him.
        CatalogServiceException pipelineTaken = refusal(() -> sam.applyPipeline("ledger_rollup",
                pipeline("ledger_rollup", "shop", "DELETE FROM lake.shop.daily"), Optional.empty(), false));
        assertThat(pipelineTaken.status()).isEqualTo(403);
        assertThat(pipelineTaken.getMessage()).contains("pipeline 'ledger_rollup' exists").contains("a new pipeline needs a name of its own");
        assertNoSecrets(pipelineTaken.getMessage().replace("ledger_rollup", "nothing_rollup"));
        assertSameRefusal(() -> sam.removePipeline("ledger_rollup", "1"), () -> sam.removePipeline("nothing_rollup", "1"), 404);
        assertSameRefusal(
                () -> sam.applyPipeline("vault_copy", pipeline("vault_copy", "vault", "DELETE FROM lake.vault.ledger"), Optional.empty(), true),
                () -> sam.applyPipeline("nosuch_copy", pipeline("nosuch_copy", "nosuch", "DELETE FROM lake.nosuch.nothing"), Optional.empty(), true),
                400);
        assertThat(as("alice").getPipeline("orders_daily")).isPresent();
        assertThat(refusal(() -> as("alice").removePipeline("orders_daily", "1")).status()).isEqualTo(403);
    }

    /**
     * Access requests: asking for the hidden product is answered as asking for one that does not exist, and a request for
     * it is, to anyone but its owners and its requester, a request that does not exist. mallory (in no group) asks, so
     * that eve's answers in the broad net below stay those of someone who asked nothing.
     */
    @Test
    void askingForAccessTellsNothingAboutHiddenProducts()
    {
        HttpResponse<String> hidden = askAs("mallory", "vault");
        HttpResponse<String> ghost = askAs("mallory", "nosuch");
        assertThat(hidden.statusCode()).isEqualTo(202);
        assertThat(ghost.statusCode()).isEqualTo(202);
        assertThat(withoutIdAndTime(ghost(hidden.body()))).isEqualTo(withoutIdAndTime(ghost.body()));
        assertNoSecrets(ghost.body());
        // A product she may not see but that exists (shop) is asked for alike; alice, who reads shop, is told she does.
        assertThat(askAs("mallory", "shop").statusCode()).isEqualTo(202);
        CatalogServiceException already = refusal(() -> as("alice").requestAccess("shop", "more"));
        assertThat(already.status()).isEqualTo(409);
        assertThat(askAs("alice", "vault").statusCode()).isEqualTo(202);

        CatalogServiceClient mallory = as("mallory");
        assertThat(withoutIdAndTime(ghost(mallory.accessRequests(Optional.of("vault"), Optional.empty()).toString())))
                .isEqualTo(withoutIdAndTime(mallory.accessRequests(Optional.of("nosuch"), Optional.empty()).toString()));
        // The vault's owner decides on the requests for it; to sam and eve they do not exist.
        long vaultRequest = mallory.accessRequests(Optional.of("vault"), Optional.empty()).getFirst().id();
        assertThat(as("fiona").accessRequests(Optional.of("vault"), Optional.empty())).extracting(request -> request.requester()).containsExactlyInAnyOrder("mallory", "alice");
        assertThat(as("sam").accessRequests(Optional.empty(), Optional.empty()).toString()).doesNotContain(SECRETS).contains("mallory");
        for (String person : List.of("sam", "eve", "alice")) {
            for (boolean approve : List.of(true, false)) {
                CatalogServiceException decided = refusal(() -> decide(person, vaultRequest, approve));
                CatalogServiceException nothing = refusal(() -> decide(person, 999_999, approve));
                assertThat(decided.status()).isEqualTo(404);
                assertThat(nothing.status()).isEqualTo(404);
                assertThat(decided.getMessage().replace(String.valueOf(vaultRequest), "N")).isEqualTo(nothing.getMessage().replace("999999", "N"));
            }
        }
    }

    private HttpResponse<String> askAs(String user, String product)
    {
        return RawRequests.send(rawClient, RawRequests.request(service.baseUri(), "POST", "/v1/products/%s/access-requests".formatted(product), "{\"reason\": \"audit\"}",
                "Authorization", service.authorization(user), "Accept", "application/json"));
    }

    private void decide(String user, long id, boolean approve)
    {
        if (approve) {
            as(user).approveAccessRequest(id, Optional.empty());
        }
        else {
            as(user).denyAccessRequest(id, Optional.empty());
        }
    }

    /** An answer without what differs between any two requests: their ids and times. */
    private static String withoutIdAndTime(String text)
    {
        return text.replaceAll("\"?id\"?[:=]\\d+", "id=N").replaceAll("\"?createdAt\"?[:=]\"?[0-9T:.Z-]+\"?", "createdAt=T");
    }

    @Test
    void theSnapshotsAreForTheTrinosAndAdminsAndSayNotWhoTheyAre()
    {
        for (String person : List.of("eve", "alice", "sam")) {
            CatalogServiceException catalog = refusal(() -> as(person).snapshotIfChanged(Optional.empty()));
            assertThat(catalog.status()).isEqualTo(403);
            assertNoSecrets(catalog.getMessage());
            CatalogServiceException governance = refusal(() -> as(person).governanceSnapshotIfChanged(Optional.empty(), new io.airlift.units.Duration(0, TimeUnit.SECONDS)));
            assertThat(governance.status()).isEqualTo(403);
            assertNoSecrets(governance.getMessage());
        }
        assertThat(as(TRINO).snapshotIfChanged(Optional.empty())).isPresent();
        assertThat(as("admin").snapshotIfChanged(Optional.empty())).isPresent();
    }

    @Test
    void aTrinoReadsForThePersonRunningAQueryAndNobodyElseMayAsk()
    {
        CatalogServiceClient trino = as(TRINO);
        assertThat(trino.onBehalfOf("alice").lineageEdges(Optional.empty(), 10_000)).isEqualTo(as("alice").lineageEdges(Optional.empty(), 10_000));
        assertThat(trino.onBehalfOf("eve").lineageEdges(Optional.empty(), 10_000)).isEmpty();
        assertThat(trino.onBehalfOf("eve").listProducts(ProductQuery.all()).items()).isEmpty();
        assertThat(trino.onBehalfOf("admin").lineageEdges(Optional.empty(), 10_000)).isEqualTo(as("admin").lineageEdges(Optional.empty(), 10_000));
        assertThat(trino.lineageEdges(Optional.empty(), 10_000)).isEqualTo(as("admin").lineageEdges(Optional.empty(), 10_000));

        // Only the Trinos may ask, and only to read.
        for (String caller : List.of("eve", "alice", "admin")) {
            CatalogServiceException refused = refusal(() -> as(caller).onBehalfOf("admin").lineageEdges(Optional.empty(), 10));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.getMessage()).contains("only the Trinos (governance.snapshot-readers) may send X-Mesh-On-Behalf-Of");
            assertNoSecrets(refused.getMessage());
        }
        CatalogServiceException write = refusal(() -> trino.onBehalfOf("sam").applyProduct("shop", "kind: DataProduct", Optional.empty(), true));
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.getMessage()).contains("X-Mesh-On-Behalf-Of is honoured on reads (GET) of /v1 only");
        CatalogServiceException empty = refusal(() -> trino.onBehalfOf("x".repeat(200)).lineageEdges(Optional.empty(), 10));
        assertThat(empty.status()).isEqualTo(400);
    }

    /**
     * A broad net: every GET route of docs/reference/openapi.yaml, as eve, once naming the hidden product's things and
     * once naming things that do not exist, unfiltered and with every name-like filter. The answers must be the same
     * but for the names asked about, and an answer about nothing must name nothing hidden.
     */
    @Test
    void everyDocumentedReadAnswersEveAsIfTheHiddenProductDidNotExist()
            throws Exception
    {
        JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(DOCUMENT.toFile());
        List<String> walked = new ArrayList<>();
        List<String> answered = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            JsonNode get = path.getValue().get("get");
            if (get == null) {
                continue;
            }
            List<JsonNode> parameters = new ArrayList<>();
            path.getValue().path("parameters").forEach(parameter -> parameters.add(resolve(document, parameter)));
            get.path("parameters").forEach(parameter -> parameters.add(resolve(document, parameter)));
            String route = fillPath(path.getKey());
            for (boolean filtered : List.of(false, true)) {
                List<String> query = new ArrayList<>();
                for (JsonNode parameter : parameters) {
                    String name = parameter.path("name").asText();
                    if (parameter.path("in").asText().equals("query") && (parameter.path("required").asBoolean() || filtered)) {
                        queryValue(path.getKey(), name).ifPresent(value -> query.add(name + "=" + URLEncoder.encode(value, UTF_8)));
                    }
                }
                String hidden = route + (query.isEmpty() ? "" : "?" + String.join("&", query));
                String ghost = ghost(hidden);
                HttpResponse<String> hiddenAnswer = getAsEve(hidden);
                HttpResponse<String> ghostAnswer = getAsEve(ghost);
                walked.add(hidden);
                if (ghostAnswer.statusCode() == 200) {
                    answered.add(ghost);
                }
                assertThat(ghostAnswer.body()).as("GET %s as eve", ghost).doesNotContain(SECRETS);
                if (!hidden.equals(ghost)) {
                    assertThat(hiddenAnswer.statusCode()).as("status of GET %s against GET %s as eve", hidden, ghost).isEqualTo(ghostAnswer.statusCode());
                    assertThat(ghost(hiddenAnswer.body())).as("GET %s as eve, its names replaced, against GET %s", hidden, ghost).isEqualTo(ghostAnswer.body());
                }
            }
        }
        assertThat(walked).as("routes walked").hasSizeGreaterThan(40);
        // Not a net of refusals only: eve is answered where anyone is (lists, her own tokens, the lake's config).
        assertThat(answered).as("reads answered with 200").hasSizeGreaterThan(20);
    }

    private HttpResponse<String> getAsEve(String pathAndQuery)
            throws IOException, InterruptedException
    {
        HttpRequest request = HttpRequest.newBuilder(URI.create(service.baseUri().toString().replaceAll("/$", "") + pathAndQuery))
                .header("Authorization", service.authorization("eve"))
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        return rawClient.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The route with each path parameter naming something of the hidden product (a release's name, a run's id). */
    private static String fillPath(String template)
    {
        Matcher matcher = Pattern.compile("\\{(\\w+)}").matcher(template);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String parameter = matcher.group(1);
            String value = switch (parameter) {
                case "name" -> template.startsWith("/v1/domains") ? "treasury"
                        : template.startsWith("/v1/policies") ? "treasury_rules"
                        : template.startsWith("/v1/pipelines") ? "ledger_rollup"
                        : template.contains("/releases/") ? "r1"
                        : "vault";
                case "product", "namespace" -> "vault";
                case "dataset", "table", "view", "metric" -> "ledger";
                case "major" -> "1";
                case "user" -> "fiona";
                case "revision", "id" -> "1";
                default -> throw new AssertionError("no value for path parameter %s of %s: add one".formatted(parameter, template));
            };
            matcher.appendReplacement(filled, value);
        }
        matcher.appendTail(filled);
        return filled.toString();
    }

    /** A query parameter naming something of the hidden product; empty for those that name nothing (limits, times, flags). */
    private static Optional<String> queryValue(String route, String parameter)
    {
        return Optional.ofNullable(switch (parameter) {
            case "dataset" -> route.startsWith("/v1/lineage") ? "mesh.vault.ledger" : "ledger";
            case "product", "name" -> "vault";
            case "q" -> "vault ledger";
            case "namespace" -> route.startsWith("/v1/lineage") ? null : "vault";
            case "domain" -> "treasury";
            case "owner" -> "group:finance";
            case "table" -> "ledger";
            case "column" -> "balance_hidden";
            case "fields", "by" -> "balance_hidden";
            case "user", "actor" -> "fiona";
            default -> null;
        });
    }

    private static String ghost(String text)
    {
        String ghost = text;
        for (Map.Entry<String, String> entry : HIDDEN_TO_GHOST.entrySet()) {
            ghost = ghost.replace(entry.getKey(), entry.getValue());
        }
        return ghost;
    }

    private static JsonNode resolve(JsonNode document, JsonNode node)
    {
        String reference = node.path("$ref").asText("");
        return reference.startsWith("#/") ? document.at(reference.substring(1)) : node;
    }

    private CatalogServiceClient as(String user)
    {
        return service.client(httpClient, user);
    }

    private static void assertNoSecrets(String text)
    {
        assertThat(text).doesNotContain(SECRETS);
    }

    /**
     * Both calls are refused alike, with {@code status} and the same message but for the names asked about: the hidden
     * product's, and {@code alsoHidden} (products hidden from this caller only), which the ghost call names as {@code nosuch}.
     */
    private static void assertSameRefusal(Runnable hidden, Runnable ghost, int status, String... alsoHidden)
    {
        CatalogServiceException hiddenRefusal = refusal(hidden);
        CatalogServiceException ghostRefusal = refusal(ghost);
        assertThat(hiddenRefusal.status()).as(hiddenRefusal.getMessage()).isEqualTo(status);
        assertThat(ghostRefusal.status()).as(ghostRefusal.getMessage()).isEqualTo(status);
        String replaced = ghost(hiddenRefusal.getMessage());
        for (String name : alsoHidden) {
            replaced = replaced.replace(name, "nosuch");
        }
        assertThat(replaced).isEqualTo(ghostRefusal.getMessage());
        assertNoSecrets(ghostRefusal.getMessage());
    }

    private static CatalogServiceException refusal(Runnable call)
    {
        try {
            call.run();
        }
        catch (CatalogServiceException e) {
            return e;
        }
        throw new AssertionError("the call was allowed");
    }

    private static String shop(String version)
    {
        return """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: shop, domain: sales, owner: group:sales-team, version: %s, status: published}
                spec:
                  access: {consumers: [group:analysts]}
                  datasets:
                    - name: orders
                      source: {table: lake.shop.orders}
                      columns:
                        - {name: id, type: bigint}
                        - {name: amount, type: double}
                """.formatted(version);
    }

    private static String policy(String name, String scopeLines, String rules)
    {
        return """
                apiVersion: mesh/v1
                kind: Policy
                metadata:
                  name: %s
                %s
                spec:
                  rules:
                %s
                """.formatted(name, scopeLines.indent(2).stripTrailing(), rules.indent(4).stripTrailing());
    }

    private static String pipeline(String name, String product, String sql)
    {
        return """
                apiVersion: mesh/v1
                kind: Pipeline
                metadata: {name: %s, product: %s}
                spec:
                  trigger: {every: 1h}
                  steps:
                    - {name: step, sql: "%s"}
                """.formatted(name, product, sql);
    }

    private static void append(Table table)
    {
        DataFile file = DataFiles.builder(PartitionSpec.unpartitioned())
                .withPath(table.location() + "/data/" + UUID.randomUUID() + ".parquet")
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(100)
                .withRecordCount(3)
                .build();
        table.newAppend().appendFile(file).commit();
    }

    private static Map<String, String> orderedMap(String... keysAndValues)
    {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
