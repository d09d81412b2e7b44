package dev.trinomesh.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Any OpenLineage HTTP endpoint (Marquez, DataHub, ...): the OpenLineage API's {@code POST /lineage} takes one run
 * event per request, so a batch is sent event by event, stopping at the first failure.
 */
final class OpenLineageTransport
        implements LineageTransport
{
    private final JsonPoster poster;
    private final ObjectMapper mapper;

    OpenLineageTransport(JsonPoster poster, ObjectMapper mapper)
    {
        this.poster = requireNonNull(poster, "poster is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    @Override
    public String uri()
    {
        return poster.uri().toString();
    }

    @Override
    public Delivery send(List<byte[]> events, LongSupplier deadline)
    {
        List<Rejection> rejections = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            byte[] event = events.get(i);
            JsonPoster.Reply reply;
            try {
                reply = poster.post(event, deadline);
            }
            catch (IOException e) {
                return new Delivery(i, 0, rejections, "%s is unreachable: %s".formatted(uri(), e.getMessage()));
            }
            switch (Verdict.of(reply.status())) {
                case DELIVERED -> {}
                case TOO_LARGE, REFUSED -> rejections.add(new Rejection(event, reply.status(), LineageTransport.explain(mapper, reply.body())));
                case RETRY -> {
                    String hint = switch (reply.status()) {
                        case 401, 403 -> " (check mesh.lineage.forward.api-key)";
                        case 404, 405 -> " (check mesh.lineage.forward.uris)";
                        default -> "";
                    };
                    return new Delivery(i, 0, rejections, LineageTransport.failure(uri(), reply.status(), LineageTransport.explain(mapper, reply.body())) + hint);
                }
            }
        }
        return new Delivery(events.size(), 0, rejections, null);
    }
}
