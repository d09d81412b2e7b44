package dev.trinomesh.benchmarks;

import dev.trinomesh.api.client.CatalogServiceClient;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Registers the benchmark products {@code bench_0000}, {@code bench_0001}, ... in the benchmark stack's registry
 * through its API as the stack's admin (the token {@code ./mesh up} writes under {@code $MESH_HOME/etc/tokens}),
 * 4 clients at once, printing progress every 100 products.
 */
public final class BenchProducts
{
    private BenchProducts() {}

    public static String name(int product)
    {
        return "bench_%04d".formatted(product);
    }

    /** Registers {@code products} products named by {@link #name}, product {@code i}'s descriptor {@code descriptor.apply(i)}. */
    public static void register(URI service, int products, IntFunction<String> descriptor)
            throws Exception
    {
        try (JettyHttpClient httpClient = new JettyHttpClient(new HttpClientConfig())) {
            CatalogServiceClient client = new CatalogServiceClient(httpClient, service, adminToken());
            ExecutorService executor = Executors.newFixedThreadPool(4);
            AtomicInteger done = new AtomicInteger();
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int product = 0; product < products; product++) {
                    int index = product;
                    futures.add(executor.submit(() -> {
                        client.applyProduct(name(index), descriptor.apply(index), Optional.of("*"), false);
                        int count = done.incrementAndGet();
                        if (count % 100 == 0) {
                            System.out.printf("  %s/%s products registered%n", count, products);
                        }
                    }));
                }
                for (Future<?> future : futures) {
                    future.get();
                }
            }
            finally {
                executor.shutdownNow();
            }
        }
    }

    /** Registers (or replaces) one product of any name. */
    public static void apply(URI service, String name, String descriptor)
    {
        try (JettyHttpClient httpClient = new JettyHttpClient(new HttpClientConfig())) {
            new CatalogServiceClient(httpClient, service, adminToken()).applyProduct(name, descriptor, Optional.of("*"), false);
        }
    }

    /** The stack's admin token ({@code ./mesh up} writes it under {@code $MESH_HOME/etc/tokens/admin}). */
    static Optional<String> adminToken()
    {
        return Optional.ofNullable(System.getenv("MESH_HOME")).map(home -> Path.of(home, "etc", "tokens", "admin")).filter(Files::exists).map(BenchProducts::read);
    }

    private static String read(Path file)
    {
        try {
            return Files.readString(file).strip();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
