package dev.trinomesh.lineage;

import com.google.common.net.HttpHeaders;
import io.airlift.http.client.HttpClient;
import io.airlift.http.client.HttpClient.HttpResponseFuture;
import io.airlift.http.client.Request;
import io.airlift.http.client.Response;
import io.airlift.http.client.ResponseHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import static io.airlift.http.client.Request.Builder.preparePost;
import static io.airlift.http.client.StaticBodyGenerator.createStaticBodyGenerator;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

/** POSTs JSON to one URI with fixed headers; gives up at a deadline that may move (shutdown) while a request runs. */
final class JsonPoster
{
    static final long NO_DEADLINE = Long.MAX_VALUE;
    private static final long WAIT_SLICE_NANOS = MILLISECONDS.toNanos(100);
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final HttpClient client;
    private final URI uri;
    private final Map<String, String> headers;

    JsonPoster(HttpClient client, URI uri, Map<String, String> headers)
    {
        this.client = requireNonNull(client, "client is null");
        this.uri = requireNonNull(uri, "uri is null");
        this.headers = Map.copyOf(headers);
    }

    URI uri()
    {
        return uri;
    }

    @SuppressWarnings("ArrayRecordComponent") // read once, never compared
    record Reply(int status, byte[] body) {}

    /**
     * The destination's answer, whatever its status.
     *
     * @param deadline a {@link System#nanoTime()} value, or {@link #NO_DEADLINE} (the HTTP client's timeouts still apply)
     * @throws IOException when there is no answer: unreachable, timed out, or the deadline passed
     */
    Reply post(byte[] body, LongSupplier deadline)
            throws IOException
    {
        Request.Builder request = preparePost()
                .setUri(uri)
                .setHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .setHeader(HttpHeaders.ACCEPT, "application/json")
                .setBodyGenerator(createStaticBodyGenerator(body));
        headers.forEach(request::setHeader);
        HttpResponseFuture<Reply> future = client.executeAsync(request.build(), ReplyHandler.INSTANCE);
        try {
            while (true) {
                long limit = deadline.getAsLong();
                long wait = WAIT_SLICE_NANOS;
                if (limit != NO_DEADLINE) {
                    long left = limit - System.nanoTime();
                    if (left <= 0) {
                        future.cancel(true);
                        throw new IOException("gave up at the shutdown deadline (mesh.lineage.shutdown-timeout)");
                    }
                    wait = Math.min(wait, left);
                }
                try {
                    return future.get(wait, NANOSECONDS);
                }
                catch (TimeoutException e) {
                    // check the deadline again: it moves when shutdown begins
                }
            }
        }
        catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException unchecked ? unchecked.getCause() : e.getCause();
            throw new IOException(describe(cause), cause);
        }
        catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @SuppressWarnings("ReferenceEquality") // a cause that is itself ends the chain
    private static String describe(Throwable failure)
    {
        // Jetty wraps the interesting exception (connection refused, timeout) in layers of its own.
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private enum ReplyHandler
            implements ResponseHandler<Reply, RuntimeException>
    {
        INSTANCE;

        @Override
        public Reply handleException(Request request, Exception exception)
        {
            throw new UncheckedIOException(exception instanceof IOException io ? io : new IOException(exception));
        }

        @Override
        public Reply handle(Request request, Response response)
        {
            try (InputStream body = response.getInputStream()) {
                return new Reply(response.getStatusCode(), body.readNBytes(MAX_BODY_BYTES));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
