package dev.trinomesh.api.lineage;

/**
 * What the lineage store did with a batch of run events: {@code duplicates} were already stored (a replay),
 * {@code accepted} are new. A batch is stored in one transaction, so a failed batch can be sent again whole.
 */
public record IngestResult(int received, int accepted, int duplicates) {}
