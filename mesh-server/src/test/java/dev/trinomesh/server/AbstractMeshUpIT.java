package dev.trinomesh.server;

import dev.trinomesh.testing.Ports;
import dev.trinomesh.testing.TokenGuesser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE;
import static java.nio.file.attribute.PosixFilePermission.OWNER_READ;
import static java.nio.file.attribute.PosixFilePermission.OWNER_WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stack exactly as a newcomer starts it: {@code ./mesh up} on the distribution this module built
 * (a real Trino 476 server with the plugin zips and the repository's etc/), queried through the
 * Trino JDBC driver over HTTPS, trusting the stack's CA, as the demo's people with the passwords
 * {@code ./mesh up} made. Runs on free ports with its own state directory, then {@code ./mesh down}.
 * Subclasses put the lake on the local disk or on S3.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractMeshUpIT
{
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final int UP_ATTEMPTS = 3;

    private Path home;
    private int trinoPort;
    private int trinoHttpsPort;
    private int servicePort;
    private int workerPort;
    private int replicaPort;
    private int postgresPort;
    private String upOutput;

    record Result(int exitCode, String output) {}

    /** Extra environment of every ./mesh command (e.g. where the lake is). */
    protected abstract Map<String, String> environment();

    /** Trino's workers (./mesh up --workers); 0 runs one Trino process that is coordinator and worker. */
    protected int workers()
    {
        return 0;
    }

    /** The catalog service's processes (./mesh up --replicas); more than one run on PostgreSQL behind HAProxy. */
    protected int replicas()
    {
        return 1;
    }

    /**
     * ./mesh up on ports chosen here: the processes it starts must be told their ports, so a port another process
     * takes between the choice and the start is met by starting again on others (./mesh refuses a port that is
     * taken, and a process that loses the race fails to bind it).
     */
    @BeforeAll
    // ./mesh up starts a real Trino and the catalog service and builds the demo's lake from TPC-H: about two
    // minutes on 2 cores, up to six when the machine is busy (the up command's own limit), plus a retry.
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void up()
            throws Exception
    {
        home = Files.createTempDirectory("mesh-home");
        for (int attempt = 1; ; attempt++) {
            trinoPort = Ports.freePort();
            trinoHttpsPort = Ports.freePort();
            servicePort = Ports.freePort();
            workerPort = Ports.freePort();
            replicaPort = Ports.freePort();
            postgresPort = Ports.freePort();
            List<String> arguments = new ArrayList<>(List.of("up", "--no-build"));
            if (workers() > 0) {
                arguments.addAll(List.of("--workers", String.valueOf(workers())));
            }
            if (replicas() > 1) {
                arguments.addAll(List.of("--replicas", String.valueOf(replicas())));
            }
            Result up = mesh(Duration.ofMinutes(6), arguments.toArray(String[]::new));
            if (up.exitCode() == 0 || attempt == UP_ATTEMPTS || !lostAPort(up)) {
                assertThat(up.exitCode()).as("%s%n%s", up.output(), logs()).isZero();
                assertThat(up.output())
                        .contains("product sales_orders: created at revision 1 (published, version 1.1.0)")
                        .contains("The mesh is up.")
                        .contains(jdbcUrl())
                        .contains("Logged in to http://127.0.0.1:%s as admin".formatted(servicePort))
                        .contains("Portal           http://127.0.0.1:%s/portal/".formatted(servicePort))
                        // the people of the demo with their passwords, eve among them
                        .containsPattern("\\n  sam +%s +sales team".formatted(password("sam")))
                        .containsPattern("\\n  eve +%s +in no group".formatted(password("eve")));
                upOutput = up.output();
                return;
            }
            // Whatever did start is stopped, so that the next attempt writes its configuration afresh; its logs go, so
            // that they do not speak for the next attempt.
            mesh(Duration.ofMinutes(2), "down");
            deleteRecursively(home.resolve("logs"));
        }
    }

    /** Whether ./mesh up failed because a port it was given was taken (before it started, or as a process bound it). */
    private boolean lostAPort(Result up)
            throws IOException
    {
        String everything = up.output() + logs();
        return everything.contains("is taken by another process") || everything.contains("Address already in use") || everything.contains("BindException");
    }

    /** The logs of the processes ./mesh started, for failure messages. */
    private String logs()
            throws IOException
    {
        Path logs = home.resolve("logs");
        if (!Files.isDirectory(logs)) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        try (var files = Files.list(logs)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                text.append("==> ").append(file).append(" <==\n").append(tail(Files.readString(file, UTF_8), 200)).append('\n');
            }
        }
        return text.toString();
    }

    private static String tail(String text, int lines)
    {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @AfterAll
    void down()
            throws Exception
    {
        if (home == null) {
            return;
        }
        Result down = mesh(Duration.ofMinutes(2), "down");
        assertThat(down.output()).contains("Stopped.");
        String status = mesh(Duration.ofMinutes(1), "status").output();
        assertThat(status).containsPattern("\\ntrino +stopped\\n");
        for (int worker = 1; worker <= workers(); worker++) {
            assertThat(status).containsPattern("trino-worker-%s +stopped".formatted(worker));
        }
        if (replicas() > 1) {
            assertThat(status).containsPattern("postgres +stopped").containsPattern("haproxy +stopped");
            for (int replica = 1; replica <= replicas(); replica++) {
                assertThat(status).containsPattern("catalog-service-%s +stopped".formatted(replica));
            }
        }
        else {
            assertThat(status).containsPattern("catalog-service +stopped");
        }
        deleteRecursively(home);
    }

    private static void deleteRecursively(Path directory)
            throws IOException
    {
        if (!Files.exists(directory)) {
            return;
        }
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void consumersSeeAndQueryPublishedProducts()
            throws Exception
    {
        String juneOrders;
        try (Connection connection = connect("admin"); Statement statement = connection.createStatement()) {
            juneOrders = strings(statement.executeQuery("SELECT CAST(count(*) AS varchar) FROM tpch.tiny.orders WHERE orderdate BETWEEN DATE '1995-06-01' AND DATE '1995-06-30'")).getFirst();
        }
        // alice is an analyst (etc/trino/groups.txt): she reads the products whose consumers include the analysts.
        try (Connection connection = connect("alice"); Statement statement = connection.createStatement()) {
            assertThat(strings(statement.executeQuery("SHOW SCHEMAS FROM mesh")))
                    .contains("sales_orders", "customer_profiles", "supply_parts", "metadata")
                    .doesNotContain("returns_analysis", "sales_revenue");
            assertThat(strings(statement.executeQuery("SELECT name FROM mesh.customer_profiles.regions ORDER BY regionkey")))
                    .containsExactly("AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST");
            // Consumers never read the lake: the dataset's view reads it as the product.
            assertThatThrownBy(() -> statement.executeQuery("SELECT count(*) FROM lake.customer_profiles.regions"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Access Denied").hasMessageContaining("lake namespace 'customer_profiles' belongs to product 'customer_profiles'");
            assertThat(strings(statement.executeQuery("SELECT product || ':' || status FROM mesh.metadata.products WHERE owner <> 'user:alice' ORDER BY product")))
                    .containsExactly("customer_profiles:published", "sales_orders:published", "supply_parts:published");
        }
        // fiona is in finance: sales_revenue is hers to read, and its view reads sales_orders as the product.
        try (Connection connection = connect("fiona"); Statement statement = connection.createStatement()) {
            assertThat(strings(statement.executeQuery("SELECT CAST(orders AS varchar) FROM mesh.sales_revenue.monthly_revenue WHERE month = DATE '1995-06-01'")))
                    .containsExactly(juneOrders);
        }
        // xena (executives) reads the end of the demo's pipeline chain: orders -> sales_revenue.daily_revenue -> executive_summary.yearly_revenue.
        try (Connection connection = connect("xena"); Statement statement = connection.createStatement()) {
            assertThat(strings(statement.executeQuery("SELECT CAST(sum(orders) AS varchar) FROM mesh.executive_summary.yearly_revenue"))).containsExactly("15000");
        }
    }

    @Test
    void trinoServesPeopleOverHttpsWithTheirOwnPasswordsOnly()
            throws Exception
    {
        // Plain HTTP is for Trino's internal communication: a query over it is refused, whoever it names.
        assertThatThrownBy(() -> query(connect("jdbc:trino://127.0.0.1:%s/mesh".formatted(trinoPort), "admin", null, Optional.empty()), "SELECT 1"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Authentication over HTTP is not enabled");
        // Over HTTPS a user needs their password, the right one.
        assertThatThrownBy(() -> query(connect(jdbcUrl(), "admin", null, Optional.empty()), "SELECT 1"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Authentication failed");
        assertThatThrownBy(() -> query(connect(jdbcUrl(), "admin", "not-" + password("admin"), Optional.empty()), "SELECT 1"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Authentication failed: Access Denied: Invalid credentials");
        // alice is alice with her password, and cannot claim bob: not with her password, nor by acting for him.
        assertThat(query(connect("alice"), "SELECT current_user")).containsExactly("alice");
        assertThatThrownBy(() -> query(connect(jdbcUrl(), "bob", password("alice"), Optional.empty()), "SELECT current_user"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Invalid credentials");
        assertThatThrownBy(() -> query(connect(jdbcUrl(), "alice", password("alice"), Optional.of("bob")), "SELECT current_user"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("User alice cannot impersonate user bob");
        // A client that does not trust the stack's CA does not trust Trino's certificate.
        assertThatThrownBy(() -> query(connect("jdbc:trino://127.0.0.1:%s/mesh?SSL=true".formatted(trinoHttpsPort), "alice", password("alice"), Optional.empty()), "SELECT 1"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("PKIX path building failed");
        // The passwords are readable by their owner only; ./mesh sql passes them to the Trino CLI (HTTPS, the stack's CA).
        assertThat(Files.getPosixFilePermissions(home.resolve("passwords"))).containsExactlyInAnyOrder(OWNER_READ, OWNER_WRITE, OWNER_EXECUTE);
        assertThat(Files.getPosixFilePermissions(home.resolve("passwords/alice"))).containsExactlyInAnyOrder(OWNER_READ, OWNER_WRITE);
        Result sql = mesh(Duration.ofMinutes(1), Map.of("MESH_USER", "alice"), Path.of("/dev/null"), "sql", "--execute", "SELECT current_user");
        assertThat(sql.exitCode()).as(sql.output()).isZero();
        assertThat(sql.output()).contains("\"alice\"");
    }

    @Test
    // Seven ./mesh commands, each a JVM of the CLI (seconds each, up to a minute on a busy machine), and Trino's poll.
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void samLogsInWithHisPasswordAndRunsHisOwnProductsOnly()
            throws Exception
    {
        // Another login file than the stack's, which stays logged in as admin for the other tests.
        Map<String, String> asSam = Map.of("MESH_CREDENTIALS", home.resolve("sam-credentials.json").toString());
        Path wrongPassword = Files.writeString(home.resolve("wrong-password"), "not-" + password("sam") + "\n");
        Result refused = mesh(Duration.ofMinutes(1), asSam, wrongPassword, "login", "sam", "--password-stdin");
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
        assertThat(home.resolve("sam-credentials.json")).doesNotExist();

        Result login = mesh(Duration.ofMinutes(1), asSam, home.resolve("passwords/sam"), "login", "sam", "--password-stdin");
        assertThat(login.exitCode()).as(login.output()).isZero();
        assertThat(login.output()).contains("as sam");
        assertThat(mesh(Duration.ofMinutes(1), asSam, Path.of("/dev/null"), "whoami").output()).contains("sam (authenticated by token)").contains("group:sales-team");

        // His domain (sales, owned by the sales team): he creates and publishes a product.
        Path own = Files.writeString(home.resolve("sams_pipeline.yaml"), """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: sams_pipeline, domain: sales, owner: group:sales-team, version: 1.0.0}
                spec:
                  datasets:
                    - name: nations
                      source: {table: tpch.tiny.nation}
                      columns: [{name: name, type: varchar(25)}]
                """);
        Result apply = mesh(Duration.ofMinutes(1), asSam, Path.of("/dev/null"), "apply", "-f", own.toString());
        assertThat(apply.exitCode()).as(apply.output()).isZero();
        assertThat(apply.output()).contains("product sams_pipeline: created at revision 1 (draft, version 1.0.0)");
        Result publish = mesh(Duration.ofMinutes(1), asSam, Path.of("/dev/null"), "products", "publish", "sams_pipeline");
        assertThat(publish.exitCode()).as(publish.output()).isZero();
        // Another domain's (customers, the CRM team's): refused, and nothing is created.
        Path other = Files.writeString(home.resolve("sams_customers.yaml"), Files.readString(own).replace("sams_pipeline", "sams_customers").replace("domain: sales", "domain: customers"));
        Result refusedApply = mesh(Duration.ofMinutes(1), asSam, Path.of("/dev/null"), "apply", "-f", other.toString());
        assertThat(refusedApply.exitCode()).as(refusedApply.output()).isEqualTo(1);
        assertThat(refusedApply.output()).contains("product sams_customers: refused (HTTP 403): domain 'customers' has an owner: only they and governance admins may add product 'sams_customers' to it; sam is neither");

        // ./mesh sql is the CLI's logged-in user, with his password; he reads his product once Trino has it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Result sql = mesh(Duration.ofMinutes(1), asSam, Path.of("/dev/null"), "sql", "--execute", "SELECT current_user; SELECT count(*) FROM mesh.sams_pipeline.nations");
            if (sql.exitCode() == 0) {
                assertThat(sql.output()).contains("\"sam\"\n\"25\"");
                break;
            }
            assertThat(System.nanoTime() - deadline).as("sam's product in Trino within 30 s: %s", sql.output()).isNegative();
            Thread.sleep(500);
        }
        assertThat(query(connect("admin"), "SELECT product FROM mesh.metadata.products WHERE product LIKE 'sams%'")).containsExactly("sams_pipeline");
    }

    @Test
    void theRestCatalogAnswersEachPersonAsTheyMayAndNobodyAnonymously()
            throws Exception
    {
        // Another engine (PyIceberg, Spark) at the demo's REST catalog with a person's token, as the issue's example.
        String table = "/iceberg/v1/namespaces/customer_profiles/tables/customers";
        try (HttpClient client = HttpClient.newHttpClient()) {
            assertThat(get(client, table, Optional.empty()).statusCode()).isEqualTo(401);
            // carla's team owns customer_profiles; alice may read it, through Trino only; sam may not even see it.
            HttpResponse<String> owner = get(client, table, Optional.of(personalToken(client, "carla")));
            assertThat(owner.statusCode()).as(owner.body()).isEqualTo(200);
            assertThat(owner.body()).contains("\"metadata-location\"");
            HttpResponse<String> consumer = get(client, table, Optional.of(personalToken(client, "alice")));
            assertThat(consumer.statusCode()).as(consumer.body()).isEqualTo(403);
            assertThat(consumer.body()).contains("through Trino").doesNotContain("metadata-location");
            String sam = personalToken(client, "sam");
            HttpResponse<String> outsider = get(client, table, Optional.of(sam));
            assertThat(outsider.statusCode()).as(outsider.body()).isEqualTo(404);
            assertThat(outsider.body()).doesNotContain("crm-team");
            assertThat(get(client, "/iceberg/v1/namespaces", Optional.of(sam)).body()).doesNotContain("customer_profiles");
        }
    }

    @Test
    void aNewUserFindsPreviewsAndAsksInThePortal()
            throws Exception
    {
        // The issue's path, over HTTP as a browser sends it: sign in, find sales_orders by a typo, preview masked data.
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            String alice = portalSession(client, "alice");
            HttpResponse<String> search = portal(client, "GET", "/portal/search?q=order%20revnue", alice, null);
            assertThat(search.statusCode()).isEqualTo(200);
            assertThat(search.body()).contains("data-product=");
            assertThat(search.body().substring(search.body().indexOf("data-product=")).split("\"")[1]).as("the first hit").isEqualTo("sales_orders");
            HttpResponse<String> product = portal(client, "GET", "/portal/products/customer_profiles", alice, null);
            assertThat(product.body()).contains("Contract history").contains("<span class=\"masked\"");
            String csrf = product.body().replaceAll("(?s).*<meta name=\"csrf-token\" content=\"([^\"]+)\">.*", "$1");
            // Through the real Trino as alice: her segment only, her names hashed, as her own SQL gets them.
            HttpResponse<String> preview = portal(client, "POST", "/portal/products/customer_profiles/datasets/customers/preview", alice, csrf);
            assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
            assertThat(preview.body()).contains("<td>BUILDING</td>").doesNotContain("<td>AUTOMOBILE</td>").doesNotContain("Customer#");
            // The portal's queries queue in a resource group of their own, apart from people's SQL.
            try (Connection admin = connect("admin"); Statement statement = admin.createStatement()) {
                assertThat(strings(statement.executeQuery("SELECT DISTINCT array_join(resource_group_id, '.') FROM system.runtime.queries WHERE source = 'mesh-portal'"))).containsExactly("mesh.portal");
                // A person's own SQL: this very query, which sees itself running.
                assertThat(strings(statement.executeQuery("SELECT array_join(resource_group_id, '.') FROM system.runtime.queries WHERE state = 'RUNNING' AND query LIKE '%people''s own SQL%' /* people's own SQL */"))).containsExactly("mesh.people");
            }
            String eve = portalSession(client, "eve");
            assertThat(portal(client, "GET", "/portal/search?q=*", eve, null).body()).doesNotContain("data-product=");
            assertThat(portal(client, "GET", "/portal/products/sales_orders", eve, null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aNewUserRunsThePrintedCurlAndGetsTheRowsSqlGivesHer()
            throws Exception
    {
        String curl = upOutput.lines().map(String::strip).filter(line -> line.startsWith("curl -H @")).findFirst().orElseThrow();
        Process process = new ProcessBuilder("bash", "-c", curl + " --silent --show-error --fail-with-body").redirectErrorStream(true).start();
        String body = new String(process.getInputStream().readAllBytes(), UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(body).isZero();
        // alice's segment only, acctbal masked (null) for her, the customers her own SQL gets, in order.
        List<String> custkeys = Pattern.compile("\"custkey\":(\\d+)").matcher(body).results().map(match -> match.group(1)).toList();
        assertThat(custkeys).hasSize(3);
        assertThat(body.split("\"mktsegment\":\"BUILDING\"", -1)).hasSize(4);
        assertThat(body.split("\"acctbal\":null", -1)).hasSize(4);
        assertThat(body).contains("\"truncated\":true").contains("\"next\":\"");
        assertThat(query(connect("alice"), "SELECT CAST(custkey AS varchar) FROM mesh.customer_profiles.customers ORDER BY custkey LIMIT 3")).isEqualTo(custkeys);
        // The API's queries queue in a resource group of their own, apart from people's SQL.
        assertThat(query(connect("admin"), "SELECT DISTINCT array_join(resource_group_id, '.') FROM system.runtime.queries WHERE source = 'mesh-api'")).containsExactly("mesh.api");
    }

    /** A portal session cookie of {@code user}, from the sign-in form with their demo password. */
    private String portalSession(HttpClient client, String user)
            throws IOException, InterruptedException
    {
        HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:%s/portal/login".formatted(servicePort)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=%s&password=%s".formatted(user, URLEncoder.encode(password(user), UTF_8))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private HttpResponse<String> portal(HttpClient client, String method, String path, String cookie, String csrf)
            throws IOException, InterruptedException
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:%s%s".formatted(servicePort, path)))
                .header("Cookie", cookie)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (csrf != null) {
            request.header("X-CSRF-Token", csrf).header("Origin", "http://127.0.0.1:%s".formatted(servicePort));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A personal token of {@code user}, from a login with their demo password. */
    private String personalToken(HttpClient client, String user)
            throws IOException, InterruptedException
    {
        HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:%s/v1/auth/login".formatted(servicePort)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\": \"%s\", \"password\": \"%s\", \"name\": \"rest-catalog-test\"}".formatted(user, password(user))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(201);
        int start = login.body().indexOf("\"secret\":\"") + "\"secret\":\"".length();
        return login.body().substring(start, login.body().indexOf('"', start));
    }

    private HttpResponse<String> get(HttpClient client, String path, Optional<String> token)
            throws IOException, InterruptedException
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:%s%s".formatted(servicePort, path)));
        token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Someone guessing tokens from their own address meets the limit of 10 failures a minute (one more with two
     * replicas: see FailedAttempts) and is refused from then on, forged forwarding headers or not; everyone else,
     * Trino's plugins included, goes on.
     */
    @Test
    void guessingTokensHoldsBackOnlyTheGuessersAddress()
            throws Exception
    {
        // The single process refuses forwarding headers (406) before it looks at a token; the replicas' HAProxy replaces them.
        List<Integer> statuses = TokenGuesser.guess(serviceUri().resolve("/v1/products"), 15, replicas() > 1);
        // The first 10 are answered; then each replica refuses from the failure at which it learns the shared count.
        assertThat(statuses.subList(0, 10)).as("statuses: %s", statuses).containsOnly(401);
        assertThat(statuses.subList(10 + replicas() - 1, statuses.size())).as("statuses: %s", statuses).containsOnly(429);
        try (HttpClient client = HttpClient.newHttpClient()) {
            String admin = Files.readString(home.resolve("etc/tokens/admin")).strip();
            assertThat(get(client, "/v1/products", Optional.of(admin)).statusCode()).isEqualTo(200);
        }
        assertThat(query(connect("alice"), "SELECT CAST(count(*) AS varchar) FROM mesh.customer_profiles.customers")).hasSize(1);
    }

    @Test
    void eveSeesNoProduct()
            throws Exception
    {
        try (Connection connection = connect("eve"); Statement statement = connection.createStatement()) {
            assertThat(strings(statement.executeQuery("SHOW SCHEMAS FROM mesh"))).containsExactlyInAnyOrder("information_schema", "metadata");
            assertThat(strings(statement.executeQuery("SELECT CAST(count(*) AS varchar) FROM mesh.metadata.products"))).containsExactly("0");
            assertThat(strings(statement.executeQuery("SELECT CAST(count(*) AS varchar) FROM mesh.metadata.datasets"))).containsExactly("0");
            assertThatThrownBy(() -> statement.executeQuery("SELECT count(*) FROM mesh.sales_orders.orders"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Access Denied");
        }
    }

    @Test
    void policiesFilterAndMaskWhatEachUserSees()
            throws Exception
    {
        String query = "SELECT mktsegment, name, CAST(acctbal AS varchar) FROM mesh.customer_profiles.customers WHERE custkey IN (SELECT min(custkey) FROM mesh.customer_profiles.customers)";
        try (Connection connection = connect("alice"); Statement statement = connection.createStatement()) {
            // The domain's row filter reads alice's segment attribute; the global guardrail hashes pii; acctbal is hidden.
            assertThat(strings(statement.executeQuery("SELECT DISTINCT mktsegment FROM mesh.customer_profiles.customers"))).containsExactly("BUILDING");
            List<String> row = row(statement.executeQuery(query));
            assertThat(row.get(1)).matches("[0-9A-F]{64}");
            assertThat(row.get(2)).isNull();
        }
        try (Connection connection = connect("bob"); Statement statement = connection.createStatement()) {
            assertThat(strings(statement.executeQuery("SELECT DISTINCT mktsegment FROM mesh.customer_profiles.customers"))).containsExactly("AUTOMOBILE");
            assertThat(row(statement.executeQuery(query)).get(1)).startsWith("Customer#");
        }
        try (Connection connection = connect("eve"); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT count(*) FROM mesh.customer_profiles.customers"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("eve is not a consumer of product 'customer_profiles'");
        }
        assertThat(mesh(Duration.ofMinutes(1), "policies", "list").output()).contains("personal_data").contains("customer_segments");
    }

    @Test
    void datasetsMatchTheirSources()
            throws Exception
    {
        try (Connection connection = connect("admin"); Statement statement = connection.createStatement()) {
            String revenue = "SELECT CAST(round(sum(extendedprice * (1 - discount)), 2) AS varchar) FROM %s WHERE shipdate >= DATE '1995-01-01' AND shipdate < DATE '1995-02-01'";
            String viaMesh = strings(statement.executeQuery(revenue.formatted("mesh.sales_orders.lineitem"))).getFirst();
            assertThat(viaMesh)
                    .isEqualTo(strings(statement.executeQuery(revenue.formatted("lake.sales_orders.lineitem"))).getFirst())
                    .isEqualTo(strings(statement.executeQuery(revenue.formatted("tpch.tiny.lineitem"))).getFirst());
            assertThat(strings(statement.executeQuery("SELECT status || ':' || CAST(total_records AS varchar) FROM mesh.metadata.freshness WHERE product = 'sales_orders' AND dataset = 'orders'")))
                    .containsExactly("fresh:15000");
        }
    }

    @Test
    void theContractGateGuardsTheLake()
            throws Exception
    {
        try (Connection connection = connect("admin"); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("ALTER TABLE lake.sales_orders.orders DROP COLUMN clerk"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Refused by the data contract of product 'sales_orders' version 1.1.0, dataset orders (lake table sales_orders.orders):")
                    .hasMessageContaining("column 'clerk' is dropped; the contract promises it");
            statement.execute("ALTER TABLE lake.sales_orders.orders ADD COLUMN channel varchar");
            assertThat(strings(statement.executeQuery("SELECT outcome FROM mesh.metadata.lake_commits WHERE table_namespace = 'sales_orders' AND table_name = 'orders' AND operation = 'schema'")))
                    .containsExactly("accepted");
        }
    }

    @Test
    // Two waits of up to 2 minutes each for lineage that arrives in the background, each attempt a JVM of the CLI.
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void queriesLeaveLineageUsageAndAudit()
            throws Exception
    {
        try (Connection connection = connect("alice"); Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT count(*) FROM mesh.customer_profiles.customers").close();
        }
        // ./mesh up built the lake from TPC-H with CREATE TABLE AS: the graph runs from TPC-H through the lake to the mesh.
        String upstream = awaitOutput("tpch.tiny.orders", "lineage", "upstream", "mesh.sales_orders.orders", "--column", "totalprice");
        assertThat(upstream).contains("lake.sales_orders.orders").contains("tpch.tiny.orders").contains("(CONTRACT)").contains("(DIRECT)");
        // alice's read, with the domain's row filter on her segment and the pii mask
        String audit = awaitOutput("alice", "lineage", "audit", "--by", "alice", "--dataset", "mesh.customer_profiles.customers");
        assertThat(audit).contains("mktsegment = 'BUILDING'").contains("name: ");
        try (Connection connection = connect("alice"); Statement statement = connection.createStatement()) {
            assertThat(strings(statement.executeQuery("SELECT DISTINCT user_name FROM mesh.metadata.audit"))).containsExactly("alice");
            // She may read the lake table but not TPC-H, the source it was built from: that end is shown without its name.
            assertThat(strings(statement.executeQuery("SELECT source_dataset FROM mesh.metadata.lineage_edges WHERE target_dataset = 'lake.sales_orders.orders' AND target_column = 'totalprice'")))
                    .singleElement().asString().matches("restricted-\\d+");
        }
        try (Connection connection = connect("admin"); Statement statement = connection.createStatement()) {
            assertThat(strings(statement.executeQuery("SELECT source_dataset FROM mesh.metadata.lineage_edges WHERE target_dataset = 'lake.sales_orders.orders' AND target_column = 'totalprice'")))
                    .containsExactly("tpch.tiny.orders");
        }
    }

    @Test
    void qualityChecksRunThroughTrino()
            throws Exception
    {
        Result check = mesh(Duration.ofMinutes(3), "check", "sales_orders");
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output())
                .containsPattern("orders +unique_orderkey +passed +0 +0 duplicates")
                .containsPattern("lineitem +lines_have_orders +passed +0 +")
                .contains("orders: healthy").contains("lineitem: healthy")
                .contains("11 of 11 checks passed");
        try (Connection connection = connect("admin"); Statement statement = connection.createStatement()) {
            assertThat(strings(statement.executeQuery("SELECT DISTINCT quality_status FROM mesh.metadata.datasets WHERE product = 'sales_orders'"))).containsExactly("healthy");
        }
    }

    /** Lineage arrives in the background: runs the CLI command until its output contains {@code expected}, for up to 2 minutes. */
    private String awaitOutput(String expected, String... arguments)
            throws IOException, InterruptedException
    {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            Result result = mesh(Duration.ofMinutes(1), arguments);
            if (result.exitCode() == 0 && result.output().contains(expected)) {
                return result.output();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("./mesh %s did not show '%s' within 2 minutes; last: %s".formatted(String.join(" ", arguments), expected, result));
            }
            Thread.sleep(500);
        }
    }

    @Test
    void biToolsBrowseTypedColumnsWithRemarks()
            throws Exception
    {
        try (Connection connection = connect("alice")) {
            DatabaseMetaData metadata = connection.getMetaData();
            List<String> columns = new ArrayList<>();
            try (ResultSet rows = metadata.getColumns("mesh", "customer_profiles", "customers", null)) {
                while (rows.next()) {
                    columns.add("%s %s %s".formatted(rows.getString("COLUMN_NAME"), rows.getString("TYPE_NAME"), rows.getString("REMARKS")));
                }
            }
            assertThat(columns).startsWith("custkey bigint Customer key", "name varchar Customer name");
            try (ResultSet tables = metadata.getTables("mesh", "supply_parts", null, null)) {
                assertThat(column(tables, "TABLE_NAME")).containsExactly("parts", "stock", "suppliers");
            }
        }
    }

    @Test
    // ./mesh up again (up to 3 minutes under load) after an apply and the wait for Trino to see it.
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void newProductsAppearWithoutRestartAndUpIsRepeatable()
            throws Exception
    {
        Path descriptor = home.resolve("late.yaml");
        Files.writeString(descriptor, """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: late_arrival, domain: sales, owner: user:alice, version: 1.0.0, status: published}
                spec:
                  datasets:
                    - name: nations
                      source: {table: tpch.tiny.nation}
                      columns: [{name: name, type: varchar(25)}]
                """);
        Result apply = mesh(Duration.ofMinutes(1), "apply", "-f", descriptor.toString());
        assertThat(apply.exitCode()).as(apply.output()).isZero();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Connection connection = connect("alice"); Statement statement = connection.createStatement()) {
                assertThat(strings(statement.executeQuery("SELECT CAST(count(*) AS varchar) FROM mesh.late_arrival.nations"))).containsExactly("25");
                break;
            }
            catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }

        Result again = mesh(Duration.ofMinutes(3), "up", "--no-build");
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output())
                .contains(replicas() > 1 ? "HAProxy already running" : "catalog service already running")
                .contains("Trino already running")
                .contains("0 applied, 10 unchanged, 0 refused");
        // the worker count is remembered: up without --workers keeps the cluster as it is
        for (int worker = 1; worker <= workers(); worker++) {
            assertThat(again.output()).contains("Trino worker %s already running".formatted(worker));
        }
        // and so is the replica count
        for (int replica = 1; replica <= replicas() && replicas() > 1; replica++) {
            assertThat(again.output()).contains("catalog service replica %s already running".formatted(replica));
        }
        assertThat(mesh(Duration.ofMinutes(1), "status").output()).containsPattern("trino +running +pid");
    }

    /** The stack's state directory ($MESH_HOME). */
    protected Path home()
    {
        return home;
    }

    /** The catalog service as clients reach it (through HAProxy with replicas). */
    protected URI serviceUri()
    {
        return URI.create("http://127.0.0.1:%s".formatted(servicePort));
    }

    /** Trino for clients, as ./mesh up prints it: HTTPS, trusting the stack's CA. */
    protected String jdbcUrl()
    {
        return "jdbc:trino://127.0.0.1:%s/mesh?SSL=true&SSLTrustStorePath=%s".formatted(trinoHttpsPort, home.resolve("tls/ca.pem"));
    }

    /** A connection as one of the demo's people, with the password ./mesh up made for them. */
    protected Connection connect(String user)
            throws SQLException
    {
        return connect(jdbcUrl(), user, password(user), Optional.empty());
    }

    private static Connection connect(String url, String user, String password, Optional<String> sessionUser)
            throws SQLException
    {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        sessionUser.ifPresent(name -> properties.setProperty("sessionUser", name));
        return DriverManager.getConnection(url, properties);
    }

    /** The password ./mesh up made for a person of the demo ($MESH_HOME/passwords/USER). */
    private String password(String user)
    {
        try {
            return Files.readString(home.resolve("passwords").resolve(user), UTF_8).strip();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs ./mesh with the test's state and ports. Its output goes to a file, not a pipe: the processes it starts in the
     * background could hold a pipe open, and reading one would block past the timeout. On the timeout the command and
     * every process it started are destroyed, and the failure shows the output so far.
     */
    protected Result mesh(Duration timeout, String... arguments)
            throws IOException, InterruptedException
    {
        return mesh(timeout, Map.of(), Path.of("/dev/null"), arguments);
    }

    /** ./mesh with further environment, and standard input from a file. */
    private Result mesh(Duration timeout, Map<String, String> extraEnvironment, Path input, String... arguments)
            throws IOException, InterruptedException
    {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("mesh").toString());
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile(home, "mesh-command", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(input.toFile()));
            Map<String, String> environment = builder.environment();
            environment.putAll(new HashMap<>(Map.of(
                    "MESH_HOME", home.toString(),
                    "MESH_TRINO_PORT", String.valueOf(trinoPort),
                    "MESH_TRINO_HTTPS_PORT", String.valueOf(trinoHttpsPort),
                    "MESH_SERVICE_PORT", String.valueOf(servicePort),
                    "MESH_TRINO_WORKER_PORT", String.valueOf(workerPort),
                    "MESH_SERVICE_REPLICA_PORT", String.valueOf(replicaPort),
                    "MESH_POSTGRES_PORT", String.valueOf(postgresPort),
                    "MESH_DIST", Path.of("target/mesh-server").toAbsolutePath().toString())));
            // The CLI's login lives in the stack's state directory, whatever the environment running the tests holds.
            environment.keySet().removeAll(List.of("MESH_CREDENTIALS", "MESH_TOKEN", "MESH_TOKEN_FILE", "MESH_USER", "MESH_SERVICE_URI", "TRINO_PASSWORD"));
            environment.putAll(environment());
            environment.putAll(extraEnvironment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                destroyWithDescendants(process.toHandle());
                throw new AssertionError("./mesh %s did not finish in %s; its output so far:%n%s".formatted(String.join(" ", arguments), timeout, Files.readString(output, UTF_8)));
            }
            return new Result(process.exitValue(), Files.readString(output, UTF_8));
        }
        finally {
            Files.deleteIfExists(output);
        }
    }

    /** Destroys a process and every process it started (children first, so that none is left behind re-parented). */
    private static void destroyWithDescendants(ProcessHandle process)
            throws InterruptedException
    {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process);
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (all.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() - deadline < 0) {
            Thread.sleep(100);
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** The first column of a query's rows, on a connection closed afterwards. */
    private static List<String> query(Connection connection, String sql)
            throws SQLException
    {
        try (connection; Statement statement = connection.createStatement()) {
            return strings(statement.executeQuery(sql));
        }
    }

    protected static List<String> row(ResultSet resultSet)
            throws SQLException
    {
        assertThat(resultSet.next()).isTrue();
        List<String> values = new ArrayList<>();
        for (int column = 1; column <= resultSet.getMetaData().getColumnCount(); column++) {
            values.add(resultSet.getString(column));
        }
        return values;
    }

    protected static List<String> strings(ResultSet resultSet)
            throws SQLException
    {
        return column(resultSet, 1);
    }

    private static List<String> column(ResultSet resultSet, Object column)
            throws SQLException
    {
        List<String> values = new ArrayList<>();
        try (resultSet) {
            while (resultSet.next()) {
                values.add(column instanceof String name ? resultSet.getString(name) : resultSet.getString((Integer) column));
            }
        }
        return values;
    }
}
