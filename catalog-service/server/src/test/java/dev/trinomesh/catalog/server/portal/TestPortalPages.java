package dev.trinomesh.catalog.server.portal;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.lineage.OpenLineage.RunEvent;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.trinomesh.catalog.lineage.MeshEvents.input;
import static dev.trinomesh.catalog.lineage.MeshEvents.query;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The portal over real HTTP, as browsers reach it: sign-in and its cookie, what each page shows whom, CSRF and
 * Origin checks on every change, and the headers that keep scripts of data and of other sites out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestPortalPages
{
    private static final String PAYLOAD = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=1\">";

    private Path directory;
    private TestingCatalogService service;
    private JettyHttpClient apiClient;
    private HttpClient http;

    @BeforeAll
    void start()
            throws IOException
    {
        directory = Files.createTempDirectory("portal-pages");
        StringBuilder passwords = new StringBuilder();
        for (String user : List.of("alice", "sam", "eve", "fiona")) {
            passwords.append("%s:%s\n".formatted(user, BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(8, (user + "-secret").toCharArray())));
        }
        Files.writeString(directory.resolve("password.db"), passwords);
        Files.writeString(directory.resolve("groups.txt"), "analysts:alice\nsales-team:sam\nfinance:fiona\n");
        service = new TestingCatalogService(Map.of(
                "identity.password-file", directory.resolve("password.db").toString(),
                "governance.group-file", directory.resolve("groups.txt").toString(),
                "governance.admins", "user:admin"));
        apiClient = new JettyHttpClient(new HttpClientConfig());
        as("sam").applyProduct("sales_orders", product("sales_orders", "sales", "group:sales-team", "[group:analysts]", "Orders and their net revenue"), Optional.empty(), false);
        as("fiona").applyProduct("vault", product("vault", "treasury", "group:finance", "[]", "Cash positions"), Optional.empty(), false);
        as("fiona").applyProduct("hostile", product("hostile", "treasury", "group:finance", "[group:analysts]", PAYLOAD), Optional.empty(), false);
        for (String name : List.of("rec_a", "rec_b", "rec_c")) {
            as("sam").applyProduct(name, product(name, "sales", "group:sales-team", "[group:analysts]", "For recommendations"), Optional.empty(), false);
        }
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    void stop()
            throws IOException
    {
        http.close();
        apiClient.close();
        service.close();
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void pagesSendPeopleWithoutASessionToSignIn()
            throws Exception
    {
        HttpResponse<String> overview = get("/portal/", null);
        assertThat(overview.statusCode()).isEqualTo(303);
        assertThat(overview.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/portal/login?next=%2Fportal%2F"));
        assertThat(get("/", null).headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/portal/"));
        HttpResponse<String> login = get("/portal/login", null);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("<form method=\"post\" action=\"/portal/login\">");
        assertSecurityHeaders(login);
        // Assets get the same headers; a page's script and style come from the portal only.
        HttpResponse<String> script = get("/portal/assets/portal.js", null);
        assertThat(script.statusCode()).isEqualTo(200);
        assertSecurityHeaders(script);
        assertThat(script.body()).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function");
        assertThat(get("/portal/vendor/cytoscape/cytoscape.min.js", null).statusCode()).isEqualTo(200);
    }

    @Test
    void signingInSetsAHostOnlyHttpOnlySecureCookieAndSigningOutEndsTheSession()
            throws Exception
    {
        HttpResponse<String> wrong = post("/portal/login", null, form("user", "alice", "password", "nope", "next", "/portal/"), null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Wrong user name or password.");
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();

        HttpResponse<String> signedIn = post("/portal/login", null, form("user", "alice", "password", "alice-secret", "next", "/portal/search?q=orders"), null);
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/portal/search?q=orders"));
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).matches("__Host-mesh-session=mesh_[^;]+; Path=/; Max-Age=43200; Secure; HttpOnly; SameSite=Lax");

        String session = cookie.substring(0, cookie.indexOf(';'));
        assertThat(get("/portal/", session).statusCode()).isEqualTo(200);
        // The session is a personal token: it shows in the person's tokens, under its name.
        assertThat(as("alice").tokens(Optional.empty())).anySatisfy(token -> assertThat(token.name()).isEqualTo("portal session"));

        String csrf = csrf(get("/portal/", session).body());
        assertThat(post("/portal/logout", session, form("csrf", csrf), null).statusCode()).isEqualTo(303);
        assertThat(get("/portal/", session).statusCode()).isEqualTo(303);

        // A link elsewhere after signing in would make the portal a phishing aid.
        HttpResponse<String> away = post("/portal/login", null, form("user", "alice", "password", "alice-secret", "next", "//evil.example/"), null);
        assertThat(away.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("127.0.0.1:%s/portal/".formatted(service.baseUri().getPort())));
    }

    @Test
    void everyChangeNeedsTheSessionsCsrfTokenAndTheSameOrigin()
            throws Exception
    {
        String session = signIn("eve");
        String csrf = csrf(get("/portal/access-requests", session).body());
        String ask = form("product", "sales_orders", "reason", "churn analysis");
        assertThat(post("/portal/access-requests", session, ask, null).statusCode()).isEqualTo(403);
        assertThat(post("/portal/access-requests", session, ask + "&csrf=wrong", null).statusCode()).isEqualTo(403);
        assertThat(post("/portal/access-requests", session, ask + "&csrf=" + csrf, "https://evil.example").statusCode()).isEqualTo(403);
        HttpResponse<String> sent = post("/portal/access-requests", session, ask + "&csrf=" + csrf, service.baseUri().toString().replaceAll("/$", ""));
        assertThat(sent.statusCode()).isEqualTo(303);
        assertThat(get("/portal/access-requests", session).body()).contains("sales_orders", "pending");
        // Previews are changes too (they run queries): without the token they are refused before anything runs.
        assertThat(post("/portal/products/sales_orders/datasets/orders/preview", session, "", null).statusCode()).isEqualTo(403);
    }

    @Test
    void eachPersonSeesWhatTheyMaySeeAndNoMore()
            throws Exception
    {
        String alice = signIn("alice");
        assertThat(get("/portal/products/sales_orders", alice).body()).contains("Orders and their net revenue", "orderkey");
        assertThat(get("/portal/search?q=order%20revnue", alice).body()).contains("data-product=\"sales_orders\"");
        HttpResponse<String> vault = get("/portal/products/vault", alice);
        HttpResponse<String> missing = get("/portal/products/no_such_product", alice);
        assertThat(vault.statusCode()).isEqualTo(404).isEqualTo(missing.statusCode());
        assertThat(vault.body().replace("vault", "X")).isEqualTo(missing.body().replace("no_such_product", "X"));

        HttpResponse<String> nowhere = get("/portal/no/such/page", alice);
        assertThat(nowhere.statusCode()).isEqualTo(404);
        assertThat(nowhere.body()).contains("<h1>Page not found</h1>");

        String eve = signIn("eve");
        for (String page : List.of("/portal/", "/portal/search", "/portal/search?q=orders", "/portal/search?q=cash", "/portal/access-requests")) {
            HttpResponse<String> response = get(page, eve);
            assertThat(response.statusCode()).as(page).isEqualTo(200);
            assertThat(response.body()).as(page).doesNotContain("sales_orders", "vault", "Cash positions", "treasury", "data-product=");
        }
        assertThat(get("/portal/search?q=vault", eve).body()).contains("data-total=\"0\"").doesNotContain("data-product=", "treasury");
    }

    @Test
    void noPathTrickGetsAroundSignInOrTheCsrfCheck()
            throws Exception
    {
        // Matrix parameters and empty segments are matched away by the router: the filters read the path the same way.
        for (String path : List.of("/v1;x/products", "/v1;x=1/tokens", "//v1/products", "/iceberg;x/v1/config", "/v1/products;x")) {
            URI raw = URI.create(service.baseUri().toString().replaceAll("/$", "") + path);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(raw).build(), HttpResponse.BodyHandlers.ofString());
            // Refused: for want of a token (401), or as an ambiguous path by the HTTP server itself (400).
            assertThat(response.statusCode()).as(path).isIn(400, 401);
        }
        HttpResponse<String> forged = post("/portal;x=1/login", null, form("user", "alice", "password", "alice-secret"), "https://evil.example");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(get("/portal;x/", null).statusCode()).isEqualTo(303);
        String session = signIn("alice");
        assertThat(post("/portal;x/logout", session, "", null).statusCode()).isEqualTo(403);
        assertThat(get("/portal/", session).statusCode()).isEqualTo(200);
    }

    @Test
    void aSessionIsNoApiTokenAndAnApiTokenIsNoSession()
            throws Exception
    {
        String session = signIn("alice");
        String secret = session.substring(session.indexOf('=') + 1);
        HttpResponse<String> asBearer = http.send(HttpRequest.newBuilder(uri("/v1/auth/whoami")).header("Authorization", "Bearer " + secret).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(asBearer.statusCode()).isEqualTo(401);
        assertThat(asBearer.body()).contains("is a portal session, which signs its person in to the portal only");
        assertThat(get("/portal/", "__Host-mesh-session=" + service.tokenFor("alice")).statusCode()).as("an API token as a session cookie").isEqualTo(303);
        HttpResponse<String> reserved = http.send(HttpRequest.newBuilder(uri("/v1/tokens"))
                .header("Authorization", service.authorization("alice"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"portal session\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reserved.statusCode()).isEqualTo(400);
        assertThat(reserved.body()).contains("is reserved for the portal's sessions");
        // Signing in again ends the browser's previous session.
        HttpResponse<String> again = post("/portal/login", session, form("user", "alice", "password", "alice-secret"), null);
        assertThat(again.statusCode()).isEqualTo(303);
        assertThat(get("/portal/", session).statusCode()).isEqualTo(303);
    }

    @Test
    // First: the recommendations remember who read what for half a minute, so no page may have asked before the reads.
    @Order(1)
    void consumersAlsoReadWhatAtLeastThreeOfThemReadTogether()
            throws Exception
    {
        Instant now = Instant.now();
        List<RunEvent> reads = new ArrayList<>();
        // r1, r2 and r3 read rec_a and rec_b; r1, r2 and r4 read rec_c: two of rec_a's readers only.
        Map<String, List<String>> readers = Map.of("rec_a", List.of("r1", "r2", "r3"), "rec_b", List.of("r1", "r2", "r3"), "rec_c", List.of("r1", "r2", "r4"));
        readers.forEach((product, people) -> people.forEach(reader -> reads.add(query("trino", "rec-%s-%s".formatted(product, reader), reader, now, "SELECT * FROM mesh.%s.orders".formatted(product),
                List.of(input("trino", "mesh.%s.orders".formatted(product), List.of(), List.of("orderkey"))), null))));
        as("admin").sendLineage(reads);

        String page = get("/portal/products/rec_a", signIn("alice")).body();
        assertThat(page).contains("Consumers of this product also read", "<a href=\"/portal/products/rec_b\">rec_b</a>", "3 readers in common");
        assertThat(page).doesNotContain("/portal/products/rec_c\"");
        // eve sees none of them, so none is recommended to her anywhere.
        assertThat(get("/portal/products/rec_a", signIn("eve")).statusCode()).isEqualTo(404);
    }

    @Test
    void usageShowsReadsPerDayToReadersAndNamesToOperatorsOnly()
            throws Exception
    {
        Instant now = Instant.now();
        List<RunEvent> reads = new ArrayList<>();
        int query = 0;
        for (String reader : List.of("alice", "alice", "bob", "carol")) {
            reads.add(query("trino", "usage-" + query++, reader, now, "SELECT * FROM mesh.sales_orders.orders",
                    List.of(input("trino", "mesh.sales_orders.orders", List.of(), List.of("orderkey"))), null));
        }
        reads.add(query("trino", "usage-" + query, "bob", now.minus(Duration.ofDays(1)), "SELECT * FROM mesh.sales_orders.orders",
                List.of(input("trino", "mesh.sales_orders.orders", List.of(), List.of("orderkey"))), null));
        as("admin").sendLineage(reads);

        String today = LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
        String yesterday = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(1).toString();
        // sam's team owns the product: the reads per day, and who read it.
        String owner = get("/portal/products/sales_orders", signIn("sam")).body();
        assertThat(owner).contains("Queries per day", "<th scope=\"row\">%s</th><td>4</td>".formatted(today), "<th scope=\"row\">%s</th><td>1</td>".formatted(yesterday));
        assertThat(owner).contains("Top consumers", "<th scope=\"row\">alice</th><td>2</td>", "<th scope=\"row\">carol</th>");
        // alice reads it: the same counts, nobody's name.
        String reader = get("/portal/products/sales_orders", signIn("alice")).body();
        assertThat(reader).contains("<th scope=\"row\">%s</th><td>4</td>".formatted(today), "shown to the product's owners only");
        assertThat(reader).doesNotContain("<th scope=\"row\">bob</th>", "<th scope=\"row\">carol</th>");
    }

    @Test
    void valuesFromDescriptorsAreTextNeverMarkup()
            throws Exception
    {
        String body = get("/portal/products/hostile", signIn("alice")).body();
        assertThat(body).doesNotContain("<script>window.__pwned", "<img src=x");
        assertThat(body).contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=\"window.__pwned=1\"&gt;");
    }

    private void assertSecurityHeaders(HttpResponse<String> response)
    {
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy)
                .contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "form-action 'self'")
                .doesNotContain("unsafe"));
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
    }

    private String signIn(String user)
            throws Exception
    {
        HttpResponse<String> response = post("/portal/login", null, form("user", user, "password", user + "-secret"), null);
        assertThat(response.statusCode()).isEqualTo(303);
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private static String csrf(String page)
    {
        Matcher matcher = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">").matcher(page);
        assertThat(matcher.find()).as("the page carries a CSRF token").isTrue();
        return matcher.group(1);
    }

    private HttpResponse<String> get(String path, String cookie)
            throws Exception
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (cookie != null) {
            // java.net's cookie handler never sends Secure cookies over http; browsers do for loopback addresses.
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String cookie, String form, String origin)
            throws Exception
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path)
    {
        return service.baseUri().resolve(path);
    }

    private static String form(String... pairs)
    {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (!form.isEmpty()) {
                form.append('&');
            }
            form.append(URLEncoder.encode(pairs[i], UTF_8)).append('=').append(URLEncoder.encode(pairs[i + 1], UTF_8));
        }
        return form.toString();
    }

    private CatalogServiceClient as(String user)
    {
        return service.client(apiClient, user);
    }

    private static String product(String name, String domain, String owner, String consumers, String description)
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
                  description: '%s'
                  tags: [orders]
                spec:
                  access: {consumers: %s}
                  datasets:
                    - name: orders
                      source: {table: tpch.tiny.orders}
                      columns:
                        - {name: orderkey, type: bigint, required: true}
                        - {name: totalprice, type: double, description: net revenue of the order}
                """.formatted(name, domain, owner, description.replace("'", "''"), consumers);
    }
}
