package dev.trinomesh.lineage;

import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.HOURS;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/** The delays between attempts, computed rather than waited for. */
class TestBackoff
{
    @Test
    void doublesFromTheInitialDelayUpToTheMaximumWithinTheJitter()
    {
        Backoff backoff = new Backoff(100, 1000);

        for (long nominal : new long[] {100, 200, 400, 800, 1000, 1000}) {
            // ±20%, never above the maximum
            assertThat(backoff.failed()).isBetween(nominal * 8 / 10, Math.min(nominal * 12 / 10, 1000));
        }
        assertThat(backoff.failures()).isEqualTo(6);
    }

    @Test
    void successStartsOverFromTheInitialDelay()
    {
        Backoff backoff = new Backoff(100, 1000);
        backoff.failed();
        backoff.failed();
        backoff.failed();

        backoff.succeeded();

        assertThat(backoff.failures()).isZero();
        assertThat(backoff.failed()).isBetween(80L, 120L);
    }

    @Test
    void aLongOutageStaysAtTheMaximum()
    {
        long max = HOURS.toNanos(1);
        Backoff backoff = new Backoff(MILLISECONDS.toNanos(1), max);
        for (int i = 0; i < 1000; i++) {
            backoff.failed();
        }

        assertThat(backoff.failed()).isBetween(max * 8 / 10, max);
    }
}
