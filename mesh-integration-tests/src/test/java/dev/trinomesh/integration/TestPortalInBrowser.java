package dev.trinomesh.integration;

import dev.trinomesh.api.quality.QualityRun;
import dev.trinomesh.testing.TestingOidcServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import static dev.trinomesh.integration.QueryWaits.until;
import static dev.trinomesh.integration.TestingSecureMesh.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The portal in a real browser (Debian's Chromium, headless), against the demo mesh behind a Trino that signs people
 * in with passwords: each person sees what Trino lists for them, finds products despite typos, sees columns masked
 * and previews filtered and masked as their own SQL is, follows lineage, asks for access and gets it approved; data
 * from descriptors stays text; the pages pass an accessibility scan and break no Content-Security-Policy rule.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestPortalInBrowser
{
    private static final List<String> PEOPLE = List.of("admin", "alice", "bob", "sam", "eve");
    private static final String PAYLOAD = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=1\">";

    private TestingOidcServer issuer;
    private TestingSecureMesh mesh;
    private Browser browser;

    @BeforeAll
    void setUp()
            throws Exception
    {
        // The organisation's identity provider, with a sign-in form of its own, for the portal's single sign-on.
        issuer = TestingOidcServer.withSignInForm(List.of("mesh-portal", "mesh"));
        mesh = TestingSecureMesh.create(Map.of("identity.oidc.issuer", issuer.issuer().toString(), "portal.oidc.client-id", "mesh-portal"));
        mesh.installDemo();
        mesh.registry().applyProduct("checked_orders", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: checked_orders, domain: sales, owner: group:sales-team, version: 1.0.0, status: published, description: Orders with a check that cannot pass}
                spec:
                  access: {consumers: [group:analysts]}
                  datasets:
                    - name: orders
                      source: {table: lake.checked_orders.orders}
                      columns:
                        - {name: orderkey, type: bigint}
                        - {name: totalprice, type: double}
                      quality:
                        - {check: row_count, min: 1000000000, blocking: true}
                """, Optional.empty(), false);
        mesh.registry().applyProduct("hostile", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: hostile, domain: sales, owner: group:sales-team, version: 1.0.0, status: draft, description: '%s'}
                spec:
                  access: {consumers: [group:analysts]}
                  datasets:
                    - name: nations
                      source: {table: tpch.tiny.nation}
                      columns:
                        - {name: nationkey, type: bigint}
                """.formatted(PAYLOAD), Optional.empty(), false);
        try (Connection admin = mesh.connect("admin")) {
            rows(admin, "CREATE SCHEMA lake.checked_orders");
            rows(admin, "CREATE TABLE lake.checked_orders.orders AS SELECT orderkey, totalprice FROM tpch.tiny.orders");
        }
        browser = Browser.start(mesh.service().baseUri());
    }

    @AfterAll
    void tearDown()
    {
        if (browser != null) {
            browser.close();
        }
        if (mesh != null) {
            mesh.close();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    @Test
    @Order(1)
    void eachPersonSeesTheProductsTrinoListsForThem()
            throws SQLException
    {
        for (String person : PEOPLE) {
            TreeSet<String> inTrino = new TreeSet<>();
            try (Connection connection = mesh.connect(person)) {
                rows(connection, "SHOW SCHEMAS FROM mesh").forEach(row -> inTrino.add((String) row.getFirst()));
            }
            inTrino.removeAll(List.of("metadata", "information_schema"));
            browser.signIn(person, mesh.password(person));
            browser.open("search?q=*");
            TreeSet<String> inPortal = new TreeSet<>();
            browser.findAll("li.hit").forEach(hit -> inPortal.add(hit.getAttribute("data-product")));
            // The portal lists drafts to their owners and consumers, which Trino does not serve: compare the served ones.
            inPortal.removeIf(product -> !servedProducts().contains(product));
            assertThat(inPortal).as("products %s sees in the portal and in Trino", person).isEqualTo(inTrino);
        }
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(2)
    void eveSeesNoRestrictedProductAnywhere()
    {
        browser.signIn("eve", mesh.password("eve"));
        for (String page : List.of("", "search?q=*", "search?q=orders", "search?q=custmer", "access-requests")) {
            browser.open(page);
            assertThat(browser.driver().getPageSource()).as(page).doesNotContain("sales_orders", "customer_profiles", "supply_parts", "sales_revenue");
        }
        browser.open("products/sales_orders");
        assertThat(browser.find("h1").getText()).isEqualTo("No such product");
        browser.open("products/sales_orders/datasets/orders/lineage");
        assertThat(browser.find("h1").getText()).isEqualTo("No such dataset");
        assertThat(browser.driver().getPageSource()).doesNotContain("lake.sales_orders");
    }

    @Test
    @Order(3)
    void aSearchWithATypoFindsTheProduct()
    {
        browser.signIn("alice", mesh.password("alice"));
        browser.open("search");
        browser.find("#q").sendKeys("order revnue");
        // Search as you type: the results are swapped in without a page load.
        browser.waitFor("sales_orders first among the hits", driver -> {
            List<WebElement> hits = driver.findElements(By.cssSelector("li.hit"));
            return !hits.isEmpty() && "sales_orders".equals(hits.getFirst().getAttribute("data-product"));
        });
        browser.screenshot("portal-search");
        browser.find("li.hit a").click();
        browser.waitFor("the product page", ExpectedConditions.textToBe(By.cssSelector("h1"), "sales_orders"));
    }

    @Test
    @Order(4)
    void columnsAndPreviewsAreMaskedAsTheirSqlIs()
            throws SQLException
    {
        browser.signIn("alice", mesh.password("alice"));
        browser.open("products/customer_profiles");
        assertThat(browser.find("#dataset-customers tr[data-column=name] td:last-child").getText()).isEqualTo("masked");
        assertThat(browser.find("#dataset-customers tr[data-column=mktsegment] td:last-child").getText()).isEqualTo("clear");
        List<Map<String, String>> alicePreview = preview("customers");
        assertThat(alicePreview).isNotEmpty();
        // The profile is of what she may read too: one segment, and her names' hashes.
        browser.find("#dataset-customers button[data-preview$='/profile']").click();
        WebElement segment = browser.waitFor("alice's profile", ExpectedConditions.presenceOfElementLocated(By.cssSelector("#profile-customers tr[data-column=mktsegment]")));
        assertThat(segment.findElements(By.tagName("td")).getLast().getText()).startsWith("BUILDING (").doesNotContain("AUTOMOBILE");
        assertThat(segment.findElements(By.tagName("td")).get(2).getText()).isEqualTo("1");
        browser.driver().executeScript("document.getElementById('dataset-customers').scrollIntoView()");
        browser.screenshot("portal-product");
        Map<String, String> aliceNames = namesByKey("alice");
        for (Map<String, String> row : alicePreview) {
            assertThat(row.get("mktsegment")).isEqualTo("BUILDING");
            // The very value her own SQL gets: Trino masked it the same way for both.
            assertThat(row.get("name")).isEqualTo(aliceNames.get(row.get("custkey"))).doesNotStartWith("Customer#");
        }

        browser.signIn("bob", mesh.password("bob"));
        browser.open("products/customer_profiles");
        assertThat(browser.find("#dataset-customers tr[data-column=name] td:last-child").getText()).isEqualTo("clear");
        for (Map<String, String> row : preview("customers")) {
            assertThat(row.get("mktsegment")).isEqualTo("AUTOMOBILE");
            assertThat(row.get("name")).startsWith("Customer#");
        }
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(5)
    void theLineageGraphDrawsTheDatasetAndItsSource()
    {
        browser.signIn("alice", mesh.password("alice"));
        browser.open("products/sales_orders/datasets/orders/lineage");
        browser.waitFor("the graph drawn", ExpectedConditions.attributeToBe(By.id("lineage-graph"), "data-state", "drawn"));
        WebElement graph = browser.find("#lineage-graph");
        assertThat(List.of(graph.getAttribute("data-nodes").split(" "))).contains("mesh.sales_orders.orders", "lake.sales_orders.orders");
        assertThat(graph.findElements(By.tagName("canvas"))).isNotEmpty();
        browser.screenshot("portal-lineage");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(6)
    void aFailingBlockingCheckShowsOnTheProductPageAndStopsThePreview()
    {
        QualityRun run = mesh.registry().requestQualityRun("checked_orders", Optional.empty());
        until("the quality run to finish", Duration.ofMinutes(2), () -> mesh.registry().qualityRun(run.id()), QualityRun::done);
        browser.signIn("alice", mesh.password("alice"));
        until("the page to show the failing check", () -> {
            browser.open("products/checked_orders");
            return browser.findAll("#dataset-orders .breaker").stream().map(WebElement::getText).findFirst().orElse("");
        }, text -> text.startsWith("Circuit breaker open:"));
        assertThat(browser.find("#dataset-orders .health-line .health").getText()).isEqualTo("failing");
        // The run's history: one run whose one check failed, drawn and tabled.
        assertThat(browser.find("#dataset-orders details.quality-history table").getAttribute("textContent")).containsPattern("run \\d+, .* \\(1 check\\)\\s*1");
        List<WebElement> previewButtons = browser.findAll("#dataset-orders button[data-preview]");
        previewButtons.getFirst().click();
        WebElement result = browser.waitFor("the preview's answer", ExpectedConditions.presenceOfElementLocated(By.cssSelector("#preview-orders .error")));
        assertThat(result.getText()).contains("circuit breaker").contains("row_count");
    }

    @Test
    @Order(6)
    void thePipelineRunsThatBuiltAProductShowOnItsPage()
    {
        // The demo's lake tables were built by their products' pipelines (TestingSecureMesh.installDemo).
        browser.signIn("alice", mesh.password("alice"));
        browser.open("products/sales_orders");
        String runs = browser.find("section.pipelines table").getAttribute("textContent");
        assertThat(runs).contains("sales_orders_load").contains("published").contains("its writes are in the tables");
    }

    @Test
    @Order(7)
    void aDescriptionHoldingAScriptIsShownAsText()
    {
        browser.signIn("alice", mesh.password("alice"));
        browser.open("products/hostile");
        assertThat(browser.find(".product-head .description").getText()).isEqualTo(PAYLOAD);
        assertThat(browser.driver().executeScript("return window.__pwned === undefined")).isEqualTo(true);
    }

    @Test
    @Order(8)
    void anApprovedAccessRequestLetsEvePreviewTheData()
    {
        browser.signIn("eve", mesh.password("eve"));
        browser.open("access-requests");
        browser.find("#ask-product").sendKeys("sales_orders");
        browser.find("#ask-reason").sendKeys("Churn analysis for the Q3 review");
        browser.find("form.ask button[type=submit]").click();
        browser.waitFor("the request's notice", ExpectedConditions.presenceOfElementLocated(By.cssSelector(".notice")));
        assertThat(browser.find("table").getText()).contains("sales_orders").contains("pending");

        browser.signIn("sam", mesh.password("sam"));
        browser.open("access-requests");
        WebElement request = browser.find("li.request");
        assertThat(request.getText()).contains("eve").contains("sales_orders").contains("Churn analysis for the Q3 review");
        browser.screenshot("portal-access-requests");
        request.findElement(By.cssSelector("button.primary")).click();
        browser.waitFor("the approval's notice", ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice"), "Approved"));

        browser.signIn("eve", mesh.password("eve"));
        // Trino's access control follows the new revision within seconds; the portal shows what it allows.
        List<Map<String, String>> rows = until("eve's preview of sales_orders.orders to show rows", () -> {
            browser.open("products/sales_orders");
            return browser.findAll("#dataset-orders button[data-preview]").isEmpty() ? List.<Map<String, String>>of() : preview("orders");
        }, found -> !found.isEmpty());
        assertThat(rows).hasSizeGreaterThan(10);
    }

    @Test
    @Order(9)
    void thePagesPassAnAccessibilityScan()
    {
        Map<String, List<String>> violations = new HashMap<>();
        browser.driver().manage().deleteAllCookies();
        browser.open("login");
        violations.put("login", browser.seriousAccessibilityViolations());
        browser.signIn("alice", mesh.password("alice"));
        for (String page : List.of("", "search?q=orders", "products/customer_profiles", "products/sales_orders/datasets/orders/lineage", "access-requests")) {
            browser.open(page);
            if (page.isEmpty()) {
                browser.screenshot("portal-overview");
            }
            if (page.endsWith("lineage")) {
                browser.waitFor("the graph drawn", ExpectedConditions.attributeToBe(By.id("lineage-graph"), "data-state", "drawn"));
            }
            violations.put(page.isEmpty() ? "overview" : page, browser.seriousAccessibilityViolations());
        }
        violations.values().removeIf(List::isEmpty);
        assertThat(violations).as("serious or critical accessibility violations by page").isEmpty();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(10)
    void bobSignsInAtTheIdentityProvider()
    {
        browser.driver().manage().deleteAllCookies();
        browser.open("login");
        browser.find("#oidc-sign-in").click();
        // The identity provider's own page, on its own origin: bob says who he is there.
        WebElement user = browser.waitFor("the identity provider's sign-in form", ExpectedConditions.presenceOfElementLocated(By.name("username")));
        user.sendKeys("bob");
        browser.find("input[type=submit]").click();
        browser.waitFor("bob signed in to the portal", driver -> driver.findElements(By.cssSelector(".who strong")).stream().anyMatch(element -> element.getText().equals("bob")));
        browser.open("products/customer_profiles");
        assertThat(browser.find("#dataset-customers tr[data-column=name] td:last-child").getText()).isEqualTo("clear");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    /** Clicks a dataset's preview button and reads the rows the portal shows, by column name. */
    private List<Map<String, String>> preview(String dataset)
    {
        browser.find("#dataset-%s button[data-preview]".formatted(dataset)).click();
        browser.waitFor("the preview of " + dataset, driver -> {
            String state = driver.findElement(By.id("preview-" + dataset)).getAttribute("data-state");
            return state != null && !state.isEmpty();
        });
        List<String> columns = browser.findAll("#preview-%s table.rows thead th".formatted(dataset)).stream().map(WebElement::getText).toList();
        List<Map<String, String>> rows = new ArrayList<>();
        for (WebElement row : browser.findAll("#preview-%s table.rows tbody tr".formatted(dataset))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                values.put(columns.get(i), cells.get(i).getText());
            }
            rows.add(values);
        }
        return rows;
    }

    /** Each customer's name as {@code user}'s own SQL reads it. */
    private Map<String, String> namesByKey(String user)
            throws SQLException
    {
        Map<String, String> names = new HashMap<>();
        try (Connection connection = mesh.connect(user)) {
            rows(connection, "SELECT custkey, name FROM mesh.customer_profiles.customers").forEach(row -> names.put(String.valueOf(row.get(0)), String.valueOf(row.get(1))));
        }
        return names;
    }

    private List<String> servedProducts()
    {
        List<String> served = new ArrayList<>();
        try (Connection connection = mesh.connect("admin")) {
            rows(connection, "SHOW SCHEMAS FROM mesh").forEach(row -> served.add((String) row.getFirst()));
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return served;
    }
}
