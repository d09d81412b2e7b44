package dev.trinomesh.catalog.lineage.api;

import dev.trinomesh.api.lineage.DatasetUsage;
import dev.trinomesh.api.lineage.LineageGraph;
import dev.trinomesh.catalog.registry.api.Viewer;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lineage store's reads as a viewer may have them: the same filtering as {@code /v1/lineage} (ends the viewer may
 * not see are {@code restricted-N}), for the portal.
 */
public interface LineageReads
{
    int MAX_DEPTH = 10;

    /** The graph upstream ({@code upstream} true) or downstream of a dataset ({@code catalog.schema.table}) or one of its columns. */
    LineageGraph graph(Viewer viewer, boolean upstream, String dataset, Optional<String> column, int depth);

    /** Who read the product's datasets, how often and when; only for the products the viewer sees. */
    List<DatasetUsage> usage(Viewer viewer, String product);

    /** Runs that read the product on each of the last {@code days} days (UTC), oldest first; empty when the viewer may not see it. */
    Map<LocalDate, Long> readsPerDay(Viewer viewer, String product, int days);

    /** How far behind the store is: for governance admins, as it tells of everyone's queries. */
    IngestionState ingestion();

    /** When the newest run the store holds started (none yet: empty), and the ingested batches waiting for the roll-up. */
    record IngestionState(Optional<Instant> newestRun, long pendingBatches) {}
}
