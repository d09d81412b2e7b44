package dev.trinomesh.catalog.lineage;

import java.time.Instant;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Run {@code runId}, which started at {@code startedAt}, read dataset {@code datasetId}: an entry of the index of runs by dataset. */
record Posting(long datasetId, UUID runId, Instant startedAt)
{
    Posting
    {
        requireNonNull(runId, "runId is null");
        requireNonNull(startedAt, "startedAt is null");
    }
}
