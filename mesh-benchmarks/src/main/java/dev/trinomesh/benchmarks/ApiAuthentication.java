package dev.trinomesh.benchmarks;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.catalog.identity.authentication.Authenticators;
import dev.trinomesh.catalog.identity.authentication.ServiceTokens;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import dev.trinomesh.testing.TestingOidcServer;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;

/**
 * What authenticating a registry API call costs, by kind of credential, in one run with the variants interleaved
 * (each round calls every variant once, starting with a different one each round). The service runs in-process on
 * H2; the OpenID Connect issuer is a real local process (mock-oauth2-server, TestingOidcServer), whose JWKS the
 * service reads once and caches. The same user ({@code admin}) holds every credential, so that what the call does
 * after authentication is the same.
 *
 * <ul>
 *     <li>Over HTTP (java.net.http, one keep-alive connection): {@code GET /v1/products/orders} with a service token
 *     (api.token-file: a SHA-256 digest looked up in memory), with a personal token ({@code mesh_...}, stored
 *     hashed in the service's database), and with a JWT of the issuer (an RS256 signature checked against the cached
 *     JWKS, then issuer, audience and expiry); and the public {@code GET /v1/schemas/policy}, which no credential
 *     guards: the floor of a call without authentication, but a different resource (a JSON file read from the
 *     class path instead of a product read from the database), so it bounds rather than isolates.</li>
 *     <li>In-process, without HTTP: the service's own {@code Authenticators.authenticate(token)} for each kind,
 *     i.e. the check alone, whose floor is zero.</li>
 * </ul>
 * Usage: ApiAuthentication [ROUNDS] (default 500, after 50 rounds of warm-up).
 */
public final class ApiAuthentication
{
    // Airlift's logging takes over System.out when the service starts; results go to the real stdout.
    private static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
    private static final int WARM_UP_ROUNDS = 50;
    private static final int CHECKS_PER_SAMPLE = 20;
    private static final String SERVICE_TOKEN = "bench-service-token-0123456789abcdef0123456789";

    private ApiAuthentication() {}

