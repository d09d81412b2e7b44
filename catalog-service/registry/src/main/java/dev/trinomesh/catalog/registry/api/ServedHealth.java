package dev.trinomesh.catalog.registry.api;

import dev.trinomesh.api.quality.DatasetQuality;

import java.util.List;

/**
 * Each checked dataset's health and circuit breaker, served in the catalog snapshot so that the mesh
 * connector blocks failing datasets; the quality area provides it, and without it no dataset has health.
 */
public interface ServedHealth
{
    ServedHealth NONE = List::of;

    List<DatasetQuality> all();
}
