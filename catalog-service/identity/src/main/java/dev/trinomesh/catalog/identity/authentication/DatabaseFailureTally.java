package dev.trinomesh.catalog.identity.authentication;

import jakarta.inject.Inject;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * The failures in the service database (table failed_attempts), one row per client and minute. The increment and
 * the read of the count are one transaction, so concurrent failures on different replicas each see their own
 * count. Each replica deletes the rows of minutes before the last at its first failure of a minute.
 */
public class DatabaseFailureTally
        implements FailureTally
{
    // Addresses are at most 45 characters (IPv6 with an IPv4 tail); the column takes 64.
    private static final int MAX_CLIENT = 64;

    private final Jdbi jdbi;
    private final AtomicLong cleanedMinute = new AtomicLong();

    @Inject
    public DatabaseFailureTally(Jdbi jdbi)
    {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    @Override
    public int add(String client, long minute)
    {
        String key = client.length() > MAX_CLIENT ? client.substring(0, MAX_CLIENT) : client;
        return jdbi.inTransaction(handle -> {
            if (cleanedMinute.getAndSet(minute) != minute) {
                handle.createUpdate("DELETE FROM failed_attempts WHERE window_minute < :minute").bind("minute", minute - 1).execute();
            }
            if (increment(handle, key, minute) == 0
                    && handle.createUpdate("INSERT INTO failed_attempts (client, window_minute, failures) VALUES (:client, :minute, 1) ON CONFLICT DO NOTHING")
                    .bind("client", key)
                    .bind("minute", minute)
                    .execute() == 0) {
                // Another replica inserted the row between the two statements.
                increment(handle, key, minute);
            }
            return handle.createQuery("SELECT failures FROM failed_attempts WHERE client = :client AND window_minute = :minute")
                    .bind("client", key)
                    .bind("minute", minute)
                    .mapTo(Integer.class)
                    .one();
        });
    }

    private static int increment(Handle handle, String client, long minute)
    {
        return handle.createUpdate("UPDATE failed_attempts SET failures = failures + 1 WHERE client = :client AND window_minute = :minute")
                .bind("client", client)
                .bind("minute", minute)
                .execute();
    }
}
