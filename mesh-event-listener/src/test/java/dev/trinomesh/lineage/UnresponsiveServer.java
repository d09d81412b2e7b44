package dev.trinomesh.lineage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A destination that hangs: it accepts connections and reads requests but never answers, as a service stuck in a
 * long pause would. The real catalog service cannot be made to hang on demand, and this is not a fake of it: it
 * answers nothing. Closing it drops the connections, and frees the port for the real service to take over.
 */
final class UnresponsiveServer
        implements AutoCloseable
{
    private final ServerSocket server;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final Thread acceptor;

    UnresponsiveServer(int port)
    {
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = Thread.ofPlatform().daemon().name("unresponsive-server").start(this::accept);
    }

    /** Requests that arrived (and were never answered). */
    int requests()
    {
        return requests.get();
    }

    @Override
    public void close()
            throws IOException
    {
        server.close();
        for (Socket connection : connections) {
            connection.close();
        }
        try {
            acceptor.join(Conditions.PATIENCE);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept()
    {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                connections.add(connection);
                Thread.ofVirtual().start(() -> drain(connection));
            }
            catch (IOException e) {
                // closed
            }
        }
    }

    /** Reads the requests so that the client is never held up writing, and counts each once it arrives. */
    private void drain(Socket connection)
    {
        byte[] buffer = new byte[8192];
        boolean counted = false;
        try (InputStream in = connection.getInputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                if (!counted) {
                    counted = true;
                    requests.incrementAndGet();
                }
            }
        }
        catch (IOException e) {
            // dropped by close()
        }
    }
}
