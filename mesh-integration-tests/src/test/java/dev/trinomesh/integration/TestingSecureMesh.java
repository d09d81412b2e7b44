package dev.trinomesh.integration;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.google.inject.Key;
import dev.trinomesh.access.MeshAccessControlFactory;
import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.model.PipelineRun;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import dev.trinomesh.connector.MeshPlugin;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import io.trino.plugin.base.security.FileBasedSystemAccessControl;
import io.trino.plugin.iceberg.IcebergPlugin;
import io.trino.plugin.tpch.TpchPlugin;
import io.trino.server.security.PasswordAuthenticatorManager;
import io.trino.spi.Plugin;
import io.trino.spi.security.SystemAccessControl;
import io.trino.testing.DistributedQueryRunner;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

import static com.google.common.base.Preconditions.checkState;
import static io.trino.testing.TestingSession.testSessionBuilder;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The mesh behind a Trino that authenticates people as the demo's does: HTTPS with a certificate of a CA made for
 * the test, Trino's own password file authenticator (bcrypt) and file group provider, and the demo's own Trino
 * security settings beside each other as {@code ./mesh up} installs them (etc/trino/rules.json, groups.txt and
 * mesh-access-control.properties); and a catalog service that runs its queries there as its own principal,
 * {@value #SERVICE_PRINCIPAL}, acting for people. Clients sign in with the Trino JDBC driver over HTTPS with a
 * password: no query reaches this Trino as a user it merely claims (plain HTTP refuses them).
 */
final class TestingSecureMesh
        implements Closeable
{
    static final String SERVICE_PRINCIPAL = "mesh-service";
    /** Everyone with a password: the demo's people (etc/trino/groups.txt), eve (in no group) and the service's principal. */
    static final List<String> SIGN_INS = List.of("admin", "alice", "bob", "fiona", "xena", "sam", "carla", "suki", "pete", "eve", SERVICE_PRINCIPAL);

    private final DistributedQueryRunner runner;
    private final TestingCatalogService service;
    private final CatalogServiceClient registry;
    private final URI httpsUri;
    private final Path caPem;
    private final Map<String, String> passwords;

    private TestingSecureMesh(DistributedQueryRunner runner, TestingCatalogService service, CatalogServiceClient registry, URI httpsUri, Path caPem, Map<String, String> passwords)
    {
        this.runner = requireNonNull(runner, "runner is null");
        this.service = requireNonNull(service, "service is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.httpsUri = requireNonNull(httpsUri, "httpsUri is null");
        this.caPem = requireNonNull(caPem, "caPem is null");
        this.passwords = Map.copyOf(passwords);
    }

    static TestingSecureMesh create()
            throws Exception
    {
        return create(Map.of());
    }

    /** With more catalog-service properties (an OpenID Connect issuer for the portal's sign-in, say). */
    static TestingSecureMesh create(Map<String, String> serviceProperties)
            throws Exception
    {
        return create(serviceProperties, false);
    }

    /**
     * With more catalog-service properties and, when {@code lineage}, the {@code mesh-lineage} event listener sending
     * every query's lineage and audit to the service, as the demo's Trino does.
     */
    static TestingSecureMesh create(Map<String, String> serviceProperties, boolean lineage)
            throws Exception
    {
        Path etc = Path.of(System.getProperty("mesh.etc.dir", "../etc")).resolve("trino").toAbsolutePath().normalize();
        Path directory = Files.createTempDirectory("secure-mesh");
        TestingTls tls = TestingTls.create(directory);
        Map<String, String> passwords = new LinkedHashMap<>();
        SIGN_INS.forEach(user -> passwords.put(user, newPassword()));
        Path passwordFile = writePasswordFile(directory, passwords);
        Path authenticatorConfig = Files.writeString(directory.resolve("password-authenticator.properties"),
                "password-authenticator.name=file\nfile.password-file=%s\n".formatted(passwordFile));

        // The mesh access control needs the service's address, and the service Trino's: it is handed over once both run.
        TestingMesh.DeferredAccessControl meshAccessControl = new TestingMesh.DeferredAccessControl();
        SystemAccessControl rules = new FileBasedSystemAccessControl.Factory().create(Map.of("security.config-file", etc.resolve("rules.json").toString()), null);
        TestingMesh.DeferredEventListener listener = new TestingMesh.DeferredEventListener();
        DistributedQueryRunner.Builder<?> builder = DistributedQueryRunner.builder(testSessionBuilder().build());
        if (lineage) {
            builder.setEventListener(listener);
        }
        DistributedQueryRunner runner = builder
                .setWorkerCount(0)
                // The order of etc/trino/config.properties' access-control.config-files: a request must pass both.
                .setSystemAccessControls(List.of(meshAccessControl, rules))
                .setCoordinatorProperties(Map.of(
                        "http-server.https.enabled", "true",
                        "http-server.https.keystore.path", tls.serverKeystore().toString(),
                        "http-server.https.keystore.key", tls.keystorePassword(),
                        "http-server.authentication.type", "PASSWORD",
                        "http-server.authentication.allow-insecure-over-http", "false",
                        "password-authenticator.config-files", authenticatorConfig.toString()))
                .build();
        try {
            installPasswordAuthenticator(runner, etc.resolve("groups.txt"));
            URI httpsUri = runner.getCoordinator().getHttpsBaseUrl();
            checkState(httpsUri != null, "Trino serves no HTTPS");
            // 127.0.0.1, which the certificate names, whatever name the server gives itself.
            httpsUri = URI.create("https://127.0.0.1:%s".formatted(httpsUri.getPort()));

            Map<String, String> properties = new HashMap<>(Map.of(
                    "governance.admins", "user:admin",
                    "trino.uri", httpsUri.toString(),
                    "trino.user", SERVICE_PRINCIPAL,
                    "trino.password", passwords.get(SERVICE_PRINCIPAL),
                    "trino.truststore-path", tls.caPem().toString(),
                    // People sign in to the portal with the password they use for Trino, as in ./mesh up.
                    "identity.password-file", passwordFile.toString(),
                    // Groups come from one place: the file Trino's group provider reads.
                    "governance.group-file", etc.resolve("groups.txt").toString(),
                    "quality.commit-delay", "200ms",
                    "quality.schedule-interval", "200ms"));
            properties.putAll(serviceProperties);
            TestingCatalogService service = new TestingCatalogService(properties);
            runner.registerResource(service);
            JettyHttpClient httpClient = new JettyHttpClient(new HttpClientConfig());
            runner.registerResource(httpClient);
            meshAccessControl.bind(new MeshAccessControlFactory().create(demoAccessControl(etc, service), null));
            if (lineage) {
                listener.bind(TestingLineage.listener(TestingMesh.Builder.withServiceUri(Map.of("mesh.lineage.batch-linger", "20ms"), service)));
                // The testing runner does not shut event listeners down.
                runner.registerResource(listener::shutdown);
            }

            runner.installPlugin(new TpchPlugin());
            runner.createCatalog("tpch", "tpch");
            runner.installPlugin(new IcebergPlugin());
            runner.createCatalog("lake", "iceberg", TestingMesh.lakeCatalog(service, Optional.empty()));
            runner.installPlugin(new MeshPlugin());
            runner.createCatalog("mesh", "mesh", TestingMesh.meshCatalog(service));
            return new TestingSecureMesh(runner, service, service.client(httpClient, "admin"), httpsUri, tls.caPem(), passwords);
        }
        catch (Throwable e) {
            try {
                runner.close();
            }
            catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * Trino's file password authenticator and file group provider, from the server tarball (the plugin is not on
     * Maven Central after Trino 449). The classes it shares with Trino come from the test's class path, as the
     * same versions do from the server's in a real plugin directory.
     */
    private static void installPasswordAuthenticator(DistributedQueryRunner runner, Path groupFile)
            throws Exception
    {
        Path jar = Path.of(requireNonNull(System.getProperty("trino.password-authenticators.jar"), "system property trino.password-authenticators.jar is not set (the build sets it)"));
        checkState(Files.isRegularFile(jar), "%s is missing: build with Maven, which unpacks it from the Trino server tarball", jar);
        // Closed with the runner: Trino loads the plugin's classes whenever it signs someone in.
        URLClassLoader loader = new URLClassLoader("trino-password-authenticators", new URL[] {jar.toUri().toURL()}, TestingSecureMesh.class.getClassLoader());
        runner.registerResource(loader);
        Plugin plugin = (Plugin) loader.loadClass("io.trino.plugin.password.PasswordAuthenticatorPlugin").getConstructor().newInstance();
        runner.installPlugin(plugin);
        // What a server does at start-up from etc/password-authenticator.properties and etc/group-provider.properties.
        runner.getCoordinator().getInstance(Key.get(PasswordAuthenticatorManager.class)).loadPasswordAuthenticator();
        runner.getCoordinator().getGroupProvider().setConfiguredGroupProvider("file", Map.of("file.group-file", groupFile.toString()));
    }

    /** etc/trino/mesh-access-control.properties as ./mesh up installs it: with this service's address and Trino's token there. */
    private static Map<String, String> demoAccessControl(Path etc, TestingCatalogService service)
            throws IOException
    {
        Properties demo = new Properties();
        try (InputStream in = Files.newInputStream(etc.resolve("mesh-access-control.properties"))) {
            demo.load(in);
        }
        Map<String, String> properties = new HashMap<>();
        demo.stringPropertyNames().forEach(name -> properties.put(name, demo.getProperty(name)));
        // Trino's own key, naming the factory.
        properties.remove("access-control.name");
        properties.put("mesh.catalog-service.uri", service.baseUri().toString());
        properties.put("mesh.catalog-service.token", service.tokenFor(TestingMesh.TRINO_PRINCIPAL));
        return properties;
    }

    private static String newPassword()
    {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** {@code user:hash} lines, bcrypt at the lowest cost Trino accepts (8): the test signs in often. */
    private static Path writePasswordFile(Path directory, Map<String, String> passwords)
            throws IOException
    {
        String lines = passwords.entrySet().stream()
                .map(entry -> entry.getKey() + ":" + BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(8, entry.getValue().toCharArray()))
                .collect(Collectors.joining("\n", "", "\n"));
        return Files.writeString(directory.resolve("password.db"), lines, UTF_8);
    }

    /**
     * The demo mesh as {@code ./mesh up} registers it: its domains, products and policies, alice's and bob's market
     * segments, and its lake built from TPC-H tiny by its pipelines (examples/demo/pipelines); returns once alice's row filter is
     * in force in Trino.
     */
    void installDemo()
            throws Exception
    {
        run("apply", "-f", "../examples/demo");
        run("users", "set", "alice", "segment=BUILDING");
        run("users", "set", "bob", "segment=AUTOMOBILE");
        // The lake tables, built by the demo's pipelines as ./mesh up builds them.
        run("apply", "-f", "../examples/demo/pipelines");
        for (String pipeline : List.of("sales_orders_load", "customer_profiles_load", "supply_parts_load")) {
            run("pipelines", "run", pipeline);
        }
        // The orders' publish started the demo's chain (examples/demo/pipelines/chain.yaml): the demo is whole once it ends.
        QueryWaits.until("the demo's pipeline chain to publish", Duration.ofMinutes(2),
                () -> registry.pipelineRuns(Optional.of("executive_summary_yearly"), Optional.empty(), 1),
                runs -> !runs.isEmpty() && runs.getFirst().status() == PipelineRun.Status.PUBLISHED);
        QueryWaits.until("alice to read her segment's customers only",
                () -> QueryWaits.outcome(() -> value("alice", "SELECT count(DISTINCT mktsegment) FROM mesh.customer_profiles.customers")),
                "1"::equals);
    }

    private void run(String... command)
    {
        CliRuns.Cli run = CliRuns.asAdmin(service, command);
        checkState(run.exitCode() == 0, "mesh %s: %s%s", String.join(" ", command), run.out(), run.err());
    }

    /** A JDBC connection of {@code user} signed in with their password over HTTPS. */
    Connection connect(String user)
            throws SQLException
    {
        return connect(user, password(user), Optional.empty());
    }

    /** A JDBC connection of {@code user} signed in with their password, whose queries run as {@code sessionUser}. */
    Connection connectActingFor(String user, String sessionUser)
            throws SQLException
    {
        return connect(user, password(user), Optional.of(sessionUser));
    }

    Connection connect(String user, String password, Optional<String> sessionUser)
            throws SQLException
    {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("SSL", "true");
        properties.setProperty("SSLTrustStorePath", caPem.toString());
        sessionUser.ifPresent(name -> properties.setProperty("sessionUser", name));
        return DriverManager.getConnection("jdbc:trino://%s:%s".formatted(httpsUri.getHost(), httpsUri.getPort()), properties);
    }

    String password(String user)
    {
        return requireNonNull(passwords.get(user), () -> user + " has no password");
    }

    /** Every row {@code sql} returns on {@code connection}, read to the end (none for a statement that is not a query). */
    static List<List<Object>> rows(Connection connection, String sql)
            throws SQLException
    {
        try (Statement statement = connection.createStatement()) {
            if (!statement.execute(sql)) {
                return List.of();
            }
            ResultSet result = statement.getResultSet();
            int columns = result.getMetaData().getColumnCount();
            List<List<Object>> rows = new ArrayList<>();
            while (result.next()) {
                List<Object> row = new ArrayList<>(columns);
                for (int column = 1; column <= columns; column++) {
                    row.add(result.getObject(column));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** The single value {@code sql} returns as {@code user} (signed in with their password). */
    Object value(String user, String sql)
            throws SQLException
    {
        try (Connection connection = connect(user)) {
            return onlyValue(rows(connection, sql));
        }
    }

    /** The single value {@code sql} returns as {@code sessionUser}, acting as whom {@code user} signed in. */
    Object valueActingFor(String user, String sessionUser, String sql)
            throws SQLException
    {
        try (Connection connection = connectActingFor(user, sessionUser)) {
            return onlyValue(rows(connection, sql));
        }
    }

    private static Object onlyValue(List<List<Object>> rows)
    {
        checkState(rows.size() == 1 && rows.getFirst().size() == 1, "expected one value, got %s", rows);
        return rows.getFirst().getFirst();
    }

    /** Trino's HTTPS address, as the certificate names it. */
    URI httpsUri()
    {
        return httpsUri;
    }

    /** Trino's plain HTTP address, for internal communication only. */
    URI httpUri()
    {
        return runner.getCoordinator().getBaseUrl();
    }

    Path caPem()
    {
        return caPem;
    }

    /** The catalog service, called as {@code admin}. */
    CatalogServiceClient registry()
    {
        return registry;
    }

    TestingCatalogService service()
    {
        return service;
    }

    @Override
    public void close()
    {
        runner.close();
    }
}
