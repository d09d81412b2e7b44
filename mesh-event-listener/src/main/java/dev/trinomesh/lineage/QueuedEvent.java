package dev.trinomesh.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.trinomesh.api.lineage.OpenLineage.RunEvent;

import static java.util.Objects.requireNonNull;

/**
 * An event waiting to be sent. It is shared by every destination and serialized once, by the first sender
 * that needs it: off the query path, and the same bytes go into the request body and the spool.
 */
final class QueuedEvent
{
    private final String queryId;
    private final RunEvent event;
    private volatile byte[] json;

    QueuedEvent(String queryId, RunEvent event)
    {
        this.queryId = requireNonNull(queryId, "queryId is null");
        this.event = requireNonNull(event, "event is null");
    }

    String queryId()
    {
        return queryId;
    }

    RunEvent event()
    {
        return event;
    }

    /** One JSON line (the compact form has no raw line breaks). Two senders racing both compute the same bytes. */
    byte[] json(ObjectWriter writer)
            throws JsonProcessingException
    {
        byte[] bytes = json;
        if (bytes == null) {
            bytes = writer.writeValueAsBytes(event);
            json = bytes;
        }
        return bytes;
    }
}
