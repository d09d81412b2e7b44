package dev.trinomesh.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import io.airlift.http.client.HttpRequestFilter;
import io.airlift.http.client.Request;
import io.airlift.http.client.StaticBodyGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Every request the listener's HTTP clients send, in the order sent, answered or not: an observer on the real
 * client, so the tests can tell batches and order apart. It changes nothing; what the destination does with the
 * request is the real destination's business.
 */
final class SentRequests
        implements HttpRequestFilter
{
    /** One request: its path, its bearer token, and the events in its body (a batch, or one OpenLineage event). */
    record Sent(String path, Optional<String> authorization, List<JsonNode> events)
    {
        List<String> queryIds()
        {
            return events.stream().map(event -> event.path("job").path("name").asText()).toList();
        }
    }

    private final ObjectMapper mapper = DescriptorDocuments.jsonMapper();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    @Override
    public Request filterRequest(Request request)
    {
        if (request.getBodyGenerator() instanceof StaticBodyGenerator body) {
            JsonNode json;
            try {
                json = mapper.readTree(body.getBody());
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<JsonNode> events = new ArrayList<>();
            if (json.isArray()) {
                json.forEach(events::add);
            }
            else {
                events.add(json);
            }
            sent.add(new Sent(request.getUri().getPath(), Optional.ofNullable(request.getHeader("Authorization")), List.copyOf(events)));
        }
        return request;
    }

    /** A point in the requests, for {@code since}: mark while the destination is down to see what is sent once it is back. */
    int mark()
    {
        return sent.size();
    }

    /** Requests to the catalog service's lineage store. */
    List<Sent> batches()
    {
        return batchesSince(0);
    }

    List<Sent> batchesSince(int mark)
    {
        return since(mark, path -> path.endsWith("/v1/lineage/batch"));
    }

    /** Requests to OpenLineage endpoints. */
    List<Sent> openLineage()
    {
        return openLineageSince(0);
    }

    List<Sent> openLineageSince(int mark)
    {
        return since(mark, path -> path.endsWith("/api/v1/lineage"));
    }

    /**
     * The query ids in the order they were first sent: a retry repeats events, but an event sent for the first time
     * after a newer one was sent means the newer one overtook it.
     */
    static List<String> firstSent(List<Sent> requests)
    {
        LinkedHashSet<String> order = new LinkedHashSet<>();
        requests.forEach(request -> order.addAll(request.queryIds()));
        return List.copyOf(order);
    }

    private List<Sent> since(int mark, Predicate<String> path)
    {
        List<Sent> all = List.copyOf(sent);
        return all.subList(mark, all.size()).stream().filter(request -> path.test(request.path())).toList();
    }
}
