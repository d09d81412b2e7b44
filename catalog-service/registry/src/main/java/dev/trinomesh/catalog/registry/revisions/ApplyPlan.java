package dev.trinomesh.catalog.registry.revisions;

import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.model.ApplyResult.Outcome;
import dev.trinomesh.api.model.DescriptorChange;
import dev.trinomesh.api.model.RevisionedRecord;
import dev.trinomesh.catalog.registry.descriptor.DescriptorDiffer;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.time.temporal.ChronoUnit.MILLIS;
import static java.util.Objects.requireNonNull;

/**
 * What applying a descriptor to its name does: creates it, updates it (a removed one comes back as an update), or
 * leaves it unchanged when it is in force and the descriptor changes nothing. {@code next} is the revision an
 * apply that changes something writes; {@code changes} are those from the revision in force, if any.
 */
public record ApplyPlan<D, R extends RevisionedRecord<D>>(Optional<R> current, R next, List<DescriptorChange> changes)
{
    public ApplyPlan
    {
        requireNonNull(current, "current is null");
        requireNonNull(next, "next is null");
        changes = List.copyOf(changes);
    }

    /** The plan of {@code author} applying {@code descriptor}, already checked to be valid and named {@code name}, over {@code current}. */
    public static <D, R extends RevisionedRecord<D>> ApplyPlan<D, R> of(String name, D descriptor, Optional<R> current, String author, RecordFactory<D, R> records)
    {
        List<DescriptorChange> changes = DescriptorDiffer.diff(
                current.filter(RevisionedRecord::active).map(record -> DescriptorDocuments.toTree(record.descriptor())).orElse(null),
                DescriptorDocuments.toTree(descriptor));
        int nextRevision = current.map(record -> record.revision() + 1).orElse(1);
        return new ApplyPlan<>(current, records.record(name, nextRevision, true, Instant.now().truncatedTo(MILLIS), author, descriptor), changes);
    }

    public Outcome outcome()
    {
        if (current.isEmpty()) {
            return Outcome.CREATED;
        }
        return current.orElseThrow().active() && changes.isEmpty() ? Outcome.UNCHANGED : Outcome.UPDATED;
    }

    /** What the apply answers, with the record it leaves in force: the current one when it changes nothing. */
    public <A> A result(boolean dryRun, Results<R, A> results)
    {
        R record = outcome() == Outcome.UNCHANGED ? current.orElseThrow() : next;
        return results.result(outcome(), dryRun, record, changes);
    }

    /** Makes the answer to an apply: an apply result's canonical constructor, as {@code PolicyApplyResult::new}. */
    @FunctionalInterface
    public interface Results<R, A>
    {
        A result(Outcome outcome, boolean dryRun, R record, List<DescriptorChange> changes);
    }
}
