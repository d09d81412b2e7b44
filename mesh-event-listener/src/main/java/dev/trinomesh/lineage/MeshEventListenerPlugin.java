package dev.trinomesh.lineage;

import io.trino.spi.Plugin;
import io.trino.spi.eventlistener.EventListenerFactory;

import java.util.List;

/** Trino plugin providing the {@code mesh-lineage} event listener ({@code event-listener.name=mesh-lineage}). */
public class MeshEventListenerPlugin
        implements Plugin
{
    @Override
    public Iterable<EventListenerFactory> getEventListenerFactories()
    {
        return List.of(new MeshLineageListenerFactory());
    }
}