    public static void main(String[] args)
            throws Exception
    {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Path directory = Files.createTempDirectory("api-authentication");
        Path tokenFile = Files.writeString(directory.resolve("api-tokens"), "admin:sha256:%s\n".formatted(ServiceTokens.digest(SERVICE_TOKEN)));
        try (TestingOidcServer oidc = new TestingOidcServer(List.of("mesh"), List.of("trino", "mesh"));
                TestingCatalogService service = new TestingCatalogService(Map.of(
                        "api.token-file", tokenFile.toString(),
                        "identity.oidc.issuer", oidc.issuer().toString()));
                JettyHttpClient jetty = new JettyHttpClient(new HttpClientConfig());
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            new CatalogServiceClient(jetty, service.baseUri(), Optional.of(SERVICE_TOKEN)).applyProduct("orders", """
                    apiVersion: mesh/v1
                    kind: DataProduct
                    metadata: {name: orders, domain: sales, owner: user:admin, version: 1.0.0}
                    spec:
                      datasets:
                        - name: rows
                          source: {table: tpch.tiny.nation}
                          columns: [{name: name, type: varchar}]
                    """, Optional.empty(), false);
            Map<String, String> tokens = new LinkedHashMap<>();
            tokens.put("service token", SERVICE_TOKEN);
            tokens.put("personal token", service.tokenFor("admin"));
            tokens.put("JWT", oidc.token("admin"));

            OUT.printf("==> catalog service in-process on H2 at %s; OpenID Connect issuer %s (mock-oauth2-server 6.0.2, a local process)%n", service.baseUri(), oidc.issuer());
            OUT.printf("==> %s rounds after %s of warm-up; each round calls every variant once, the first variant rotating%n", rounds, WARM_UP_ROUNDS);

            URI product = URI.create(service.baseUri() + "/v1/products/orders");
            Map<String, Supplier<HttpRequest>> calls = new LinkedHashMap<>();
            calls.put("GET /v1/schemas/policy, no credential", () -> HttpRequest.newBuilder(URI.create(service.baseUri() + "/v1/schemas/policy")).build());
            tokens.forEach((kind, token) -> calls.put("GET /v1/products/orders, " + kind, () -> HttpRequest.newBuilder(product).header("Authorization", "Bearer " + token).build()));
            Map<String, long[]> http = measure(rounds, calls, request -> {
                HttpResponse<String> response = send(client, request.get());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("%s answered %s: %s".formatted(response.request().uri(), response.statusCode(), response.body()));
                }
            });
            report("Over HTTP, per call", http, "GET /v1/products/orders, service token", 1_000_000.0, "milliseconds");

            Authenticators authenticators = service.getInstance(Authenticators.class);
            Map<String, Supplier<String>> checks = new LinkedHashMap<>();
            tokens.forEach((kind, token) -> checks.put("authenticate(), " + kind, () -> token));
            Map<String, long[]> inProcess = measure(rounds, checks, token -> {
                for (int i = 0; i < CHECKS_PER_SAMPLE; i++) {
                    if (authenticators.authenticate(token.get()).filter(authentication -> authentication.user().equals("admin")).isEmpty()) {
                        throw new IllegalStateException("a token was not admin's");
                    }
                }
            });
            OUT.println();
            report("In-process, the check alone (each sample %s checks in a row)".formatted(CHECKS_PER_SAMPLE), inProcess, "authenticate(), service token", CHECKS_PER_SAMPLE * 1_000.0, "microseconds per check");
        }
        finally {
            deleteRecursively(directory, ALLOW_INSECURE);
        }
    }

    private interface Call<T>
    {
        void run(T variant)
                throws Exception;
    }

    /** Nanoseconds of each variant per round (index = round), the variants interleaved, the first one rotating. */
    private static <T> Map<String, long[]> measure(int rounds, Map<String, T> variants, Call<T> call)
            throws Exception
    {
        List<String> names = new ArrayList<>(variants.keySet());
        Map<String, long[]> samples = new LinkedHashMap<>();
        names.forEach(name -> samples.put(name, new long[rounds]));
        for (int round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((round + i) % names.size());
                long start = System.nanoTime();
                call.run(variants.get(name));
                long elapsed = System.nanoTime() - start;
                if (round >= WARM_UP_ROUNDS) {
                    samples.get(name)[round - WARM_UP_ROUNDS] = elapsed;
                }
            }
        }
        return samples;
    }

    /**
     * Per variant: median, interquartile range and p90 in {@code unit}, and the added time against {@code baseline}
     * twice: the difference of the medians, and the median of the round-by-round differences (each round measured
     * both back to back, so drift in the machine's load cancels more).
     */
    private static void report(String title, Map<String, long[]> samples, String baseline, double divisor, String unit)
    {
        OUT.println("== " + title);
        OUT.printf("%-44s %5s %9s %19s %9s %15s %17s%n", "variant", "n", "median", "IQR (p25-p75)", "p90", "median - base", "median of diffs");
        long[] base = samples.get(baseline);
        samples.forEach((name, values) -> {
            double[] scaled = Arrays.stream(values).mapToDouble(value -> value / divisor).sorted().toArray();
            double[] differences = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                differences[i] = (values[i] - base[i]) / divisor;
            }
            Arrays.sort(differences);
            double baseMedian = percentile(Arrays.stream(base).mapToDouble(value -> value / divisor).sorted().toArray(), 0.5);
            OUT.printf("%-44s %5d %9.3f %9.3f-%-9.3f %9.3f %+15.3f %+17.3f%n",
                    name, values.length, percentile(scaled, 0.5), percentile(scaled, 0.25), percentile(scaled, 0.75), percentile(scaled, 0.9),
                    percentile(scaled, 0.5) - baseMedian, percentile(differences, 0.5));
        });
        OUT.printf("(%s; baseline: %s)%n", unit, baseline);
    }

    /** Nearest-rank percentile of sorted values. */
    private static double percentile(double[] sorted, double fraction)
    {
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request)
            throws IOException, InterruptedException
    {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
