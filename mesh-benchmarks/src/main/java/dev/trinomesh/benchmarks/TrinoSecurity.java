package dev.trinomesh.benchmarks;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.trino.jdbc.TrinoDriver;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * What TLS and password authentication add to a short Trino query, each apart. One Trino process (the benchmark
 * stack's, which benchmarks/run configures with {@code http-server.authentication.type=PASSWORD,insecure} and
 * {@code allow-insecure-over-http=true} for this benchmark only) serves three variants of the same client:
 * <ul>
 * <li>HTTP, no authentication: the user named in X-Trino-User, as a Trino without TLS takes it;</li>
 * <li>HTTPS, no authentication: the same over TLS (Trino tries the password authenticator first, which finds no
 * credentials, then the insecure one);</li>
 * <li>HTTPS + password: the demo's configuration, Basic authentication checked by the password file authenticator.</li>
 * </ul>
 * Each variant runs {@code SELECT 1} and a small {@code mesh.metadata} query, on a JDBC connection kept for the whole
 * run (its HTTP connections reused, so TLS costs its record encryption only) and on a new one per query (a new driver,
 * so a new TCP connection and, over HTTPS, a full TLS handshake with the trust store read again, as a client that
 * connects per query pays). All twelve combinations run once per round in an order that rotates by one each round;
 * the added time is the difference within each round (paired), summarised by its median and interquartile range.
 * Usage: TrinoSecurity HTTPS_JDBC_URL HTTP_JDBC_URL [ROUNDS].
 */
public final class TrinoSecurity
{
    private static final String USER = "admin";
    private static final int WARMUP = 30;
    private static final int BCRYPT_SAMPLES = 30;

    private TrinoSecurity() {}

    enum Variant
    {
        HTTP("HTTP, no authentication"),
        HTTPS("HTTPS, no authentication"),
        HTTPS_PASSWORD("HTTPS + password");

        private final String label;

        Variant(String label)
        {
            this.label = label;
        }
    }

    enum Reuse
    {
        REUSED("connection reused"),
        NEW("new connection per query");

        private final String label;

        Reuse(String label)
        {
            this.label = label;
        }
    }

    private record Query(String name, String sql, int rows) {}

    private record Combination(Query query, Reuse reuse, Variant variant) {}

    /** How one variant's client connects: the JDBC URL and the connection properties (user, and password when it sends one). */
    private record Client(String url, Properties properties)
    {
        static Client of(String url, String password)
        {
            Properties properties = new Properties();
            properties.setProperty("user", USER);
            if (password != null) {
                properties.setProperty("password", password);
            }
            return new Client(url, properties);
        }

        Connection connect(TrinoDriver driver)
                throws SQLException
        {
            return driver.connect(url, properties);
        }
    }

    public static void main(String[] args)
            throws Exception
    {
        String httpsUrl = args[0];
        String httpUrl = args[1];
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        String password = StackTrino.password(USER).orElseThrow(() -> new IllegalStateException("no password of %s in $MESH_HOME/passwords: run through benchmarks/run".formatted(USER)));
        Map<Variant, Client> clients = new EnumMap<>(Variant.class);
        clients.put(Variant.HTTP, Client.of(httpUrl, null));
        clients.put(Variant.HTTPS, Client.of(httpsUrl, null));
        clients.put(Variant.HTTPS_PASSWORD, Client.of(httpsUrl, password));

        Map<Variant, Connection> kept = new EnumMap<>(Variant.class);
        try (TrinoDriver driver = new TrinoDriver()) {
            for (Variant variant : Variant.values()) {
                kept.put(variant, clients.get(variant).connect(driver));
            }
            int products = Integer.parseInt(single(kept.get(Variant.HTTPS_PASSWORD), "SELECT CAST(count(*) AS varchar) FROM mesh.metadata.products"));
            verifyVariants(driver, clients, kept);
            List<Query> queries = List.of(
                    new Query("SELECT 1", "SELECT 1", 1),
                    new Query("mesh.metadata.products (%s rows)".formatted(products), "SELECT product, domain, status FROM mesh.metadata.products", products));
            List<Combination> combinations = new ArrayList<>();
            for (Query query : queries) {
                for (Reuse reuse : Reuse.values()) {
                    for (Variant variant : Variant.values()) {
                        combinations.add(new Combination(query, reuse, variant));
                    }
                }
            }
            System.out.printf("as %s; %s warm-up and %s measured rounds, each running the %s combinations (query x connection x variant) once, in an order rotating by one each round%n%n",
                    USER, WARMUP, rounds, combinations.size());

            long[][] nanos = new long[combinations.size()][rounds];
            for (int round = 0; round < WARMUP + rounds; round++) {
                for (int i = 0; i < combinations.size(); i++) {
                    int index = (round + i) % combinations.size();
                    Combination combination = combinations.get(index);
                    long elapsed = combination.reuse() == Reuse.REUSED
                            ? time(kept.get(combination.variant()), combination.query())
                            : timeOnNewConnection(clients.get(combination.variant()), combination.query());
                    if (round >= WARMUP) {
                        nanos[index][round - WARMUP] = elapsed;
                    }
                }
            }
            for (Connection connection : kept.values()) {
                connection.close();
            }
            report(combinations, nanos);
        }
        bcrypt(password);
    }

