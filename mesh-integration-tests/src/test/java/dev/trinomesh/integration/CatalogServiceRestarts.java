package dev.trinomesh.integration;

import dev.trinomesh.catalog.testing.TestingCatalogService;

import java.net.BindException;
import java.util.HashMap;
import java.util.Map;

import static dev.trinomesh.integration.QueryWaits.sleep;

/**
 * Starting a catalog service again in the place of one that stopped: on the same port, so that the clients
 * configured with its address (Trino's connector, access control and lake catalog) find it. The first
 * service chose its port itself (port 0); the port is free again once it stopped, but another socket may
 * hold it for a moment (the kernel hands out the same range for outgoing connections), so a start that
 * cannot bind it is tried again, for a bounded time.
 */
final class CatalogServiceRestarts
{
    private static final long TIMEOUT_NANOS = 30_000_000_000L;

    private CatalogServiceRestarts() {}

    static TestingCatalogService startOnPort(int port, Map<String, String> properties)
    {
        Map<String, String> withPort = new HashMap<>(properties);
        withPort.put("http-server.http.port", String.valueOf(port));
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (true) {
            try {
                return new TestingCatalogService(withPort);
            }
            catch (RuntimeException e) {
                if (!isBindFailure(e)) {
                    throw e;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("port %s, where the catalog service ran before, stayed taken for 30 s".formatted(port), e);
                }
                sleep(100);
            }
        }
    }

    private static boolean isBindFailure(Throwable failure)
    {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        // Guice reports a provisioning failure as a message naming its cause.
        return String.valueOf(failure.getMessage()).contains(BindException.class.getName());
    }
}
