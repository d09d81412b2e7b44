package dev.trinomesh.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.model.ApiError;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The catalog service's quality endpoints as a test scripts them (the service's quality runner is
 * tested with the service): each path answers with the queued replies in turn, repeating the last one,
 * and every request is recorded as "METHOD path?query".
 */
final class StubQualityService
        implements Closeable
{
    private record Reply(int status, String body) {}

    private final HttpServer server;
    private final Map<String, Deque<Reply>> replies = new ConcurrentHashMap<>();
    private final List<String> requests = new ArrayList<>();

    StubQualityService()
    {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    URI baseUri()
    {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers {@code METHOD path} with these values as JSON, one per request, the last one from then on. */
    StubQualityService answer(String methodAndPath, Object... values)
    {
        Deque<Reply> queue = new ArrayDeque<>();
        for (Object value : values) {
            queue.add(new Reply(200, DescriptorDocuments.toJson(value)));
        }
        replies.put(methodAndPath, queue);
        return this;
    }

    StubQualityService refuse(String methodAndPath, int status, String message)
    {
        replies.put(methodAndPath, new ArrayDeque<>(List.of(new Reply(status, DescriptorDocuments.toJson(new ApiError(status, "Refused", message, List.of()))))));
        return this;
    }

    synchronized List<String> requests()
    {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange)
            throws IOException
    {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        synchronized (this) {
            requests.add(exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query));
        }
        Deque<Reply> queue = replies.get(exchange.getRequestMethod() + " " + path);
        Reply reply;
        if (queue == null) {
            reply = new Reply(404, DescriptorDocuments.toJson(new ApiError(404, "NotFound", "no stub for " + path, List.of())));
        }
        else {
            synchronized (queue) {
                reply = queue.size() > 1 ? queue.poll() : queue.peek();
            }
        }
        byte[] body = reply.body().getBytes(UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), body.length);
        try (var stream = exchange.getResponseBody()) {
            stream.write(body);
        }
    }

    @Override
    public void close()
    {
        server.stop(0);
    }
}
