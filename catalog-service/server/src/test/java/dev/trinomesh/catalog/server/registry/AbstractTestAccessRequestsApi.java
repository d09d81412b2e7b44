package dev.trinomesh.catalog.server.registry;

import dev.trinomesh.api.access.AccessRequest;
import dev.trinomesh.api.access.AccessRequestStatus;
import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.client.CatalogServiceException;
import dev.trinomesh.api.identity.AuditEvent;
import dev.trinomesh.api.model.ApplyResult;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.GovernanceSnapshot;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.model.RevisionInfo;
import dev.trinomesh.catalog.testing.RawRequests;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import io.airlift.units.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Access requests over real HTTP, against a real database (H2 or PostgreSQL per subclass), as the demo's people: eve
 * (in no group) asks for sam's sales products, which alice and bob (analysts) consume; fiona owns the hidden vault.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractTestAccessRequestsApi
{
    private Path groupFile;
    private TestingCatalogService service;
    private JettyHttpClient httpClient;

    protected abstract Map<String, String> databaseProperties();

    protected void closeDatabase() {}

    @BeforeAll
    void start()
            throws IOException
    {
        groupFile = Files.createTempFile("groups", ".txt");
        Files.writeString(groupFile, "analysts:alice,bob\nsales-team:sam\nfinance:fiona\n");
        Map<String, String> properties = new HashMap<>(databaseProperties());
        properties.put("governance.admins", "user:admin");
        properties.put("governance.group-file", groupFile.toString());
        service = new TestingCatalogService(properties);
        httpClient = new JettyHttpClient(new HttpClientConfig());
        for (String name : List.of("sales_orders", "sales_returns", "sales_leads")) {
            as("sam").applyProduct(name, product(name, "sales", "group:sales-team", "[group:analysts]"), Optional.empty(), false);
        }
        as("fiona").applyProduct("vault", product("vault", "treasury", "group:finance", "[]"), Optional.empty(), false);
    }

    @AfterAll
    void stop()
            throws IOException
    {
        httpClient.close();
        service.close();
        Files.deleteIfExists(groupFile);
        closeDatabase();
    }

    @Test
    void anApprovalMakesTheRequesterAConsumerInANewRevision()
    {
        AccessRequest asked = as("eve").requestAccess("sales_orders", "churn analysis\nfor Q3");
        assertThat(asked.status()).isEqualTo(AccessRequestStatus.PENDING);
        assertThat(asked.principal()).isEqualTo("user:eve");
        assertThat(asked.requester()).isEqualTo("eve");
        // Asking again is answered with the pending request, not a second one.
        assertThat(as("eve").requestAccess("sales_orders", "again").id()).isEqualTo(asked.id());

        assertThat(as("eve").accessRequests(Optional.of("sales_orders"), Optional.empty())).containsExactly(asked);
        assertThat(as("sam").accessRequests(Optional.of("sales_orders"), Optional.of(AccessRequestStatus.PENDING))).extracting(AccessRequest::id).contains(asked.id());
        // alice reads the product, but decides nothing about it.
        assertThat(as("alice").accessRequests(Optional.of("sales_orders"), Optional.empty())).isEmpty();
        assertThat(refusal(() -> as("alice").approveAccessRequest(asked.id(), Optional.empty())))
                .satisfies(e -> assertThat(e.status()).isEqualTo(403))
                .hasMessageContaining("access request %s is for product 'sales_orders', whose owners, domain owner and governance admins decide on it; alice is none of them".formatted(asked.id()));
        assertThat(refusal(() -> as("eve").approveAccessRequest(asked.id(), Optional.empty())))
                .satisfies(e -> assertThat(e.status()).isEqualTo(403))
                .hasMessageContaining("eve cannot decide on their own access request");
        // fiona does not see the product: to her, there is no such request.
        assertThat(refusal(() -> as("fiona").approveAccessRequest(asked.id(), Optional.empty())))
                .satisfies(e -> assertThat(e.status()).isEqualTo(404))
                .hasMessage("no access request %s".formatted(asked.id()));

        long registryRevision = as("admin").snapshotIfChanged(Optional.empty()).orElseThrow().revision();
        int productRevision = as("sam").getProduct("sales_orders").orElseThrow().value().revision();
        AccessRequest approved = as("sam").approveAccessRequest(asked.id(), Optional.of("for Q3 only"));
        assertThat(approved.status()).isEqualTo(AccessRequestStatus.APPROVED);
        assertThat(approved.decidedBy()).isEqualTo("sam");
        assertThat(approved.note()).isEqualTo("for Q3 only");
        assertThat(approved.revision()).isEqualTo(productRevision + 1);

        ProductRecord product = as("eve").getProduct("sales_orders").orElseThrow().value();
        assertThat(product.revision()).isEqualTo(productRevision + 1);
        assertThat(product.updatedBy()).isEqualTo("sam");
        assertThat(product.descriptor().spec().access().consumers()).containsExactly("group:analysts", "user:eve");
        // Nothing else of the team's descriptor changed.
        DataProduct before = as("sam").getProductRevision("sales_orders", productRevision).descriptor();
        assertThat(product.descriptor()).isEqualTo(before.withConsumer("user:eve"));
        assertThat(as("sam").history("sales_orders").getLast()).extracting(RevisionInfo::author, RevisionInfo::summary)
                .containsExactly("sam", "access request #%s: adds user:eve to spec.access.consumers".formatted(asked.id()));
        assertThat(as("admin").snapshotIfChanged(Optional.empty()).orElseThrow().revision()).isGreaterThan(registryRevision);
        GovernanceSnapshot governance = as("admin").governanceSnapshotIfChanged(Optional.empty(), new Duration(0, SECONDS)).orElseThrow();
        assertThat(governance.products()).filteredOn(descriptor -> descriptor.name().equals("sales_orders")).singleElement()
                .satisfies(descriptor -> assertThat(descriptor.spec().access().consumers()).contains("user:eve"));
        assertThat(as("admin").auditEvents(Optional.of("sam"), Optional.of("access-request.approve"), Optional.empty(), 10)).extracting(AuditEvent::target, AuditEvent::details)
                .contains(tuple("user:eve", Map.of("request", String.valueOf(asked.id()), "product", "sales_orders", "revision", String.valueOf(productRevision + 1))));

        assertThat(refusal(() -> as("sam").approveAccessRequest(asked.id(), Optional.empty())))
                .satisfies(e -> assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("access request %s was already approved by sam at".formatted(asked.id()));
        assertThat(refusal(() -> as("admin").denyAccessRequest(asked.id(), Optional.empty())).status()).isEqualTo(409);
        // Now that she reads it (and sees it), asking again is pointless, and she is told so.
        assertThat(refusal(() -> as("eve").requestAccess("sales_orders", "more")))
                .satisfies(e -> assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("eve can already read every dataset of product 'sales_orders'");
    }

    @Test
    void aDenialChangesNothingButTheRequest()
    {
        AccessRequest asked = as("dave").requestAccess("sales_orders", "curious");
        int productRevision = as("sam").getProduct("sales_orders").orElseThrow().value().revision();
        AccessRequest denied = as("admin").denyAccessRequest(asked.id(), Optional.of("ask your manager"));
        assertThat(denied).extracting(AccessRequest::status, AccessRequest::decidedBy, AccessRequest::note, AccessRequest::revision)
                .containsExactly(AccessRequestStatus.DENIED, "admin", "ask your manager", null);
        assertThat(as("sam").getProduct("sales_orders").orElseThrow().value().revision()).isEqualTo(productRevision);
        assertThat(as("dave").accessRequests(Optional.empty(), Optional.of(AccessRequestStatus.DENIED))).containsExactly(denied);
        assertThat(refusal(() -> as("sam").approveAccessRequest(asked.id(), Optional.empty())))
                .satisfies(e -> assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("was already denied by admin at");
        // Denied, he may ask again.
        assertThat(as("dave").requestAccess("sales_orders", "my manager agrees").id()).isNotEqualTo(asked.id());
    }

    @Test
    void concurrentApprovalsForOneProductAllLand()
            throws Exception
    {
        List<String> people = List.of("gus", "hal", "ivy", "joe");
        List<Long> ids = people.stream().map(person -> as(person).requestAccess("sales_returns", "returns report").id()).toList();
        CyclicBarrier barrier = new CyclicBarrier(ids.size());
        ExecutorService executor = Executors.newFixedThreadPool(ids.size());
        try {
            List<Future<AccessRequest>> approvals = new ArrayList<>();
            for (long id : ids) {
                approvals.add(executor.submit((Callable<AccessRequest>) () -> {
                    barrier.await();
                    return as("sam").approveAccessRequest(id, Optional.empty());
                }));
            }
            List<Integer> revisions = new ArrayList<>();
            for (Future<AccessRequest> approval : approvals) {
                revisions.add(approval.get().revision());
            }
            assertThat(revisions).doesNotHaveDuplicates();
        }
        finally {
            executor.shutdownNow();
        }
        assertThat(as("sam").getProduct("sales_returns").orElseThrow().value().descriptor().spec().access().consumers())
                .containsExactlyInAnyOrder("group:analysts", "user:gus", "user:hal", "user:ivy", "user:joe");
    }

    @Test
    void askingForAHiddenProductIsAnsweredAsAskingForNothing()
    {
        HttpClient raw = HttpClient.newHttpClient();
        HttpResponse<String> hidden = RawRequests.send(raw, RawRequests.request(service.baseUri(), "POST", "/v1/products/vault/access-requests", "{\"reason\": \"audit\"}",
                "Authorization", service.authorization("eve")));
        HttpResponse<String> nothing = RawRequests.send(raw, RawRequests.request(service.baseUri(), "POST", "/v1/products/nosuch/access-requests", "{\"reason\": \"audit\"}",
                "Authorization", service.authorization("eve")));
        assertThat(hidden.statusCode()).isEqualTo(202);
        assertThat(nothing.statusCode()).isEqualTo(202);
        assertThat(shape(hidden.body().replace("vault", "nosuch"))).isEqualTo(shape(nothing.body()));

        // The vault's owner sees the request for it; nobody sees the one for nothing but eve.
        assertThat(as("fiona").accessRequests(Optional.empty(), Optional.empty())).extracting(AccessRequest::product).containsExactly("vault");
        assertThat(as("sam").accessRequests(Optional.empty(), Optional.empty())).extracting(AccessRequest::product).doesNotContain("vault", "nosuch");
        assertThat(as("admin").accessRequests(Optional.of("nosuch"), Optional.empty())).isEmpty();
        assertThat(as("eve").accessRequests(Optional.of("nosuch"), Optional.empty())).hasSize(1);
        // Deciding on a request for nothing: no one may, admins included (it never reaches anyone).
        long ghost = as("eve").accessRequests(Optional.of("nosuch"), Optional.empty()).getFirst().id();
        assertThat(refusal(() -> as("admin").approveAccessRequest(ghost, Optional.empty())).status()).isEqualTo(404);
    }

    @Test
    void badRequestsNameTheFieldAndTheRule()
    {
        assertThat(refusal(() -> as("eve").requestAccess("sales_orders", " ")))
                .satisfies(e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("reason: is required");
        assertThat(refusal(() -> as("eve").requestAccess("sales_orders", "x".repeat(2_001)))).hasMessageContaining("reason").hasMessageContaining("at most 2000");
        assertThat(refusal(() -> as("eve").requestAccess("sales_orders", "tab\there"))).hasMessageContaining("control characters");
        assertThat(refusal(() -> as("eve").requestAccess("Sales-Orders", "why")))
                .satisfies(e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("product: ");
        assertThat(refusal(() -> as("sam").approveAccessRequest(999_999, Optional.empty())).status()).isEqualTo(404);
    }

    @Test
    void aPersonHasAtMostFiftyPendingRequests()
    {
        for (int i = 0; i < 50; i++) {
            as("kim").requestAccess("wish_%s".formatted(i), "someday");
        }
        assertThat(refusal(() -> as("kim").requestAccess("wish_50", "someday")))
                .satisfies(e -> assertThat(e.status()).isEqualTo(429))
                .hasMessageContaining("kim has 50 pending access requests");
        // A pending one is still answered.
        assertThat(as("kim").requestAccess("wish_7", "someday").product()).isEqualTo("wish_7");
    }

    @Test
    void anApplyDroppingAnApprovedConsumerWarns()
    {
        AccessRequest asked = as("lou").requestAccess("sales_leads", "pipeline");
        as("sam").approveAccessRequest(asked.id(), Optional.empty());
        String warning = "removes user:lou, added by access request #%s approved by sam on %s".formatted(asked.id(), LocalDate.now(ZoneOffset.UTC));

        String withoutLou = product("sales_leads", "sales", "group:sales-team", "[group:analysts]").replace("description: Orders", "description: Leads");
        ApplyResult dryRun = as("sam").applyProduct("sales_leads", withoutLou, Optional.of("*"), true);
        assertThat(dryRun.warnings()).containsExactly(warning);
        ApplyResult applied = as("sam").applyProduct("sales_leads", withoutLou, Optional.of("*"), false);
        assertThat(applied.outcome()).isEqualTo(ApplyResult.Outcome.UPDATED);
        assertThat(applied.warnings()).containsExactly(warning);
        // Once dropped, later applies have nothing to warn about.
        assertThat(as("sam").applyProduct("sales_leads", withoutLou.replace("Leads", "Sales leads"), Optional.of("*"), false).warnings()).isEmpty();
    }

    private CatalogServiceClient as(String user)
    {
        return service.client(httpClient, user);
    }

    /** An answer without what differs between any two requests: its id and time. */
    private static String shape(String json)
    {
        return json.replaceAll("\"id\":\\d+", "\"id\":0").replaceAll("\"createdAt\":\"[^\"]+\"", "\"createdAt\":\"T\"");
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

    static String product(String name, String domain, String owner, String consumers)
    {
        return """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata:
                  name: %s
                  domain: %s
                  owner: %s
                  version: 1.0.0
                  status: published
                  description: Orders
                  tags: [orders]
                spec:
                  access: {consumers: %s}
                  datasets:
                    - name: orders
                      source: {table: tpch.tiny.orders}
                      columns:
                        - {name: orderkey, type: bigint, required: true}
                """.formatted(name, domain, owner, consumers);
    }
}
