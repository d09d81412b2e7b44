package dev.trinomesh.lineage;

/** Counters of the listener itself, exported as {@code dev.trinomesh.lineage:name=mesh-lineage}. */
public interface ListenerStatsMBean
{
    /** Completed queries turned into an event. */
    long getEventsMapped();

    /** Completed queries that touched no recorded table (e.g. {@code SELECT 1}, failed parses, system tables). */
    long getQueriesSkipped();

    /** Completed queries whose event could not be built (a bug: logged with the query id). */
    long getMappingFailures();

    /** Completed queries reported after shutdown began, not recorded. */
    long getDroppedAfterShutdown();
}
