package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What applying a descriptor did (or, for a dry run, would do). An update of an existing product also
 * says how its version meets the changes ({@code versionCheck}); a dry run reports a version the apply
 * would refuse there rather than failing, so that every change is shown. {@code warnings} name what the
 * apply does that its author may not mean, without refusing it (dropping a consumer an access request added).
 */
public record ApplyResult(
        Outcome outcome,
        boolean dryRun,
        ProductRecord product,
        List<DescriptorChange> changes,
        @JsonInclude(JsonInclude.Include.NON_NULL) VersionCheck versionCheck,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings)
{
    public enum Outcome
    {
        CREATED, UPDATED, UNCHANGED
    }

    @JsonCreator
    public ApplyResult
    {
        requireNonNull(outcome, "outcome is null");
        requireNonNull(product, "product is null");
        changes = List.copyOf(changes);
        // Absent from the answers of services older than warnings.
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public ApplyResult(Outcome outcome, boolean dryRun, ProductRecord product, List<DescriptorChange> changes, VersionCheck versionCheck)
    {
        this(outcome, dryRun, product, changes, versionCheck, List.of());
    }

    /** Whether the apply is (or, for a dry run, would be) refused for its version. */
    public boolean refusedForVersion()
    {
        return versionCheck != null && versionCheck.refuses();
    }
}
