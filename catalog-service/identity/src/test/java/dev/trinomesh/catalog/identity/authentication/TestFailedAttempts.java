package dev.trinomesh.catalog.identity.authentication;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class TestFailedAttempts
{
    @Test
    void aClientPastTheLimitWaitsForTheNextMinuteAndOthersDoNot()
    {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:15Z"));
        FailedAttempts attempts = new FailedAttempts(3, clock);
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
