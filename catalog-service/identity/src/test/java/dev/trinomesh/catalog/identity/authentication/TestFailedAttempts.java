package dev.trinomesh.catalog.identity.authentication;

import dev.trinomesh.catalog.core.database.Database;
import dev.trinomesh.catalog.core.database.DatabaseConfig;
import dev.trinomesh.catalog.core.database.SchemaMigrations;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/** Failed attempts counted by replicas on one service database (H2 here; PostgreSQL in TestServiceReplicas). */
@Timeout(value = 60, unit = SECONDS)
class TestFailedAttempts
{
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:15Z"));
    private Database database;
    private Jdbi jdbi;

    @BeforeEach
    void setUp()
    {
        database = new Database(new DatabaseConfig().setUrl("jdbc:h2:mem:failed-attempts-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"), Set.of(new SchemaMigrations("identity", 0)));
        jdbi = Jdbi.create(database.dataSource());
    }

    @AfterEach
    void tearDown()
    {
        database.close();
    }

    @Test
    void aClientPastTheLimitWaitsForTheNextMinuteAndOthersDoNot()
    {
        FailedAttempts attempts = replica();
        for (int i = 0; i < 3; i++) {
            assertThat(attempts.retryAfterSeconds("10.0.0.1")).isZero();
            attempts.failed("10.0.0.1");
        }
        assertThat(attempts.retryAfterSeconds("10.0.0.1")).isEqualTo(45);
        assertThat(attempts.retryAfterSeconds("10.0.0.2")).isZero();
        clock.now = Instant.parse("2026-12-06T10:01:00Z");
        assertThat(attempts.retryAfterSeconds("10.0.0.1")).isZero();
        attempts.failed("10.0.0.1");
        assertThat(attempts.retryAfterSeconds("10.0.0.1")).isZero();
    }

    @Test
    void guessesSpreadOverReplicasMeetOneLimit()
    {
        FailedAttempts first = replica();
        FailedAttempts second = replica();
        // alternating, as a round-robin balancer sends them: 1 and 3 to the first, 2 to the second
        first.failed("10.0.0.1");
        second.failed("10.0.0.1");
        first.failed("10.0.0.1");
        assertThat(first.retryAfterSeconds("10.0.0.1")).isEqualTo(45);
        // the second replica has seen 1 of the 3: it lets one more through, and learns the count from it
        assertThat(second.retryAfterSeconds("10.0.0.1")).isZero();
        second.failed("10.0.0.1");
        assertThat(second.retryAfterSeconds("10.0.0.1")).isEqualTo(45);
        assertThat(failures("10.0.0.1")).isEqualTo(4);
        // others are not held back, on either replica
        assertThat(first.retryAfterSeconds("10.0.0.2")).isZero();
        assertThat(second.retryAfterSeconds("10.0.0.2")).isZero();
    }

    @Test
    void rowsOfPastMinutesAreDeleted()
    {
        FailedAttempts attempts = replica();
        attempts.failed("10.0.0.1");
        clock.now = clock.now.plusSeconds(60);
        attempts.failed("10.0.0.2");
        clock.now = clock.now.plusSeconds(60);
        attempts.failed("10.0.0.3");
        List<String> clients = jdbi.withHandle(handle -> handle.createQuery("SELECT client FROM failed_attempts ORDER BY client").mapTo(String.class).list());
        assertThat(clients).containsExactly("10.0.0.2", "10.0.0.3");
    }

    @Test
    void countsOnItsOwnWhenTheDatabaseIsAway()
    {
        FailedAttempts attempts = replica();
        attempts.failed("10.0.0.1");
        database.close();
        attempts.failed("10.0.0.1");
        attempts.failed("10.0.0.1");
        assertThat(attempts.retryAfterSeconds("10.0.0.1")).isEqualTo(45);
    }

    private FailedAttempts replica()
    {
        return new FailedAttempts(3, new DatabaseFailureTally(jdbi), clock);
    }

    private int failures(String client)
    {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT failures FROM failed_attempts WHERE client = :client").bind("client", client).mapTo(Integer.class).one());
    }

    private static final class MutableClock
            extends Clock
    {
        private Instant now;

        MutableClock(Instant now)
        {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone()
        {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone)
        {
            return this;
        }

        @Override
        public Instant instant()
        {
            return now;
        }
    }
}
