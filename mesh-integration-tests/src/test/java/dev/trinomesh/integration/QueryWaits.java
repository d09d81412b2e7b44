package dev.trinomesh.integration;

import io.trino.Session;
import io.trino.testing.QueryRunner;

import java.util.function.Predicate;

/**
 * Waiting for what Trino learns by polling the catalog service (the connector's catalog, the access
 * control's governance): a change made through the service shows in queries within a poll or two.
 */
final class QueryWaits
{
    private static final long TIMEOUT_NANOS = 30_000_000_000L;

    private QueryWaits() {}

    /** The single value {@code sql} returns as {@code session}, as text, or the message of the error it fails with. */
    static String outcome(QueryRunner runner, Session session, String sql)
    {
        try {
            return String.valueOf(runner.execute(session, sql).getOnlyValue());
        }
        catch (RuntimeException e) {
            return String.valueOf(e.getMessage());
        }
    }

    /** Runs {@code sql} until its {@link #outcome} is {@code expected}, for up to 30 s; returns that outcome. */
    static String await(QueryRunner runner, Session session, String sql, Predicate<String> expected)
    {
        String last = null;
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            last = outcome(runner, session, sql);
            if (expected.test(last)) {
                return last;
            }
            sleep(50);
        }
        throw new AssertionError("'%s' as %s never gave the expected outcome in 30 s; last: %s".formatted(sql, session.getUser(), last));
    }

    static void sleep(long millis)
    {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
