package dev.trinomesh.integration;

import io.trino.Session;
import io.trino.testing.QueryRunner;

import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting for what happens in the background: what Trino learns by polling the catalog service (the
 * connector's catalog, the access control's governance), and what the service does on its own (quality runs,
 * lineage ingestion). A change made through the service shows in queries within a poll or two; a test that
 * asserts on it right after the change races the poll, so it waits for it here, boundedly.
 */
final class QueryWaits
{
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

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

    /** A query through JDBC (a signed-in person's connection), for {@link #outcome(JdbcQuery)}. */
    interface JdbcQuery
    {
        Object run()
                throws SQLException;
    }

    /** What a JDBC query returns as text, or the message it fails with. */
    static String outcome(JdbcQuery query)
    {
        try {
            return String.valueOf(query.run());
        }
        catch (SQLException | RuntimeException e) {
            return String.valueOf(e.getMessage());
        }
    }

    /** Runs {@code sql} until its {@link #outcome} is {@code expected}, for up to 30 s; returns that outcome. */
    static String await(QueryRunner runner, Session session, String sql, Predicate<String> expected)
    {
        return until("'%s' as %s to give the expected outcome".formatted(sql, session.getUser()), () -> outcome(runner, session, sql), expected);
    }

    /** Waits until the mesh catalog serves {@code product} (its schema is listed to {@code session}), for up to 30 s. */
    static void awaitServed(QueryRunner runner, Session session, String product)
    {
        await(runner, session, "SELECT count(*) FROM mesh.information_schema.schemata WHERE schema_name = '%s'".formatted(product), "1"::equals);
    }

    /**
     * Asks {@code probe} until its answer is {@code expected}, for up to 30 s; returns that answer. Fails with
     * {@code what} was awaited and the last answer.
     */
    static <T> T until(String what, Supplier<T> probe, Predicate<? super T> expected)
    {
        return until(what, TIMEOUT, probe, expected);
    }

    /** {@link #until(String, Supplier, Predicate)} for what takes longer than 30 s. */
    static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> expected)
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T last = probe.get();
            if (expected.test(last)) {
                return last;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited %s s for %s; the last answer was: %s".formatted(timeout.toSeconds(), what, last));
            }
            sleep(50);
        }
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
