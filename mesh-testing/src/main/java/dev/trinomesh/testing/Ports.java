package dev.trinomesh.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Ports for servers that must be told theirs before they start. */
public final class Ports
{
    private Ports() {}

    /**
     * A port free now. Another process may take it before the server binds it: callers retry with a new one when
     * their server reports the port taken. A server that can bind port 0 itself should, and report its port.
     */
    public static int freePort()
    {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
