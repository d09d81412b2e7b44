package dev.trinomesh.access;

/**
 * The access control's governance snapshot poller, as JMX shows it ({@code dev.trinomesh.access:name=mesh-access-control};
 * Trino's jmx catalog and /metrics read it): polls answered and failed, snapshots loaded, the revision in use, how long
 * ago the catalog service last confirmed it, and whether decisions fail closed now (the breaker open: no snapshot, or
 * one older than mesh.governance.max-staleness).
 */
public interface GovernanceSnapshotsMBean
{
    long getPolls();

    long getPollFailures();

    long getSnapshotsLoaded();

    long getRevision();

    double getSecondsSinceConfirmed();

    boolean isFailingClosed();
}
