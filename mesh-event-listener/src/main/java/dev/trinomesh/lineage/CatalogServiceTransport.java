package dev.trinomesh.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinomesh.api.lineage.IngestResult;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * The catalog service's lineage store: {@code POST /v1/lineage/batch} with a JSON array of run events, answered
 * with an {@link IngestResult}. The store keeps a batch in one transaction and recognises events it already has, so
 * a batch that failed can be sent again whole. A batch that is too large, or that holds an event the store refuses,
 * is split in halves until the refused events are alone, so one bad event does not take its batch with it.
 */
final class CatalogServiceTransport
        implements LineageTransport
{
    private final JsonPoster poster;
    private final ObjectMapper mapper;

    /**
     * The largest request body sent: the lineage store reads at most 64 MiB, and a body over that fails as a broken
     * connection rather than an answer, so larger batches are sent in halves from the start.
     */
    static final long MAX_BODY_BYTES = 32L * 1024 * 1024;

    CatalogServiceTransport(JsonPoster poster, ObjectMapper mapper)
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
        if (events.isEmpty()) {
            return Delivery.delivered(0, 0);
        }
        if (events.size() > 1 && bodyBytes(events) > MAX_BODY_BYTES) {
            return inHalves(events, deadline);
        }
        JsonPoster.Reply reply;
        try {
            reply = poster.post(array(events), deadline);
        }
        catch (IOException e) {
            return Delivery.failed("%s is unreachable: %s".formatted(uri(), e.getMessage()));
        }
        return switch (Verdict.of(reply.status())) {
            case DELIVERED -> Delivery.delivered(events.size(), duplicates(reply.body()));
            case TOO_LARGE, REFUSED -> {
                if (events.size() == 1) {
                    yield Delivery.rejected(new Rejection(events.getFirst(), reply.status(), LineageTransport.explain(mapper, reply.body())));
                }
                yield inHalves(events, deadline);
            }
            case RETRY -> Delivery.failed(LineageTransport.failure(uri(), reply.status(), LineageTransport.explain(mapper, reply.body())) + hint(reply.status()));
        };
    }

    private Delivery inHalves(List<byte[]> events, LongSupplier deadline)
    {
        int half = events.size() / 2;
        Delivery first = send(events.subList(0, half), deadline);
        return first.complete() ? first.then(send(events.subList(half, events.size()), deadline)) : first;
    }

    private static long bodyBytes(List<byte[]> events)
    {
        long size = 2 + events.size();
        for (byte[] event : events) {
            size += event.length;
        }
        return size;
    }

    private static String hint(int status)
    {
        return switch (status) {
            case 401, 403 -> " (the service must let this Trino write lineage: check mesh.catalog-service.token, and that its user is one of the service's governance.snapshot-readers or lineage.producers)";
            case 404, 405 -> " (a catalog service without the lineage store, or a wrong mesh.catalog-service.uri?)";
            default -> "";
        };
    }

    private int duplicates(byte[] body)
    {
        try {
            return mapper.readValue(body, IngestResult.class).duplicates();
        }
        catch (IOException | RuntimeException e) {
            // Delivered all the same; only the duplicate count is unknown.
            return 0;
        }
    }

    private static byte[] array(List<byte[]> events)
    {
        int size = 2 + events.size();
        for (byte[] event : events) {
            size += event.length;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(size);
        body.write('[');
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(events.get(i));
        }
        body.write(']');
        return body.toByteArray();
    }
}
