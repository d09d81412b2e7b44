package dev.trinomesh.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * An address where nothing listens, for as long as this is open: a socket bound to a port of the kernel's
 * choosing that never listens. Connections to it are refused (with no listener the kernel answers with a
 * reset), and no server can take the port meanwhile (the socket does not allow address reuse). A port found
 * free and released could be taken by another process at any moment; a listening socket that never accepts
 * would not refuse: the kernel completes connections into its backlog, and clients wait for an answer.
 */
public final class ClosedPort
        implements AutoCloseable
{
    private final Socket socket = new Socket();

    public ClosedPort()
    {
        try {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI uri()
    {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    @Override
    public void close()
            throws IOException
    {
        socket.close();
    }
}
