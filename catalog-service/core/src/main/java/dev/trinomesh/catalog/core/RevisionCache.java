package dev.trinomesh.catalog.core;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A value derived from the registry, kept for the registry revision it was built at: rebuilt only when the
 * revision has moved, and never replaced by one built for an older revision (two requests may build at once).
 * Callers read the revision before the data they build from, so a value may be newer than its revision,
 * never older.
 */
public final class RevisionCache<T>
{
    private final AtomicReference<Built<T>> latest = new AtomicReference<>();

    /** The value built at {@code revision}: the one kept, when it was built at that revision; else a fresh one from {@code build}. */
    public T get(long revision, Supplier<T> build)
    {
        Built<T> kept = latest.get();
        if (kept != null && kept.revision() == revision) {
            return kept.value();
        }
        T fresh = build.get();
        latest.accumulateAndGet(new Built<>(revision, fresh), (current, candidate) -> current == null || candidate.revision() > current.revision() ? candidate : current);
        return fresh;
    }

    private record Built<T>(long revision, T value) {}
}
