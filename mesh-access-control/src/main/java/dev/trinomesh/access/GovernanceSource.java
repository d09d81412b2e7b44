package dev.trinomesh.access;

import dev.trinomesh.api.governance.CompiledGovernance;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Where decisions get the compiled governance from: the service's snapshots, or a fixed one (benchmarks). */
public interface GovernanceSource
{
    /** The governance to decide with; empty when there is none that may be used (decisions fail closed). */
    Optional<CompiledGovernance> current();

    /** Why {@link #current()} is empty, for the message users get. */
    String unavailableReason();

    default void stop() {}

    static GovernanceSource of(CompiledGovernance governance)
    {
        requireNonNull(governance, "governance is null");
        return new GovernanceSource()
        {
            @Override
            public Optional<CompiledGovernance> current()
            {
                return Optional.of(governance);
            }

            @Override
            public String unavailableReason()
            {
                return "";
            }
        };
    }
}
