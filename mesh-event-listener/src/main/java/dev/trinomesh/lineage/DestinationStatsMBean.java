package dev.trinomesh.lineage;

/**
 * Counters of one destination, exported as {@code dev.trinomesh.lineage:name=mesh-lineage,destination=NAME} on the
 * platform MBean server, so that Trino's jmx catalog can read them. Counts are events since the listener started.
 */
public interface DestinationStatsMBean
{
    String getUri();

    /** Events accepted into the in-memory queue. */
    long getEnqueued();

    /** Events dropped because the in-memory queue was full (the sender could not keep up). */
    long getDroppedQueueFull();

    /** Events the destination acknowledged (duplicates included). */
    long getSent();

    /** Events the catalog service already had (a replay of an event it stored). */
    long getDuplicates();

    /** Events written to the spool. */
    long getSpooled();

    /** Spooled events later acknowledged by the destination. */
    long getReplayed();

    /** Events dropped because the spool was full or could not be written. */
    long getDroppedSpoolFull();

    /** Events the destination refused as invalid (moved to rejected/). */
    long getRejected();

    /** Requests that failed and will be retried. */
    long getFailedAttempts();

    int getQueueSize();

    long getSpoolBytes();

    int getSpoolSegments();

    /** The last failure, or empty. */
    String getLastFailure();
}
