package dev.trinomesh.catalog.server.lineage;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.client.CatalogServiceException;
import dev.trinomesh.api.lineage.AuditEntry;
import dev.trinomesh.api.lineage.AuditEntry.AuditedDataset;
import dev.trinomesh.api.lineage.DatasetUsage;
import dev.trinomesh.api.lineage.Door;
import dev.trinomesh.api.lineage.Impact;
import dev.trinomesh.api.lineage.Impact.ImpactedDataset;
import dev.trinomesh.api.lineage.IngestResult;
import dev.trinomesh.api.lineage.LineageEdge;
import dev.trinomesh.api.lineage.LineageGraph;
import dev.trinomesh.api.lineage.LineageNode;
import dev.trinomesh.api.lineage.OpenLineage.ColumnMask;
import dev.trinomesh.api.lineage.OpenLineage.InputDataset;
import dev.trinomesh.api.lineage.OpenLineage.RunEvent;
import dev.trinomesh.api.model.ProductStatus;
import dev.trinomesh.api.model.Violation;
import dev.trinomesh.catalog.lineage.OpenLineageJson;
import dev.trinomesh.catalog.lineage.RunEventReader;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import io.airlift.http.client.HttpClient;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.trinomesh.catalog.lineage.MeshEvents.impersonated;
import static dev.trinomesh.catalog.lineage.MeshEvents.input;
import static dev.trinomesh.catalog.lineage.MeshEvents.output;
import static dev.trinomesh.catalog.lineage.MeshEvents.query;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lineage store over real HTTP against a real database (H2 or PostgreSQL per subclass). A small mesh: product
 * {@code orders} serves lake table {@code lake.orders.orders_raw} as {@code mesh.orders.orders}; an ETL query builds
 * {@code lake.revenue.daily} from it, which product {@code revenue} serves as {@code daily_revenue} and summarises
 * in the SQL-defined {@code regional_summary}; analysts read through the views; a query rewrites a table from itself.
 * Tests that write use names of their own, so that the chain's figures stay exact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractTestLineageApi
{
    private static final String TRINO = "trino";
    // The graph's mechanics are read by a governance admin, who sees all of it; what a person sees is TestNothingLeaks'.
    private static final String READER = "admin";
    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");
    private static final String ORDERS_RAW = "lake.orders.orders_raw";
    private static final String ORDERS = "mesh.orders.orders";
    private static final String DAILY = "lake.revenue.daily";
    private static final String DAILY_REVENUE = "mesh.revenue.daily_revenue";
    private static final String SUMMARY = "mesh.revenue.regional_summary";
    private static final String EMAIL_MASK = "to_hex(sha256(to_utf8(email)))";

    private TestingCatalogService service;
    private HttpClient httpClient;
    private List<RunEvent> chain;

    protected abstract Map<String, String> databaseProperties();

    protected void closeDatabase() {}

    @BeforeAll
    void start()
    {
        Map<String, String> properties = new HashMap<>(databaseProperties());
        properties.put("lineage.producers", "user:spark");
        properties.put("lineage.max-walk-nodes", "200");
        service = new TestingCatalogService(properties);
        httpClient = new JettyHttpClient(new HttpClientConfig());
        as("admin").applyProduct("orders", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: orders, domain: sales, owner: group:sales-team, version: 1.0.0, status: published}
                spec:
                  datasets:
                    - name: orders
                      source: {table: lake.orders.orders_raw}
                      columns:
                        - {name: order_id, type: bigint}
                        - {name: created, type: date}
                        - {name: amount, type: double}
                        - {name: region, type: varchar}
                        - {name: status, type: varchar}
                        - {name: email, type: varchar, classification: pii}
                """, Optional.empty(), false);
        as("admin").applyProduct("revenue", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: revenue, domain: finance, owner: group:finance-team, version: 1.0.0, status: published}
                spec:
                  datasets:
                    - name: daily_revenue
                      source: {table: lake.revenue.daily}
                      columns:
                        - {name: day, type: date}
                        - {name: region, type: varchar}
                        - {name: revenue, type: double}
                    - name: regional_summary
                      source: {sql: "SELECT region, sum(revenue) AS revenue FROM revenue.daily_revenue GROUP BY region"}
                      columns:
                        - {name: region, type: varchar}
                        - {name: revenue, type: double}
                """, Optional.empty(), false);

        chain = List.of(
                query(TRINO, "q1", "etl", T0.plusSeconds(60),
                        "CREATE TABLE lake.revenue.daily AS SELECT created AS day, region, sum(amount) AS revenue FROM mesh.orders.orders WHERE status = 'done' GROUP BY 1, 2",
                        List.of(input(TRINO, ORDERS_RAW, List.of(ORDERS), List.of("created", "region", "amount", "status"))),
                        output(TRINO, DAILY, Map.of(
                                "day", List.of(ORDERS_RAW + ".created"),
                                "region", List.of(ORDERS_RAW + ".region"),
                                "revenue", List.of(ORDERS_RAW + ".amount")))),
                query(TRINO, "q2", "alice", T0.plusSeconds(120), "SELECT * FROM mesh.revenue.regional_summary",
                        List.of(input(TRINO, DAILY, List.of(DAILY_REVENUE, SUMMARY), List.of("region", "revenue"), List.of("region = 'EU'"), Map.of())),
                        null),
                query(TRINO, "q3", "bob", T0.plusSeconds(180), "SELECT order_id, email FROM mesh.orders.orders",
                        List.of(input(TRINO, ORDERS_RAW, List.of(ORDERS), List.of("order_id", "email"), List.of(), Map.of("email", EMAIL_MASK))),
                        null),
                query(TRINO, "q4", "etl", T0.plusSeconds(240), "INSERT INTO lake.revenue.daily SELECT day, region, revenue * 2 FROM lake.revenue.daily",
                        List.of(input(TRINO, DAILY, List.of(), List.of("day", "region", "revenue"))),
                        output(TRINO, DAILY, Map.of(
                                "day", List.of(DAILY + ".day"),
                                "region", List.of(DAILY + ".region"),
                                "revenue", List.of(DAILY + ".revenue")))));
        assertThat(as(TRINO).sendLineage(chain)).isEqualTo(new IngestResult(4, 4, 0));
    }

    @AfterAll
    void stop()
    {
        httpClient.close();
        service.close();
        closeDatabase();
    }

    private CatalogServiceClient as(String user)
    {
        return service.client(httpClient, user);
    }

    @Test
    void edgesOfTheChainComeFromQueriesViewsAndContracts()
    {
        assertThat(edges(ORDERS_RAW)).containsExactlyInAnyOrder(
                "lake.orders.orders_raw -> lake.revenue.daily DIRECT",
                "lake.orders.orders_raw -> mesh.orders.orders CONTRACT",
                "lake.orders.orders_raw -> mesh.orders.orders VIEW",
                "lake.orders.orders_raw.amount -> lake.revenue.daily.revenue DIRECT",
                "lake.orders.orders_raw.amount -> mesh.orders.orders.amount CONTRACT",
                "lake.orders.orders_raw.created -> lake.revenue.daily.day DIRECT",
                "lake.orders.orders_raw.created -> mesh.orders.orders.created CONTRACT",
                "lake.orders.orders_raw.email -> mesh.orders.orders.email CONTRACT",
                "lake.orders.orders_raw.order_id -> mesh.orders.orders.order_id CONTRACT",
                "lake.orders.orders_raw.region -> lake.revenue.daily.region DIRECT",
                "lake.orders.orders_raw.region -> mesh.orders.orders.region CONTRACT",
                "lake.orders.orders_raw.status -> mesh.orders.orders.status CONTRACT");
        assertThat(edges(DAILY)).containsExactlyInAnyOrder(
                // written by q1 from the table behind mesh.orders.orders, which the query named
                "lake.orders.orders_raw -> lake.revenue.daily DIRECT",
                "mesh.orders.orders -> lake.revenue.daily DIRECT",
                "lake.orders.orders_raw.amount -> lake.revenue.daily.revenue DIRECT",
                "lake.orders.orders_raw.created -> lake.revenue.daily.day DIRECT",
                "lake.orders.orders_raw.region -> lake.revenue.daily.region DIRECT",
                // q4 rewrote it from itself
                "lake.revenue.daily -> lake.revenue.daily DIRECT",
                "lake.revenue.daily.day -> lake.revenue.daily.day DIRECT",
                "lake.revenue.daily.region -> lake.revenue.daily.region DIRECT",
                "lake.revenue.daily.revenue -> lake.revenue.daily.revenue DIRECT",
                // q2 read it through two views
                "lake.revenue.daily -> mesh.revenue.daily_revenue VIEW",
                // product revenue serves it
                "lake.revenue.daily -> mesh.revenue.daily_revenue CONTRACT",
                "lake.revenue.daily.day -> mesh.revenue.daily_revenue.day CONTRACT",
                "lake.revenue.daily.region -> mesh.revenue.daily_revenue.region CONTRACT",
                "lake.revenue.daily.revenue -> mesh.revenue.daily_revenue.revenue CONTRACT");
        assertThat(edges(SUMMARY)).containsExactly("mesh.revenue.daily_revenue -> mesh.revenue.regional_summary VIEW");

        LineageEdge edge = as(READER).lineageEdges(Optional.of(DAILY), 1000).stream()
                .filter(candidate -> "revenue".equals(candidate.targetColumn()) && candidate.kind().equals("DIRECT") && candidate.sourceDataset().equals(ORDERS_RAW))
                .findFirst().orElseThrow();
        assertThat(edge.firstSeen()).isEqualTo(T0.plusSeconds(60));
        assertThat(edge.lastSeen()).isEqualTo(T0.plusSeconds(60));
        assertThat(edge.lastQueryId()).isEqualTo("q1");
        assertThat(as(READER).lineageEdges(Optional.of("lake.nothing.here"), 10)).isEmpty();
        assertThat(as(READER).lineageEdges(Optional.empty(), 5)).hasSize(5);
    }

    @Test
    void upstreamOfAColumnOfASqlDatasetCrossesTheViewsAtDatasetLevel()
    {
        LineageGraph graph = as(READER).lineage("upstream", Optional.empty(), SUMMARY, Optional.of("region"), 5);
        assertThat(graph.root()).isEqualTo(new LineageNode(TRINO, SUMMARY, "region", "revenue", 0));
        assertThat(nodes(graph)).containsExactly(
                "0 mesh.revenue.regional_summary",
                "0 mesh.revenue.regional_summary.region",
                "1 mesh.revenue.daily_revenue",
                "2 lake.revenue.daily",
                "3 lake.orders.orders_raw",
                "3 mesh.orders.orders");
        assertThat(graph.nodes()).filteredOn(node -> node.dataset().equals(ORDERS_RAW)).extracting(LineageNode::product).containsExactly("orders");
        assertThat(edges(graph)).containsExactlyInAnyOrder(
                "mesh.revenue.daily_revenue -> mesh.revenue.regional_summary VIEW",
                "lake.revenue.daily -> mesh.revenue.daily_revenue VIEW",
                "lake.revenue.daily -> mesh.revenue.daily_revenue CONTRACT",
                "lake.orders.orders_raw -> lake.revenue.daily DIRECT",
                "mesh.orders.orders -> lake.revenue.daily DIRECT",
                "lake.revenue.daily -> lake.revenue.daily DIRECT",
                "lake.orders.orders_raw -> mesh.orders.orders VIEW",
                "lake.orders.orders_raw -> mesh.orders.orders CONTRACT");
        assertThat(graph.truncated()).isFalse();

        assertThat(nodes(as(READER).lineage("upstream", Optional.empty(), SUMMARY, Optional.of("region"), 1)))
                .containsExactly("0 mesh.revenue.regional_summary", "0 mesh.revenue.regional_summary.region", "1 mesh.revenue.daily_revenue");
        assertThat(edges(as(READER).lineage("upstream", Optional.of(TRINO), SUMMARY, Optional.of("region"), 2))).containsExactlyInAnyOrder(
                "mesh.revenue.daily_revenue -> mesh.revenue.regional_summary VIEW",
                "lake.revenue.daily -> mesh.revenue.daily_revenue VIEW",
                "lake.revenue.daily -> mesh.revenue.daily_revenue CONTRACT");
    }

    @Test
    void upstreamOfAColumnFollowsColumnEdgesThroughACycleOnce()
    {
        LineageGraph graph = as(READER).lineage("upstream", Optional.empty(), DAILY, Optional.of("revenue"), 20);
        assertThat(nodes(graph)).containsExactly("0 lake.revenue.daily.revenue", "1 lake.orders.orders_raw.amount");
        assertThat(edges(graph)).containsExactlyInAnyOrder(
                "lake.orders.orders_raw.amount -> lake.revenue.daily.revenue DIRECT",
                "lake.revenue.daily.revenue -> lake.revenue.daily.revenue DIRECT");
    }

    @Test
    void downstreamOfALakeColumnReachesTheProductsServingIt()
    {
        LineageGraph graph = as(READER).lineage("downstream", Optional.empty(), ORDERS_RAW, Optional.of("amount"), 5);
        assertThat(nodes(graph)).containsExactly(
                "0 lake.orders.orders_raw.amount",
                "1 lake.revenue.daily.revenue",
                // mesh.orders.orders.amount has no column lineage of its own: its dataset's is followed
                "1 mesh.orders.orders",
                "1 mesh.orders.orders.amount",
                "2 lake.revenue.daily",
                "2 mesh.revenue.daily_revenue",
                "2 mesh.revenue.daily_revenue.revenue",
                "3 mesh.revenue.regional_summary");

        LineageGraph datasets = as(READER).lineage("downstream", Optional.empty(), ORDERS_RAW, Optional.empty(), 1);
        assertThat(nodes(datasets)).containsExactly("0 lake.orders.orders_raw", "1 lake.revenue.daily", "1 mesh.orders.orders");
        assertThat(nodes(as(READER).lineage("downstream", Optional.empty(), ORDERS_RAW, Optional.empty(), 3)))
                .containsExactly("0 lake.orders.orders_raw", "1 lake.revenue.daily", "1 mesh.orders.orders", "2 mesh.revenue.daily_revenue", "3 mesh.revenue.regional_summary");
    }

    @Test
    void impactNamesTheDatasetsProductsAndConsumersDownstream()
    {
        Impact impact = as(READER).impact(Optional.empty(), ORDERS_RAW, Optional.of("amount"), 5);
        assertThat(impact.root()).isEqualTo(new LineageNode(TRINO, ORDERS_RAW, "amount", "orders", 0));
        assertThat(impact.datasets()).containsExactly(
                new ImpactedDataset(TRINO, DAILY, "revenue", List.of("revenue"), 1),
                new ImpactedDataset(TRINO, ORDERS, "orders", List.of("amount"), 1),
                new ImpactedDataset(TRINO, DAILY_REVENUE, "revenue", List.of("revenue"), 2),
                new ImpactedDataset(TRINO, SUMMARY, "revenue", List.of(), 3));
        assertThat(impact.products()).containsExactly("orders", "revenue");
        // Reads of the root and of everything downstream, summed over the datasets.
        assertThat(impact.consumers()).extracting(consumer -> consumer.user() + "=" + consumer.queries()).containsExactly("alice=3", "etl=3", "bob=2");
        assertThat(impact.consumers()).filteredOn(consumer -> consumer.user().equals("bob")).extracting(Impact.Consumer::lastSeen).containsExactly(T0.plusSeconds(178));
        assertThat(impact.truncated()).isFalse();
    }

    @Test
    void usageCountsRunsPerDatasetAndUserDirectlyOrThroughViews()
    {
        assertThat(usage(as(READER).usage(Optional.of("revenue"), Optional.empty(), Optional.empty()))).containsExactly(
                "revenue lake.revenue.daily alice 1",
                "revenue lake.revenue.daily etl 1",
                "revenue mesh.revenue.daily_revenue alice 1",
                "revenue mesh.revenue.regional_summary alice 1");
        assertThat(usage(as(READER).usage(Optional.of("orders"), Optional.empty(), Optional.empty()))).containsExactly(
                "orders lake.orders.orders_raw bob 1",
                "orders lake.orders.orders_raw etl 1",
                "orders mesh.orders.orders bob 1",
                "orders mesh.orders.orders etl 1");
        assertThat(usage(as(READER).usage(Optional.empty(), Optional.of(ORDERS_RAW), Optional.of("bob")))).containsExactly("orders lake.orders.orders_raw bob 1");
        assertThat(as(READER).usage(Optional.of("no_such_product"), Optional.empty(), Optional.empty())).isEmpty();

        DatasetUsage etl = as(READER).usage(Optional.empty(), Optional.of(DAILY), Optional.of("etl")).getFirst();
        // The read's time is the query's start (create time); q4 ran at T0+240s
        assertThat(etl.firstSeen()).isEqualTo(T0.plusSeconds(238));
        assertThat(etl.lastSeen()).isEqualTo(T0.plusSeconds(238));
    }

    @Test
    void auditShowsWhoReadWhatWithTheFiltersAndMasksApplied()
    {
        List<AuditEntry> bob = as("admin").audit(Optional.of("bob"), Optional.empty(), Optional.empty(), Optional.empty(), 10);
        assertThat(bob).hasSize(1);
        AuditEntry entry = bob.getFirst();
        assertThat(entry.queryId()).isEqualTo("q3");
        assertThat(entry.user()).isEqualTo("bob");
        assertThat(entry.groups()).containsExactly("analysts");
        assertThat(entry.state()).isEqualTo("FINISHED");
        assertThat(entry.queryType()).isEqualTo("SELECT");
        assertThat(entry.query()).isEqualTo("SELECT order_id, email FROM mesh.orders.orders");
        assertThat(entry.startTime()).isEqualTo(T0.plusSeconds(178));
        assertThat(entry.endTime()).isEqualTo(T0.plusSeconds(180));
        assertThat(entry.datasets()).containsExactly(
                new AuditedDataset(TRINO, ORDERS_RAW, "orders", false, List.of(ORDERS), List.of("order_id", "email"), List.of(), List.of(new ColumnMask("email", EMAIL_MASK))),
                new AuditedDataset(TRINO, ORDERS, "orders", true, List.of(), null, null, null));

        assertThat(queryIds(as(TRINO).audit(Optional.empty(), Optional.of(SUMMARY), Optional.empty(), Optional.empty(), 10))).containsExactly("q2");
        AuditedDataset filtered = as(TRINO).audit(Optional.empty(), Optional.of(SUMMARY), Optional.empty(), Optional.empty(), 10).getFirst().datasets().stream()
                .filter(dataset -> dataset.dataset().equals(DAILY)).findFirst().orElseThrow();
        assertThat(filtered.rowFilters()).containsExactly("region = 'EU'");
        assertThat(filtered.via()).containsExactly(DAILY_REVENUE, SUMMARY);
        assertThat(queryIds(as("admin").audit(Optional.empty(), Optional.empty(), Optional.of("orders"), Optional.empty(), 10))).containsExactly("q3", "q1");
        assertThat(queryIds(as("admin").audit(Optional.of("etl"), Optional.empty(), Optional.empty(), Optional.empty(), 10))).containsExactly("q4", "q1");
        assertThat(queryIds(as("admin").audit(Optional.of("etl"), Optional.empty(), Optional.empty(), Optional.of(T0.plusSeconds(150)), 10))).containsExactly("q4");
        assertThat(queryIds(as("admin").audit(Optional.of("etl"), Optional.of(DAILY), Optional.empty(), Optional.empty(), 10))).containsExactly("q4");
        assertThat(as("admin").audit(Optional.of("etl"), Optional.empty(), Optional.empty(), Optional.empty(), 1)).hasSize(1);
        assertThat(as("admin").audit(Optional.empty(), Optional.empty(), Optional.of("no_such_product"), Optional.empty(), 10)).isEmpty();
    }

    @Test
    void auditRecordsTheDoorAndWhoRanTheQueryForThePerson()
    {
        // A dataset of its own, so that the other tests' usage and audit stay as they are.
        RunEvent fromThePortal = impersonated(query(TRINO, "q-portal", "carol", T0.plusSeconds(300), "SELECT region FROM lake.elsewhere.visits",
                List.of(input(TRINO, "lake.elsewhere.visits", List.of(), List.of("region"))), null), "mesh-service", Door.PORTAL);
        assertThat(as(TRINO).sendLineage(List.of(fromThePortal))).isEqualTo(new IngestResult(1, 1, 0));
        AuditEntry entry = as("admin").audit(Optional.of("carol"), Optional.empty(), Optional.empty(), Optional.empty(), 10).getFirst();
        assertThat(entry.door()).isEqualTo("portal");
        assertThat(entry.impersonator()).isEqualTo("mesh-service");
        assertThat(entry.source()).isEqualTo("mesh-portal");
        // An agent's tool call through the service's MCP server.
        RunEvent fromMcp = impersonated(query(TRINO, "q-mcp", "carol", T0.plusSeconds(310), "SELECT region FROM lake.elsewhere.visits",
                List.of(input(TRINO, "lake.elsewhere.visits", List.of(), List.of("region"))), null), "mesh-service", Door.MCP);
        assertThat(as(TRINO).sendLineage(List.of(fromMcp))).isEqualTo(new IngestResult(1, 1, 0));
        AuditEntry tool = as("admin").audit(Optional.of("carol"), Optional.empty(), Optional.empty(), Optional.empty(), 10).getFirst();
        assertThat(tool.queryId()).isEqualTo("q-mcp");
        assertThat(tool.door()).isEqualTo("mcp");
        assertThat(tool.source()).isEqualTo("mesh-mcp");
        assertThat(tool.impersonator()).isEqualTo("mesh-service");
        // A query the person ran themselves.
        AuditEntry own = as("admin").audit(Optional.of("bob"), Optional.empty(), Optional.empty(), Optional.empty(), 10).getFirst();
        assertThat(own.door()).isEqualTo("sql");
        assertThat(own.impersonator()).isNull();
    }

    @Test
    void aReadOfAPinnedTableIsAReadOfTheTableItPins()
    {
        // Tables of their own, so that the other tests' usage and audit stay as they are.
        String pinned = "mesh.paging.events@snapshot:8123456789";
        RunEvent read = query(TRINO, "q-pinned", "dora", T0.plusSeconds(300), "SELECT id FROM mesh.paging.\"events@snapshot:8123456789\"",
                List.of(input(TRINO, "lake.paging.events", List.of(pinned), List.of("id"))), null);
        assertThat(as(TRINO).sendLineage(List.of(read))).isEqualTo(new IngestResult(1, 1, 0));
        assertThat(usage(as(READER).usage(Optional.empty(), Optional.empty(), Optional.of("dora")))).containsExactly(
                "null lake.paging.events dora 1",
                "null mesh.paging.events dora 1");
        assertThat(as(READER).usage(Optional.empty(), Optional.of(pinned), Optional.empty())).isEmpty();
        assertThat(edges("lake.paging.events")).containsExactly("lake.paging.events -> mesh.paging.events VIEW");
        AuditEntry entry = as("admin").audit(Optional.of("dora"), Optional.empty(), Optional.empty(), Optional.empty(), 10).getFirst();
        assertThat(entry.datasets()).extracting(dataset -> dataset.dataset() + " via " + dataset.via())
                .containsExactly("lake.paging.events via [mesh.paging.events]", "mesh.paging.events via []");
        // The query names the snapshot it read.
        assertThat(entry.query()).contains("events@snapshot:8123456789");
    }

    @Test
    void aReplayedBatchChangesNothing()
    {
        List<DatasetUsage> usageBefore = as(READER).usage(Optional.empty(), Optional.empty(), Optional.empty());
        List<LineageEdge> edgesBefore = as(READER).lineageEdges(Optional.of(DAILY), 1000);
        assertThat(as(TRINO).sendLineage(chain)).isEqualTo(new IngestResult(4, 0, 4));
        // Duplicates inside one batch too.
        assertThat(as(TRINO).sendLineage(List.of(chain.get(1), chain.get(1)))).isEqualTo(new IngestResult(2, 0, 2));
        assertThat(as(READER).usage(Optional.empty(), Optional.empty(), Optional.empty())).isEqualTo(usageBefore);
        assertThat(as(READER).lineageEdges(Optional.of(DAILY), 1000)).isEqualTo(edgesBefore);
    }

    @Test
    void concurrentOverlappingBatchesStoreEveryEventOnce()
            throws Exception
    {
        String namespace = "concurrent";
        List<RunEvent> events = IntStream.range(0, 200)
                .mapToObj(i -> query(namespace, "c" + i, "user" + (i % 3), T0.plusSeconds(i),
                        "INSERT INTO out%s SELECT * FROM ds%s".formatted(i % 7, i % 5),
                        List.of(input(namespace, "lake.c.ds" + (i % 5), List.of("mesh.c.view" + (i % 2)), List.of("a", "b")), input(namespace, "lake.c.dim", List.of(), List.of("k"))),
                        output(namespace, "lake.c.out" + (i % 7), Map.of("a", List.of("lake.c.ds" + (i % 5) + ".a"), "b", List.of("lake.c.ds" + (i % 5) + ".b", "lake.c.dim.k")))))
                .toList();
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<IngestResult>>> results = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                // Thread t sends events [40t, 40t + 80) in batches of 20: every event is sent by two threads.
                List<RunEvent> share = events.subList(40 * thread, Math.min(events.size(), 40 * thread + 80));
                results.add(executor.submit(() -> {
                    List<IngestResult> answers = new ArrayList<>();
                    for (int start = 0; start < share.size(); start += 20) {
                        answers.add(as(TRINO).sendLineage(share.subList(start, Math.min(share.size(), start + 20))));
                    }
                    return answers;
                }));
            }
            int accepted = 0;
            int duplicates = 0;
            for (Future<List<IngestResult>> result : results) {
                for (IngestResult answer : result.get()) {
                    accepted += answer.accepted();
                    duplicates += answer.duplicates();
                }
            }
            assertThat(accepted).isEqualTo(200);
            assertThat(duplicates).isEqualTo(120);
        }
        finally {
            executor.shutdownNow();
        }
        CatalogServiceClient reader = as(READER);
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            String user = "user" + (i % 3);
            expected.merge("lake.c.ds" + (i % 5) + " " + user, 1L, Long::sum);
            expected.merge("lake.c.dim " + user, 1L, Long::sum);
            expected.merge("mesh.c.view" + (i % 2) + " " + user, 1L, Long::sum);
        }
        Map<String, Long> stored = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            reader.usage(Optional.empty(), Optional.empty(), Optional.of("user" + i)).stream()
                    .filter(usage -> usage.dataset().startsWith("lake.c.") || usage.dataset().startsWith("mesh.c."))
                    .forEach(usage -> stored.put(usage.dataset() + " " + usage.user(), usage.queries()));
        }
        assertThat(stored).isEqualTo(expected);
        assertThat(as("admin").audit(Optional.of("user0"), Optional.empty(), Optional.empty(), Optional.empty(), 1000)).hasSize(67);
    }

    @Test
    void truncatesWalksAtTheNodeLimit()
    {
        String namespace = "wide";
        List<InputDataset> inputs = IntStream.range(0, 300).mapToObj(i -> input(namespace, "lake.wide.source" + i, List.of(), List.of("a"))).toList();
        as(TRINO).sendLineage(List.of(query(namespace, "wide", "etl", T0, "INSERT INTO wide SELECT ...", inputs, output(namespace, "lake.wide.target", Map.of()))));
        LineageGraph graph = as(READER).lineage("upstream", Optional.of(namespace), "lake.wide.target", Optional.empty(), 5);
        assertThat(graph.truncated()).isTrue();
        assertThat(graph.nodes()).hasSize(200);
        assertThat(graph.edges()).hasSize(199);
        assertThat(as(READER).lineage("downstream", Optional.of(namespace), "lake.wide.source7", Optional.empty(), 5).truncated()).isFalse();
    }

    @Test
    void unknownDatasetsAndBadParametersAreRefused()
    {
        assertRefused(() -> as(READER).lineage("upstream", Optional.empty(), "lake.no.such_table", Optional.empty(), 5), 404,
                "no lineage recorded for dataset 'lake.no.such_table' in namespace 'trino'");
        assertRefused(() -> as(READER).lineage("upstream", Optional.empty(), DAILY, Optional.empty(), 21), 400, "depth: must be a whole number from 1 to 20 (default 5) (got: 21)");
        assertRefused(() -> as("admin").audit(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 10_001), 400, "limit: must be a whole number from 1 to 10,000");
        assertThat(OpenLineageJson.apiError(get("/v1/lineage/upstream?depth=x")).violations()).extracting(Violation::path).containsExactly("dataset", "depth");
        assertThat(OpenLineageJson.apiError(get("/v1/lineage/audit?since=yesterday", "admin")).violations()).extracting(Violation::toString)
                .containsExactly("since: must be an ISO-8601 date-time with offset, such as 2025-06-01T00:00:00Z (got: yesterday)");
    }

    @Test
    void invalidEventsAreRefusedWithEveryProblem()
    {
        String batch = """
                [
                  {"eventType": "COMPLETE", "eventTime": "2025-06-01T12:00:00Z", "run": {"runId": "not-a-uuid"}, "job": {"namespace": "trino", "name": "q"},
                   "inputs": [{"namespace": "trino", "name": ""}]},
                  {"eventType": "FINISHED", "eventTime": "yesterday", "run": {"runId": "0190b2c4-6f0e-7d1a-9a5e-2f8c1b3d4e5f"}, "job": {"namespace": " "},
                   "outputs": [{"namespace": "trino", "name": "lake.a.b", "facets": {"columnLineage": {"fields": {"x": {"inputFields": [{"namespace": "trino", "name": "lake.a.c"}]}}}}}]},
                  {"eventTime": "2025-06-01T12:00:00Z", "run": {"runId": "0190b2c4-6f0e-7d1a-9a5e-2f8c1b3d4e60", "facets": {"meshQuery": {"user": "bob"}}}, "job": {"namespace": "trino", "name": "q"}}
                ]
                """;
        List<Violation> violations = refusal(() -> post("/v1/lineage/batch", batch, TRINO), 400).violations();
        assertThat(violations).extracting(Violation::toString).containsExactlyInAnyOrder(
                "[0].run.runId: must be a UUID such as 0190b2c4-6f0e-7d1a-9a5e-2f8c1b3d4e5f (OpenLineage run ids are UUIDs) (got: not-a-uuid)",
                "[0].inputs[0].name: is required: the dataset's name (for Trino, catalog.schema.table) (got: )",
                "[1].eventTime: must be an ISO-8601 date-time with offset, such as 2025-06-01T12:00:00.000Z (got: yesterday)",
                "[1].eventType: must be one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER (upper case), or be left out (got: FINISHED)",
                "[1].job.namespace: is required: the namespace of the job (got:  )",
                "[1].job.name: is required: the name of the job",
                "[1].outputs[0].facets.columnLineage.fields.x.inputFields[0].field: is required: the input column's name",
                "[2].run.facets.meshQuery: is incomplete: queryId is null");
        // Nothing of a refused batch is stored.
        assertThat(as("admin").audit(Optional.of("bob"), Optional.empty(), Optional.empty(), Optional.empty(), 10)).extracting(AuditEntry::queryId).containsExactly("q3");

        assertThat(refusal(() -> post("/v1/lineage", "{\"eventTime\": \"2025-06-01T12:00:00Z\", \"job\": {\"namespace\": \"n\", \"name\": \"j\"}}", TRINO), 400).violations())
                .extracting(Violation::toString).containsExactly("run.runId: is required: the run's UUID, the same in every event of one run");
        assertThat(refusal(() -> post("/v1/lineage/batch", "[{\"eventTime\": ", TRINO), 400).message()).startsWith("the body is not valid JSON at line 1");
        assertThat(refusal(() -> post("/v1/lineage/batch", "{}", TRINO), 400).message()).contains("a lineage batch is a JSON array");
        String tooMany = IntStream.range(0, RunEventReader.MAX_EVENTS + 1).mapToObj(_ -> "{}").collect(Collectors.joining(",", "[", "]"));
        assertThat(refusal(() -> post("/v1/lineage/batch", tooMany, TRINO), 413).message()).contains("a lineage batch holds at most 5,000 events");
        assertThat(as(TRINO).sendLineage(List.of())).isEqualTo(new IngestResult(0, 0, 0));
    }

    @Test
    void eventsOfTrinosOwnOpenLineageListenerJoinTheGraph()
    {
        // The shape of Trino's openlineage event listener: dataset namespace trino://HOST:PORT, no mesh facets,
        // a START event without datasets and a COMPLETE event with them, column lineage without transformations.
        String runId = "5f0b3e0a-9f0e-3c1f-8a4e-7d2c1b0a9e8f";
        String start = """
                {"eventTime": "2025-06-01T13:00:00.123Z", "producer": "https://github.com/trinodb/trino/plugin/trino-openlineage",
                 "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent", "eventType": "START",
                 "run": {"runId": "%s", "facets": {"processing_engine": {"version": "476", "name": "trino"},
                         "trino_query_context": {"server_address": "trino.example.com", "environment": "prod", "query_type": "INSERT"}}},
                 "job": {"namespace": "trino://trino.example.com:8080", "name": "20250601_130000_00001_abcde",
                         "facets": {"jobType": {"processingType": "BATCH", "integration": "TRINO", "jobType": "QUERY"},
                                    "sql": {"query": "INSERT INTO hive.sales.summary SELECT region, sum(price) FROM hive.sales.orders GROUP BY region"}}},
                 "inputs": [], "outputs": []}
                """.formatted(runId);
        String complete = """
                {"eventTime": "2025-06-01T13:00:05.456Z", "producer": "https://github.com/trinodb/trino/plugin/trino-openlineage",
                 "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent", "eventType": "COMPLETE",
                 "run": {"runId": "%s", "facets": {"trino_query_statistics": {"cpuTime": "PT1S"}}},
                 "job": {"namespace": "trino://trino.example.com:8080", "name": "20250601_130000_00001_abcde",
                         "facets": {"sql": {"query": "INSERT INTO hive.sales.summary SELECT region, sum(price) FROM hive.sales.orders GROUP BY region"}}},
                 "inputs": [{"namespace": "trino://trino.example.com:8080", "name": "hive.sales.orders",
                             "facets": {"schema": {"fields": [{"name": "region"}, {"name": "price"}]}}}],
                 "outputs": [{"namespace": "trino://trino.example.com:8080", "name": "hive.sales.summary",
                              "facets": {"columnLineage": {"fields": {
                                            "region": {"inputFields": [{"namespace": "trino://trino.example.com:8080", "name": "hive.sales.orders", "field": "region"}]},
                                            "total": {"inputFields": [{"namespace": "trino://trino.example.com:8080", "name": "hive.sales.orders", "field": "price"}]}}},
                                         "schema": {"fields": [{"name": "region", "type": "varchar"}, {"name": "total", "type": "double"}]}}}]}
                """.formatted(runId);
        assertThat(post("/api/v1/lineage", start, TRINO)).isEqualTo("{\"received\":1,\"accepted\":1,\"duplicates\":0}");
        assertThat(post("/api/v1/lineage", complete, TRINO)).isEqualTo("{\"received\":1,\"accepted\":1,\"duplicates\":0}");
        assertThat(post("/api/v1/lineage", complete, TRINO)).isEqualTo("{\"received\":1,\"accepted\":0,\"duplicates\":1}");

        LineageGraph graph = as(READER).lineage("upstream", Optional.of("trino://trino.example.com:8080"), "hive.sales.summary", Optional.of("total"), 5);
        assertThat(edges(graph)).containsExactly("trino://trino.example.com:8080:hive.sales.orders.price -> trino://trino.example.com:8080:hive.sales.summary.total DIRECT");
        assertThat(graph.root().product()).isNull();

        AuditEntry run = as("admin").audit(Optional.empty(), Optional.of("hive.sales.orders"), Optional.empty(), Optional.empty(), 10).stream()
                .findFirst().orElse(null);
        assertThat(run).as("the dataset filter is in the Trino namespace only").isNull();
        List<AuditEntry> all = as("admin").audit(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(Instant.parse("2025-06-01T13:00:00Z")), 10);
        AuditEntry entry = all.stream().filter(candidate -> candidate.queryId().equals(runId)).findFirst().orElseThrow();
        assertThat(entry.user()).isNull();
        assertThat(entry.state()).isEqualTo("COMPLETE");
        assertThat(entry.startTime()).isEqualTo(Instant.parse("2025-06-01T13:00:00.123Z"));
        assertThat(entry.endTime()).isEqualTo(Instant.parse("2025-06-01T13:00:05.456Z"));
        assertThat(entry.query()).startsWith("INSERT INTO hive.sales.summary");
        assertThat(entry.datasets()).containsExactly(new AuditedDataset("trino://trino.example.com:8080", "hive.sales.orders", null, true, List.of(), List.of("region", "price"), List.of(), List.of()));
    }

    @Test
    void sparkEventsWithTransformationsGiveDirectAndIndirectEdges()
    {
        // Spark (openlineage-spark 1.x): storage namespaces, UUIDv7 run ids, transformations on input fields and
        // dataset-wide INDIRECT fields (filters, join keys); the Python client's offset time format.
        String event = """
                {"eventTime": "2025-06-01T14:00:00.123456+00:00", "producer": "https://github.com/OpenLineage/OpenLineage/tree/1.30.0/integration/spark",
                 "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent", "eventType": "COMPLETE",
                 "run": {"runId": "0197a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "facets": {"spark_properties": {"properties": {"spark.master": "local"}}}},
                 "job": {"namespace": "spark-jobs", "name": "enrich_orders.execute_insert_into_hadoop_fs_relation_command.warehouse_enriched"},
                 "inputs": [{"namespace": "s3://raw", "name": "/orders", "facets": {"schema": {"fields": [{"name": "id", "type": "long"}, {"name": "amount", "type": "double"}, {"name": "country", "type": "string"}]}},
                             "inputFacets": {"inputStatistics": {"rowCount": 10, "size": 1000}}},
                            {"namespace": "s3://raw", "name": "/countries"}],
                 "outputs": [{"namespace": "s3://warehouse", "name": "/enriched",
                              "facets": {"columnLineage": {
                                  "fields": {"id": {"inputFields": [{"namespace": "s3://raw", "name": "/orders", "field": "id",
                                                                     "transformations": [{"type": "DIRECT", "subtype": "IDENTITY", "description": "", "masking": false}]}]},
                                             "amount_eur": {"inputFields": [{"namespace": "s3://raw", "name": "/orders", "field": "amount",
                                                                             "transformations": [{"type": "DIRECT", "subtype": "TRANSFORMATION", "masking": false}]},
                                                                            {"namespace": "s3://raw", "name": "/countries", "field": "rate",
                                                                             "transformations": [{"type": "INDIRECT", "subtype": "JOIN"}]}]}},
                                  "dataset": [{"namespace": "s3://raw", "name": "/orders", "field": "country", "transformations": [{"type": "INDIRECT", "subtype": "FILTER"}]}]}},
                              "outputFacets": {"outputStatistics": {"rowCount": 10}}}]}
                """;
        assertThat(post("/api/v1/lineage", event, "spark")).isEqualTo("{\"received\":1,\"accepted\":1,\"duplicates\":0}");
        assertThat(as(READER).lineageEdges(Optional.empty(), 100_000).stream()
                .filter(edge -> edge.targetNamespace().equals("s3://warehouse"))
                .map(AbstractTestLineageApi::edge)
                .toList()).containsExactlyInAnyOrder(
                "s3://raw:/orders.id -> s3://warehouse:/enriched.id DIRECT",
                "s3://raw:/orders.amount -> s3://warehouse:/enriched.amount_eur DIRECT",
                "s3://raw:/countries.rate -> s3://warehouse:/enriched.amount_eur INDIRECT",
                "s3://raw:/orders.country -> s3://warehouse:/enriched INDIRECT",
                "s3://raw:/orders -> s3://warehouse:/enriched DIRECT",
                "s3://raw:/countries -> s3://warehouse:/enriched INDIRECT");
        // Upstream of a column includes the filter column that affects every row of its dataset.
        assertThat(nodes(as(READER).lineage("upstream", Optional.of("s3://warehouse"), "/enriched", Optional.of("amount_eur"), 1)))
                .containsExactly("0 s3://warehouse:/enriched.amount_eur", "1 s3://raw:/countries.rate", "1 s3://raw:/orders.amount", "1 s3://raw:/orders.country");
    }

    @Test
    void contractEdgesFollowTheRegistry()
    {
        as("admin").applyProduct("ledger", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: ledger, domain: finance, owner: group:finance-team, version: 1.0.0, status: published}
                spec:
                  datasets:
                    - name: entries
                      source: {table: lake.ledger.entries}
                      columns:
                        - {name: id, type: bigint}
                        - {name: amount, type: double}
                """, Optional.empty(), false);
        assertThat(edges("mesh.ledger.entries")).containsExactlyInAnyOrder(
                "lake.ledger.entries -> mesh.ledger.entries CONTRACT",
                "lake.ledger.entries.id -> mesh.ledger.entries.id CONTRACT",
                "lake.ledger.entries.amount -> mesh.ledger.entries.amount CONTRACT");
        as("admin").applyProduct("ledger", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: ledger, domain: finance, owner: group:finance-team, version: 2.0.0, status: published}
                spec:
                  datasets:
                    - name: entries
                      source: {table: lake.ledger.entries}
                      columns:
                        - {name: id, type: bigint}
                        - {name: amount_eur, type: double}
                """, Optional.of("*"), false);
        assertThat(edges("mesh.ledger.entries")).containsExactlyInAnyOrder(
                "lake.ledger.entries -> mesh.ledger.entries CONTRACT",
                "lake.ledger.entries.id -> mesh.ledger.entries.id CONTRACT",
                "lake.ledger.entries.amount_eur -> mesh.ledger.entries.amount_eur CONTRACT");
        as("admin").changeStatus("ledger", ProductStatus.DEPRECATED, Optional.empty());
        assertThat(edges("mesh.ledger.entries")).hasSize(3);
        as("admin").changeStatus("ledger", ProductStatus.RETIRED, Optional.empty());
        assertThat(edges("mesh.ledger.entries")).isEmpty();
    }

    @Test
    void writersAreAdminsTrinosAndProducersAndOnlyTheyReadTheAudit()
    {
        RunEvent event = query(TRINO, "authz", "eve", T0, "SELECT 1 FROM lake.authz.t", List.of(input(TRINO, "lake.authz.t", List.of(), List.of("a"))), null);
        assertRefused(() -> as("eve").sendLineage(List.of(event)), 403,
                "lineage is written by governance admins, the Trinos (governance.snapshot-readers) and other OpenLineage producers (lineage.producers); eve is none of them");
        assertThat(as("spark").sendLineage(List.of(event)).accepted()).isEqualTo(1);
        assertThat(as("admin").sendLineage(List.of(event)).duplicates()).isEqualTo(1);
        assertThat(as("eve").lineageEdges(Optional.of("lake.authz.t"), 10)).isEmpty();
        // A lake namespace of no product is seen by admins and the Trinos only, eve's own reads of it included.
        assertThat(as("eve").usage(Optional.empty(), Optional.of("lake.authz.t"), Optional.empty())).isEmpty();
        assertThat(as(READER).usage(Optional.empty(), Optional.of("lake.authz.t"), Optional.empty())).hasSize(1);
        assertRefused(() -> as("eve").audit(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 10), 403,
                "the audit trail holds every user's query text: only governance admins and the Trinos (governance.snapshot-readers) may read it, and eve is neither");
        assertRefused(() -> post("/api/v1/lineage", OpenLineageJson.toJson(event), "eve"), 403, "eve is none of them");
    }

    private String get(String path)
    {
        return get(path, READER);
    }

    private String get(String path, String user)
    {
        return send(HttpRequest.newBuilder(service.baseUri().resolve(path)).header("Authorization", service.authorization(user)).GET().build()).body();
    }

    private String post(String path, String body, String user)
    {
        HttpResponse<String> response = send(HttpRequest.newBuilder(service.baseUri().resolve(path))
                .header("Authorization", service.authorization(user))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        if (response.statusCode() != 200) {
            throw new CatalogServiceException(response.statusCode(), OpenLineageJson.apiError(response.body()));
        }
        return response.body();
    }

    private static HttpResponse<String> send(HttpRequest request)
    {
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString(UTF_8));
        }
        catch (IOException e) {
            throw new RuntimeException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

    private Set<String> edges(String dataset)
    {
        return as(READER).lineageEdges(Optional.of(dataset), 1000).stream().map(AbstractTestLineageApi::edge).collect(Collectors.toSet());
    }

    private static List<String> edges(LineageGraph graph)
    {
        return graph.edges().stream().map(AbstractTestLineageApi::edge).toList();
    }

    private static List<String> nodes(LineageGraph graph)
    {
        return graph.nodes().stream().map(node -> node.depth() + " " + name(node.namespace(), node.dataset(), node.column())).toList();
    }

    private static String edge(LineageEdge edge)
    {
        return name(edge.sourceNamespace(), edge.sourceDataset(), edge.sourceColumn()) + " -> " + name(edge.targetNamespace(), edge.targetDataset(), edge.targetColumn()) + " " + edge.kind();
    }

    private static String name(String namespace, String dataset, String column)
    {
        return (namespace.equals(TRINO) ? "" : namespace + ":") + dataset + (column == null ? "" : "." + column);
    }

    private static List<String> usage(List<DatasetUsage> usage)
    {
        return usage.stream().map(row -> "%s %s %s %s".formatted(row.product(), row.dataset(), row.user(), row.queries())).toList();
    }

    private static List<String> queryIds(List<AuditEntry> entries)
    {
        return entries.stream().map(AuditEntry::queryId).toList();
    }

    private static void assertRefused(Runnable call, int status, String message)
    {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(CatalogServiceException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e).hasMessageContaining(message);
        });
    }

    private static dev.trinomesh.api.model.ApiError refusal(Runnable call, int status)
    {
        try {
            call.run();
        }
        catch (CatalogServiceException e) {
            assertThat(e.status()).isEqualTo(status);
            return e.error().orElseThrow();
        }
        throw new AssertionError("expected a refusal with status " + status);
    }
}
