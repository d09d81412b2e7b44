package dev.trinomesh.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.airlift.log.Logger;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * A real OpenID Connect issuer for tests: {@code no.nav.security:mock-oauth2-server} run as its own process (under
 * Trino's BOM its Kotlin, Netty and Jackson 3 stack breaks; the module {@code mesh-testing-oidc} packs its jars as
 * resolved without the BOM, and must be on the test class path). One process serves several issuers, each
 * {@code http://127.0.0.1:PORT/ID}, with a discovery document, a JWKS and a token endpoint of its own, and a key of
 * its own made when the process starts: {@link #rotateKeys()} restarts it on the same port with new keys.
 *
 * <p>Tokens are real: {@link #token} asks the issuer's token endpoint with the client-credentials grant (client id =
 * the user; any secret is accepted), and the issuer signs. Its token callback sets {@code sub} and
 * {@code preferred_username} to the client id and {@code aud} to the configured audiences; two scopes ask for wrong
 * tokens on purpose: {@link #EXPIRED_SCOPE} (expired an hour ago) and {@link #OTHER_AUDIENCE_SCOPE} (for another
 * audience).
 */
public final class TestingOidcServer
        implements Closeable
{
    private static final Logger log = Logger.get(TestingOidcServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where mesh-testing-oidc puts the server's jars and their class path. */
    private static final String SERVER_RESOURCES = "dev/trinomesh/testing/oidc/server/";
    private static final String MAIN_CLASS = "no.nav.security.mock.oauth2.StandaloneMockOAuth2ServerKt";

    public static final String CLIENT_SECRET = "mesh-test-secret";
    public static final String EXPIRED_SCOPE = "mesh-test-expired";
    public static final String OTHER_AUDIENCE_SCOPE = "mesh-test-other-audience";
    public static final String OTHER_AUDIENCE = "someone-else";
    public static final long TOKEN_EXPIRY_SECONDS = 3600;

    private static final int START_ATTEMPTS = 5;
    private static final long START_TIMEOUT_SECONDS = 90;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static String unpackedClasspath;

    private final List<String> issuerIds;
    private final List<String> audiences;
    private final boolean interactiveLogin;
    private final Path directory;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private int port;
    private Process process;
    private int starts;

    /** Issuers {@code mesh} and {@code other}, tokens for audiences {@code trino} and {@code mesh}. */
    public TestingOidcServer()
    {
        this(List.of("mesh", "other"), List.of("trino", "mesh"));
    }

    public TestingOidcServer(List<String> issuerIds, List<String> audiences)
    {
        this(issuerIds, audiences, false);
    }

    /**
     * One issuer, {@code mesh}, whose {@code /authorize} shows a sign-in form where a person types their user name (the
     * form's {@code username}, which becomes {@code sub}): for browser sign-ins by the authorization code flow. Its
     * tokens name {@code audiences}.
     */
    public static TestingOidcServer withSignInForm(List<String> audiences)
    {
        return new TestingOidcServer(List.of("mesh"), audiences, true);
    }

    private TestingOidcServer(List<String> issuerIds, List<String> audiences, boolean interactiveLogin)
    {
        this.interactiveLogin = interactiveLogin;
        checkArgument(!issuerIds.isEmpty(), "at least one issuer id is needed");
        checkArgument(!audiences.isEmpty(), "at least one audience is needed");
        this.issuerIds = List.copyOf(issuerIds);
        this.audiences = List.copyOf(audiences);
        try {
            directory = Files.createTempDirectory("mesh-oidc");
            String classpath = unpack();
            for (int attempt = 1; ; attempt++) {
                int candidate = Ports.freePort();
                Optional<String> failure = start(classpath, candidate);
                if (failure.isEmpty()) {
                    port = candidate;
                    break;
                }
                if (attempt == START_ATTEMPTS || !failure.orElseThrow().contains("BindException")) {
                    throw new IllegalStateException("the OpenID Connect server did not start on port %s: %s".formatted(candidate, failure.orElseThrow()));
                }
                log.warn("port %s was taken before the OpenID Connect server bound it; starting again on another", candidate);
            }
            log.info("OpenID Connect server on port %s, issuers %s", port, this.issuerIds);
        }
        catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
        catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The first issuer's URL, the value of {@code iss} in its tokens. */
    public URI issuer()
    {
        return issuer(issuerIds.getFirst());
    }

    public URI issuer(String issuerId)
    {
        checkArgument(issuerIds.contains(issuerId), "no issuer %s here; there are %s", issuerId, issuerIds);
        return URI.create("http://127.0.0.1:%s/%s".formatted(port, issuerId));
    }

    public URI jwksUri()
    {
        return jwksUri(issuerIds.getFirst());
    }

    public URI jwksUri(String issuerId)
    {
        return URI.create(issuer(issuerId) + "/jwks");
    }

    public URI tokenEndpoint()
    {
        return tokenEndpoint(issuerIds.getFirst());
    }

    public URI tokenEndpoint(String issuerId)
    {
        return URI.create(issuer(issuerId) + "/token");
    }

    /** A token of the first issuer naming {@code user}, for the configured audiences. */
    public String token(String user)
    {
        return token(issuerIds.getFirst(), user, "openid");
    }

    /** A token of {@code issuerId} naming {@code user}, asked for with {@code scope} (see {@link #EXPIRED_SCOPE}, {@link #OTHER_AUDIENCE_SCOPE}). */
    public String token(String issuerId, String user, String scope)
    {
        String form = Map.of("grant_type", "client_credentials", "client_id", user, "client_secret", CLIENT_SECRET, "scope", scope).entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint(issuerId))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the token endpoint %s answered %s: %s".formatted(request.uri(), response.statusCode(), response.body()));
        }
        try {
            return JSON.readTree(response.body()).path("access_token").textValue();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces every issuer's signing key, as an issuer rotating its keys does: the server is restarted on the same
     * port (its key ids stay the issuer ids). Tokens signed before no longer verify against the new JWKS.
     */
    public void rotateKeys()
    {
        ServerProcesses.stop(process);
        try {
            Optional<String> failure = start(unpack(), port);
            if (failure.isPresent()) {
                throw new IllegalStateException("the OpenID Connect server did not start again on port %s: %s".formatted(port, failure.orElseThrow()));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<String> start(String classpath, int candidate)
            throws IOException
    {
        starts++;
        Path output = directory.resolve("server-%s.log".formatted(starts));
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", classpath, MAIN_CLASS))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().put("SERVER_HOSTNAME", "127.0.0.1");
        builder.environment().put("SERVER_PORT", Integer.toString(candidate));
        builder.environment().put("JSON_CONFIG", configuration());
        process = builder.start();
        Optional<String> failure = awaitReady(candidate, output);
        if (failure.isPresent()) {
            ServerProcesses.stop(process);
        }
        return failure;
    }

    /**
     * Empty once every issuer's discovery document answers from this process, naming that issuer (another process on
     * the port would not); else why not, with the server's output.
     */
    private Optional<String> awaitReady(int candidate, Path output)
            throws IOException
    {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        List<String> waiting = new ArrayList<>(issuerIds);
        while (true) {
            if (!process.isAlive()) {
                return Optional.of("it exited with %s:%n%s".formatted(process.exitValue(), Files.readString(output, UTF_8)));
            }
            String issuerId = waiting.getFirst();
            String issuer = "http://127.0.0.1:%s/%s".formatted(candidate, issuerId);
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && issuer.equals(JSON.readTree(response.body()).path("issuer").asText())) {
                    waiting.removeFirst();
                    if (waiting.isEmpty()) {
                        return Optional.empty();
                    }
                    continue;
                }
            }
            catch (IOException _) {
                // not listening yet
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() - deadline > 0) {
                return Optional.of("its discovery document did not answer within %s s:%n%s".formatted(START_TIMEOUT_SECONDS, Files.readString(output, UTF_8)));
            }
            ServerProcesses.pause();
        }
    }

    /**
     * The server's configuration: a new RSA key per issuer on every start (a key provider without initial keys; the
     * default would load the fixed keys bundled in its jar), and the token callbacks described in the class comment.
     */
    private String configuration()
    {
        long expired = Instant.now().minus(Duration.ofHours(1)).getEpochSecond();
        List<Object> callbacks = new ArrayList<>();
        for (String issuerId : issuerIds) {
            // The first mapping a request matches wins.
            List<Object> mappings = List.of(
                    mapping("scope", EXPIRED_SCOPE, claims(audiences, Map.of("iat", expired - TOKEN_EXPIRY_SECONDS, "nbf", expired - TOKEN_EXPIRY_SECONDS, "exp", expired))),
                    mapping("scope", OTHER_AUDIENCE_SCOPE, claims(List.of(OTHER_AUDIENCE), Map.of())),
                    mapping("client_id", "*", claims(audiences, Map.of())));
            callbacks.add(Map.of("issuerId", issuerId, "tokenExpiry", TOKEN_EXPIRY_SECONDS, "requestMappings", mappings));
        }
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("interactiveLogin", interactiveLogin);
        configuration.put("httpServer", "NettyWrapper");
        configuration.put("tokenProvider", Map.of("keyProvider", Map.of("algorithm", "RS256")));
        configuration.put("tokenCallbacks", callbacks);
        try {
            return JSON.writeValueAsString(configuration);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> mapping(String parameter, String match, Map<String, Object> claims)
    {
        return Map.of("requestParam", parameter, "match", match, "claims", claims);
    }

    private Map<String, Object> claims(List<String> audiences, Map<String, Object> extra)
    {
        Map<String, Object> claims = new LinkedHashMap<>();
        if (!interactiveLogin) {
            // ${clientId} is the server's own template for the client id of the token request; a sign-in form names the person instead.
            claims.put("sub", "${clientId}");
            claims.put("preferred_username", "${clientId}");
        }
        claims.put("aud", audiences);
        claims.putAll(extra);
        return claims;
    }

    /** The server's jars, unpacked once per JVM from mesh-testing-oidc's jar; its class path. */
    private static synchronized String unpack()
            throws IOException
    {
        if (unpackedClasspath == null) {
            ClassLoader loader = TestingOidcServer.class.getClassLoader();
            String classpath;
            try (InputStream list = loader.getResourceAsStream(SERVER_RESOURCES + "classpath.txt")) {
                if (list == null) {
                    throw new IllegalStateException("the mock OpenID Connect server is not on the class path: add dev.trinomesh:mesh-testing-oidc to this module's test dependencies");
                }
                classpath = new String(list.readAllBytes(), UTF_8).strip();
            }
            Path target = Files.createTempDirectory("mesh-oidc-server");
            List<String> jars = new ArrayList<>();
            for (String jar : classpath.split(":")) {
                checkArgument(jar.matches("lib/[A-Za-z0-9._-]+\\.jar"), "unexpected entry in the server's class path: %s", jar);
                Path file = target.resolve(jar);
                Files.createDirectories(file.getParent());
                try (InputStream in = requireNonNull(loader.getResourceAsStream(SERVER_RESOURCES + jar), () -> "missing from mesh-testing-oidc: " + jar)) {
                    Files.copy(in, file);
                }
                jars.add(file.toString());
            }
            Path root = target;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    deleteRecursively(root, ALLOW_INSECURE);
                }
                catch (IOException _) {
                    // a leftover temporary directory is harmless
                }
            }));
            unpackedClasspath = String.join(File.pathSeparator, jars);
        }
        return unpackedClasspath;
    }

    private HttpResponse<String> send(HttpRequest request)
    {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + request.uri(), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close()
    {
        if (process != null) {
            ServerProcesses.stop(process);
        }
        client.close();
        if (directory != null) {
            try {
                deleteRecursively(directory, ALLOW_INSECURE);
            }
            catch (IOException e) {
                log.warn(e, "cannot delete %s", directory);
            }
        }
    }
}
