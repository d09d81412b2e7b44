package dev.trinomesh.lineage;

/** What a destination's spool drops when it reaches {@code mesh.lineage.spool-max-size}; every drop is counted and logged. */
public enum SpoolFullPolicy
{
    /** Keep what is spooled; drop the events that do not fit (the default: the oldest gap stays the oldest). */
    DROP_NEWEST,
    /** Delete the oldest spool segments to make room, so the most recent events survive a long outage. */
    DROP_OLDEST,
}