    /** The variants are what they say: each authenticates as the user, over HTTPS a wrong password is refused, and the HTTPS variants are TLS. */
    private static void verifyVariants(TrinoDriver driver, Map<Variant, Client> clients, Map<Variant, Connection> kept)
            throws SQLException
    {
        for (Variant variant : Variant.values()) {
            String user = single(kept.get(variant), "SELECT current_user");
            if (!user.equals(USER)) {
                throw new IllegalStateException("%s: current_user is %s, expected %s".formatted(variant.label, user, USER));
            }
            boolean tls = clients.get(variant).url().contains("SSL=true");
            if (tls == (variant == Variant.HTTP)) {
                throw new IllegalStateException("%s: the URL %s is %s".formatted(variant.label, clients.get(variant).url(), tls ? "TLS" : "not TLS"));
            }
        }
        try (Connection connection = Client.of(clients.get(Variant.HTTPS_PASSWORD).url(), "not-the-password").connect(driver)) {
            single(connection, "SELECT 1");
            throw new IllegalStateException("HTTPS with a wrong password was accepted: the password variant would not measure authentication");
        }
        catch (SQLException expected) {
            System.out.printf("HTTPS with a wrong password is refused (%s)%n", expected.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static void report(List<Combination> combinations, long[][] nanos)
    {
        for (int first = 0; first < combinations.size(); first += Variant.values().length) {
            Combination combination = combinations.get(first);
            System.out.printf("%s, %s%n", combination.query().name(), combination.reuse().label);
            Map<Variant, long[]> samples = new EnumMap<>(Variant.class);
            // The variants of one query and connection are consecutive, in the order of Variant.values().
            Variant[] variants = Variant.values();
            for (int offset = 0; offset < variants.length; offset++) {
                long[] values = nanos[first + offset];
                samples.put(variants[offset], values);
                System.out.println("  " + summary(variants[offset].label, values));
            }
            System.out.println("  " + summary("added by TLS (HTTPS - HTTP, paired)", difference(samples.get(Variant.HTTPS), samples.get(Variant.HTTP))));
            System.out.println("  " + summary("added by the password (HTTPS + password - HTTPS)", difference(samples.get(Variant.HTTPS_PASSWORD), samples.get(Variant.HTTPS))));
            System.out.println("  " + summary("added by both (HTTPS + password - HTTP)", difference(samples.get(Variant.HTTPS_PASSWORD), samples.get(Variant.HTTP))));
            System.out.println();
        }
    }

    /** What Trino's file authenticator pays once per user and password (then it caches the verified pair): one bcrypt check of the demo's cost. */
    private static void bcrypt(String password)
    {
        byte[] hash = BCrypt.with(BCrypt.Version.VERSION_2Y).hash(10, password.getBytes(UTF_8));
        long[] nanos = new long[BCRYPT_SAMPLES];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            if (!BCrypt.verifyer().verify(password.getBytes(UTF_8), hash).verified) {
                throw new IllegalStateException("bcrypt did not verify its own hash");
            }
            nanos[i] = System.nanoTime() - start;
        }
        System.out.println(summary("one bcrypt check, cost 10 (in this JVM)", nanos));
    }

    private static long[] difference(long[] minuend, long[] subtrahend)
    {
        long[] difference = new long[minuend.length];
        for (int i = 0; i < minuend.length; i++) {
            difference[i] = minuend[i] - subtrahend[i];
        }
        return difference;
    }

    private static String summary(String name, long[] nanos)
    {
        Timings timings = new Timings(name);
        for (long value : nanos) {
            timings.add(value);
        }
        return "%-52s n=%-4d median %7.2f ms   IQR %7.2f to %7.2f ms (%5.2f)   p90 %7.2f".formatted(name, timings.count(), timings.median(),
                timings.percentile(0.25), timings.percentile(0.75), timings.percentile(0.75) - timings.percentile(0.25), timings.percentile(0.9));
    }

    private static long time(Connection connection, Query query)
            throws SQLException
    {
        long start = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            drain(statement, query);
        }
        return System.nanoTime() - start;
    }

    /** A new driver (its own connection pool) and JDBC connection for one query: a new TCP connection, and over HTTPS a new TLS session. */
    private static long timeOnNewConnection(Client client, Query query)
            throws Exception
    {
        long start = System.nanoTime();
        try (TrinoDriver driver = new TrinoDriver();
                Connection connection = client.connect(driver);
                Statement statement = connection.createStatement()) {
            drain(statement, query);
        }
        return System.nanoTime() - start;
    }

    private static void drain(Statement statement, Query query)
            throws SQLException
    {
        int rows = 0;
        try (ResultSet resultSet = statement.executeQuery(query.sql())) {
            while (resultSet.next()) {
                rows++;
            }
        }
        if (rows != query.rows()) {
            throw new IllegalStateException("%s returned %s rows, expected %s".formatted(query.sql(), rows, query.rows()));
        }
    }

    private static String single(Connection connection, String sql)
            throws SQLException
    {
        try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
            resultSet.next();
            return resultSet.getString(1);
        }
    }
}
