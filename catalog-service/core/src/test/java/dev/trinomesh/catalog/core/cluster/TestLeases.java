package dev.trinomesh.catalog.core.cluster;

import dev.trinomesh.catalog.core.database.Database;
import dev.trinomesh.catalog.core.database.DatabaseConfig;
import dev.trinomesh.catalog.core.database.SchemaMigrations;
import io.airlift.units.Duration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas on one database, each with a clock the test moves: a lease has one holder, passes on when its holder
 * stops renewing it or leaves, and keeps the position its holders reached; a followed log is handled once while the
 * holder lives, rows committed out of id order included.
 */
@Timeout(value = 60, unit = SECONDS)
class TestLeases
{
    private static final ClusterConfig CONFIG = new ClusterConfig().setHeartbeatInterval(new Duration(1, SECONDS)).setReplicaTimeout(new Duration(10, SECONDS));

    private Database database;
    private Jdbi jdbi;
    private final MovingClock clock = new MovingClock(Instant.parse("2026-12-07T10:00:00Z"));

    @BeforeEach
    void setUp()
    {
        database = new Database(new DatabaseConfig().setUrl("jdbc:h2:mem:leases-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"), java.util.Set.of(new SchemaMigrations("core", 0)));
        jdbi = Jdbi.create(database.dataSource());
        jdbi.useHandle(handle -> handle.execute("CREATE TABLE feed (id BIGINT PRIMARY KEY, recorded_at TIMESTAMP WITH TIME ZONE NOT NULL)"));
    }

    @AfterEach
    void tearDown()
    {
        database.close();
    }

    @Test
    void oneHolderAtATime()
    {
        Replica a = replica();
        Replica b = replica();
        assertThat(a.leases().holds("work")).isTrue();
        assertThat(b.leases().holds("work")).isFalse();
        // a renews with its heartbeats: b never gets it
        for (int i = 0; i < 30; i++) {
            clock.advance(1);
            a.beat();
            assertThat(b.leases().holds("work")).isFalse();
        }
        assertThat(a.leases().holds("work")).isTrue();
        // other leases are free
        assertThat(b.leases().holds("other")).isTrue();
    }

    @Test
    void deadHolderIsReplacedAfterTheTimeout()
    {
        Replica a = replica();
        Replica b = replica();
        a.beat();
        b.beat();
        assertThat(a.leases().holds("work")).isTrue();
        assertThat(b.replicas().isAlive(a.replicas().self())).isTrue();
        // a dies: nothing more from it
        clock.advance(9);
        b.beat();
        assertThat(b.leases().holds("work")).isFalse();
        assertThat(b.replicas().isAlive(a.replicas().self())).isTrue();
        clock.advance(2);
        b.beat();
        assertThat(b.replicas().isAlive(a.replicas().self())).isFalse();
        assertThat(b.leases().holds("work")).isTrue();
        // a replica whose own heartbeats have not gone through for the timeout (just started, or the database was away) judges nobody dead
        Replica c = replica();
        assertThat(c.replicas().isAlive(a.replicas().self())).isTrue();
        c.beat();
        clock.advance(5);
        c.beat();
        b.beat();
        assertThat(c.replicas().isAlive(a.replicas().self())).isTrue();
        clock.advance(5);
        c.beat();
        b.beat();
        assertThat(c.replicas().isAlive(a.replicas().self())).isFalse();
        // a comes back from a long pause: it learns at once that it lost the lease, and cannot move its position
        assertThat(a.leases().advance("work", 42)).isFalse();
        clock.advance(1);
        assertThat(a.leases().holds("work")).isFalse();
        assertThat(b.leases().position("work")).isEqualTo(-1);
    }

    @Test
    void leavingHandsOverAtOnce()
    {
        Replica a = replica();
        Replica b = replica();
        a.beat();
        assertThat(a.leases().holds("work")).isTrue();
        assertThat(a.leases().advance("work", 7)).isTrue();
        a.leave();
        assertThat(b.replicas().isAlive(a.replicas().self())).isFalse();
        assertThat(b.leases().holds("work")).isTrue();
        assertThat(b.leases().position("work")).isEqualTo(7);
        assertThat(b.replicas().isAlive(null)).isFalse();
        assertThat(b.replicas().isAlive(b.replicas().self())).isTrue();
    }

