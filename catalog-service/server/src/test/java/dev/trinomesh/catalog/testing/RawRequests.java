package dev.trinomesh.catalog.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static java.net.http.HttpRequest.BodyPublishers.noBody;
import static java.net.http.HttpRequest.BodyPublishers.ofString;

/** Raw HTTP to a catalog service, for tests of what it answers to any request, well-formed or not. */
public final class RawRequests
{
    private RawRequests() {}

    /**
     * A request to {@code path} of the service at {@code base}, with a JSON {@code body} (none when null) and then
     * {@code headers} as name-value pairs, a later value of a name replacing an earlier one.
     */
    public static HttpRequest.Builder request(URI base, String method, String path, String body, String... headers)
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? noBody() : ofString(body))
                .header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return request;
    }

    /** Sends {@code request}; not reaching the service fails the test, with the cause. */
    public static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request)
    {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw new AssertionError(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
