package dev.trinomesh.catalog.portal.preview;

import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The portal's queries each person runs now: at most so many at once, and cancellable by that person (a browser that
 * stops waiting for a preview asks for its query to stop too, rather than leave it running in Trino).
 */
final class RunningQueries
{
    private final LoadingCache<String, Person> people;

    RunningQueries(int perPerson)
    {
        this.people = CacheBuilder.newBuilder()
                .maximumSize(10_000)
                .build(CacheLoader.from(() -> new Person(new Semaphore(perPerson), ConcurrentHashMap.newKeySet())));
    }

    /** A slot for one more query of {@code user}; empty when they run as many as they may. */
    Optional<Slot> start(String user)
    {
        Person person = people.getUnchecked(user);
        return person.permits().tryAcquire() ? Optional.of(new Slot(person)) : Optional.empty();
    }

    /** Cancels every query {@code user} runs through the portal now; how many there were. */
    int cancel(String user)
    {
        Person person = people.getIfPresent(user);
        if (person == null) {
            return 0;
        }
        int cancelled = 0;
        for (Statement statement : person.statements()) {
            try {
                statement.cancel();
                cancelled++;
            }
            catch (SQLException _) {
                // A query that just ended cannot be cancelled; there is nothing left to stop.
            }
        }
        return cancelled;
    }

    private record Person(Semaphore permits, Set<Statement> statements) {}

    /** One running query's place: its statement is cancellable while it runs; closing the slot frees it. */
    static final class Slot
            implements AutoCloseable
    {
        private final Person person;
        private Statement statement;

        private Slot(Person person)
        {
            this.person = person;
        }

        void track(Statement statement)
        {
            this.statement = statement;
            person.statements().add(statement);
        }

        @Override
        public void close()
        {
            if (statement != null) {
                person.statements().remove(statement);
            }
            person.permits().release();
        }
    }
}
