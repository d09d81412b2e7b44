package dev.trinomesh.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinomesh.api.model.ApiError;

import java.util.List;
import java.util.function.LongSupplier;

import static java.nio.charset.StandardCharsets.UTF_8;

/** Sends serialized run events to one destination, in order. */
interface LineageTransport
{
    /** For logs and the MBean. */
    String uri();

    /** Never throws for a delivery problem: the outcome says what was delivered, refused, or is to be retried. */
    Delivery send(List<byte[]> events, LongSupplier deadline);

    enum Verdict
    {
        DELIVERED,
        /** 413: the request was too large; a batch is split, a single event is refused. */
        TOO_LARGE,
        /** The destination says the events are invalid: sending them again cannot help. */
        REFUSED,
        /** Worth trying again later: unreachable, overloaded, unauthorized (a token being rotated), not deployed yet. */
        RETRY;

        static Verdict of(int status)
        {
            if (status >= 200 && status < 300) {
                return DELIVERED;
            }
            if (status == 413) {
                return TOO_LARGE;
            }
            return switch (status) {
                // 401/403: credentials, 404/405: the endpoint is missing (a service older than the listener,
                // or a wrong URI), 408/425/429: timing. None of them is about the events.
                case 401, 403, 404, 405, 408, 425, 429 -> RETRY;
                default -> status >= 400 && status < 500 ? REFUSED : RETRY;
            };
        }
    }

    /** The destination's explanation: an {@link ApiError}'s message, or the start of the body. */
    static String explain(ObjectMapper mapper, byte[] body)
    {
        try {
            return mapper.readValue(body, ApiError.class).describe();
        }
        catch (Exception e) {
            String text = new String(body, UTF_8).strip();
            if (text.length() > 500) {
                text = text.substring(0, 500) + "...";
            }
            return text.isEmpty() ? "(no explanation)" : text;
        }
    }

    static String failure(String uri, int status, String explanation)
    {
        return "%s answered HTTP %s: %s".formatted(uri, status, explanation);
    }
}