    @Test
    void followsLogOnceAcrossHoldersAndGaps()
    {
        Replica a = replica();
        Replica b = replica();
        record(1);
        List<Long> handledByA = new ArrayList<>();
        List<Long> handledByB = new ArrayList<>();
        FeedFollower<Row> followerA = new FeedFollower<>(a.leases(), "feed", log(), clock);
        FeedFollower<Row> followerB = new FeedFollower<>(b.leases(), "feed", log(), clock);

        // the first holder starts at the end: row 1 is history
        followerA.poll(rows -> rows.forEach(row -> handledByA.add(row.position())));
        followerB.poll(rows -> rows.forEach(row -> handledByB.add(row.position())));
        assertThat(handledByA).isEmpty();
        assertThat(a.leases().position("feed")).isEqualTo(1);

        // 3 is seen before 2 (whose transaction is still open): 3 is handled now, 2 when it comes, each once
        record(3);
        followerA.poll(rows -> rows.forEach(row -> handledByA.add(row.position())));
        followerA.poll(rows -> rows.forEach(row -> handledByA.add(row.position())));
        assertThat(handledByA).containsExactly(3L);
        assertThat(a.leases().position("feed")).isEqualTo(1);
        record(2);
        followerA.poll(rows -> rows.forEach(row -> handledByA.add(row.position())));
        assertThat(handledByA).containsExactly(3L, 2L);
        assertThat(a.leases().position("feed")).isEqualTo(3);

        // an id never seen (rolled back) holds the position back only for the gap's wait
        record(5);
        followerA.poll(rows -> rows.forEach(row -> handledByA.add(row.position())));
        assertThat(a.leases().position("feed")).isEqualTo(3);
        clock.advance(FeedFollower.GAP_WAIT.toSeconds() + 1);
        a.beat();
        followerA.poll(rows -> rows.forEach(row -> handledByA.add(row.position())));
        assertThat(a.leases().position("feed")).isEqualTo(5);
        assertThat(handledByA).containsExactly(3L, 2L, 5L);

        // a dies with row 6 unhandled: b handles it, and nothing before it
        record(6);
        clock.advance(11);
        b.beat();
        followerB.poll(rows -> rows.forEach(row -> handledByB.add(row.position())));
        assertThat(handledByB).containsExactly(6L);
        followerA.poll(rows -> rows.forEach(row -> handledByA.add(row.position())));
        assertThat(handledByA).containsExactly(3L, 2L, 5L);
    }

    private FeedFollower.Log<Row> log()
    {
        return new FeedFollower.Log<>()
        {
            @Override
            public List<Row> after(long position, int limit)
            {
                return jdbi.withHandle(handle -> handle.createQuery("SELECT id, recorded_at FROM feed WHERE id > :position ORDER BY id LIMIT :limit")
                        .bind("position", position)
                        .bind("limit", limit)
                        .map((rs, _) -> new Row(rs.getLong("id"), rs.getTimestamp("recorded_at").toInstant()))
                        .list());
            }

            @Override
            public long newest()
            {
                return jdbi.withHandle(handle -> handle.createQuery("SELECT coalesce(max(id), 0) FROM feed").mapTo(Long.class).one());
            }
        };
    }

    private void record(long id)
    {
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO feed VALUES (:id, :at)")
                .bind("id", id)
                .bind("at", java.sql.Timestamp.from(clock.instant()))
                .execute());
    }

    private Replica replica()
    {
        Replicas replicas = new Replicas(jdbi, CONFIG, clock);
        return new Replica(replicas, new Leases(jdbi, replicas, CONFIG, clock));
    }

    private record Row(long position, Instant recordedAt)
            implements FeedEntry {}

    private record Replica(Replicas replicas, Leases leases)
    {
        void beat()
        {
            replicas.beat();
            leases.renewAll();
        }

        void leave()
        {
            leases.releaseAll();
            replicas.leave();
        }
    }

    private static final class MovingClock
            extends Clock
    {
        private Instant now;

        MovingClock(Instant now)
        {
            this.now = now;
        }

        void advance(long seconds)
        {
            now = now.plusSeconds(seconds);
        }

        @Override
        public ZoneOffset getZone()
        {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant()
        {
            return now;
        }
    }
}
