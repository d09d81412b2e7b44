package dev.trinomesh.benchmarks.lineage;

import com.sun.net.httpserver.HttpServer;
import dev.trinomesh.api.lineage.OpenLineage.RunEvent;
import dev.trinomesh.lineage.LineageEventMapper;
import dev.trinomesh.lineage.MeshLineageListenerFactory;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.QueryCompletedEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * What the mesh-lineage listener costs Trino's dispatcher thread per completed query: {@code queryCompleted} on the
 * real listener (mapping the event and offering it to the catalog service destination's queue), and the mapping
 * alone. The listener's sender runs as in production (default settings), serializing and posting every event to a
 * local endpoint that accepts every batch. A realistic event: four inputs of six columns, one with a row filter and
 * a mask, ten output columns with two or three sources each. {@code benchmarks/run listener-cost}. Sample time, so
 * JMH prints the median (p0.50); the target is below 50 µs.
 *
 * <p>{@code queryCompleted} is paced (a 50 µs pause before each call, outside the measured time): at most 20,000
 * queries a second, far more than a coordinator completes, but a rate the sender sustains. Unpaced, the benchmark
 * thread alone would outrun the sender's serialization on a small machine and measure a full queue and the garbage
 * collector instead of the query path. The run fails if any event was dropped.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--sun-misc-unsafe-memory-access=allow"})
public class ListenerCost
{
    private HttpServer sink;
    private Path spoolDir;
    private EventListener listener;
    private LineageEventMapper mapper;
    private QueryCompletedEvent event;
    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    private ObjectName destination;

    @Setup(Level.Trial)
    public void setUp()
            throws Exception
    {
        sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sink.createContext("/v1/lineage/batch", exchange -> {
            try (exchange; InputStream body = exchange.getRequestBody()) {
                body.transferTo(java.io.OutputStream.nullOutputStream());
                byte[] answer = "{\"received\":0,\"accepted\":0,\"duplicates\":0}".getBytes(UTF_8);
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        sink.setExecutor(Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().factory()));
        sink.start();
        spoolDir = Files.createTempDirectory("mesh-lineage-benchmark");
        listener = new MeshLineageListenerFactory().create(Map.of(
                "mesh.catalog-service.uri", "http://127.0.0.1:" + sink.getAddress().getPort(),
                "mesh.catalog-service.token", "the-sink-checks-no-token",
                "mesh.lineage.spool-dir", spoolDir.toString(),
                "mesh.lineage.queue-capacity", "10000"), BenchmarkListenerContext.INSTANCE);
        destination = new ObjectName("dev.trinomesh.lineage:name=mesh-lineage,destination=catalog-service");
        mapper = new LineageEventMapper("trino", Set.of("system"), Set.of("information_schema"));
        event = RealisticQuery.event();
        RunEvent mapped = mapper.map(event).orElseThrow();
        if (mapped.inputs().size() != RealisticQuery.INPUTS || mapped.outputs().getFirst().facets().columnLineage().fields().size() != RealisticQuery.OUTPUT_COLUMNS) {
            throw new IllegalStateException("the benchmark event does not map as intended: " + mapped);
        }
    }

    @Benchmark
    public void queryCompleted(Pacing pacing)
    {
        listener.queryCompleted(event);
    }

    @State(Scope.Thread)
    public static class Pacing
    {
        @Setup(Level.Invocation)
        public void pause()
        {
            LockSupport.parkNanos(50_000);
        }
    }

    @Benchmark
    public Optional<RunEvent> mapOnly()
    {
        return mapper.map(event);
    }

    /** Lets the sender empty the queue, so that every iteration starts alike. */
    @TearDown(Level.Iteration)
    public void drain()
            throws Exception
    {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((int) mbeans.getAttribute(destination, "QueueSize") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
            throws Exception
    {
        long dropped = (long) mbeans.getAttribute(destination, "DroppedQueueFull");
        System.err.printf("%nlistener: enqueued %s, sent %s, dropped (queue full) %s, spooled %s%n",
                mbeans.getAttribute(destination, "Enqueued"), mbeans.getAttribute(destination, "Sent"), dropped, mbeans.getAttribute(destination, "Spooled"));
        listener.shutdown();
        sink.stop(0);
        try (Stream<Path> files = Files.walk(spoolDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException e) {
            // a temporary directory
        }
        if (dropped > 0) {
            throw new IllegalStateException("the sender did not keep up: %s events were dropped, so the figures include the drop path".formatted(dropped));
        }
    }
}
