package dev.trinomesh.integration;

import dev.trinomesh.lineage.MeshLineageListenerFactory;
import io.trino.spi.eventlistener.EventListener;

import java.util.Map;

/** The {@code mesh-lineage} listener, made by its factory as Trino makes it from event-listener properties. */
final class TestingLineage
{
    private TestingLineage() {}

    static EventListener listener(Map<String, String> properties)
    {
        // The factory does not use the context (no tracing); Trino passes its own.
        return new MeshLineageListenerFactory().create(properties, null);
    }
}
