package dev.trinomesh.catalog.lineage;

import dev.trinomesh.catalog.core.database.Database;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Lets the lineage writers of this process take turns on H2, which runs one writer at a time anyway and fails
 * a row lock held past its lock timeout. PostgreSQL writers overlap; they write rows in key order instead.
 */
public class WriterLock
{
    private final Optional<ReentrantLock> lock;

    @Inject
    public WriterLock(Database database)
    {
        this.lock = database.isH2() ? Optional.of(new ReentrantLock(true)) : Optional.empty();
    }

    <T> T call(Supplier<T> writer)
    {
        lock.ifPresent(ReentrantLock::lock);
        try {
            return writer.get();
        }
        finally {
            lock.ifPresent(ReentrantLock::unlock);
        }
    }
}
