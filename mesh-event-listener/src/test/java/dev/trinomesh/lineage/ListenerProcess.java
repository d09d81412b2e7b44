package dev.trinomesh.lineage;

import io.trino.spi.eventlistener.EventListener;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * A stand-in for a Trino coordinator, run as its own JVM by {@link TestListenerFaults}: the listener as Trino's plugin
 * factory creates it, fed one completed query every {@code interval} milliseconds until the process is killed.
 * After each offer it prints {@code offered <n> <nanoTime>}, so that the test knows what the listener was given.
 * <p>
 * Arguments: the spool directory, the catalog service's URI, its token, the interval in milliseconds, then further
 * {@code name=value} listener settings.
 */
final class ListenerProcess
{
    private ListenerProcess() {}

    static void main(String[] arguments)
    {
        Map<String, String> config = new HashMap<>(Map.of(
                "mesh.lineage.spool-dir", arguments[0],
                "mesh.catalog-service.uri", arguments[1],
                "mesh.catalog-service.token", arguments[2]));
        long interval = MILLISECONDS.toNanos(Long.parseLong(arguments[3]));
        for (int i = 4; i < arguments.length; i++) {
            String[] setting = arguments[i].split("=", 2);
            config.put(setting[0], setting[1]);
        }
        EventListener listener = new MeshLineageListenerFactory().create(config, null);
        PrintStream out = new PrintStream(System.out, true, UTF_8);
        out.println("started");
        for (int n = 0; ; n++) {
            listener.queryCompleted(TestingQueryEvents.read("q%05d".formatted(n)));
            out.println("offered %s %s".formatted(n, System.nanoTime()));
            LockSupport.parkNanos(interval);
        }
    }
}
