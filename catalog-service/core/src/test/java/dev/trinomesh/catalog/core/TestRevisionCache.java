package dev.trinomesh.catalog.core;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class TestRevisionCache
{
    @Test
    void aValueIsRebuiltOnlyWhenTheRevisionMovesAndNeverReplacedByAnOlderOne()
    {
        RevisionCache<String> cache = new RevisionCache<>();
        AtomicInteger builds = new AtomicInteger();
        assertThat(cache.get(5, () -> "five-" + builds.incrementAndGet())).isEqualTo("five-1");
        assertThat(cache.get(5, () -> "five-" + builds.incrementAndGet())).isEqualTo("five-1");
        assertThat(cache.get(6, () -> "six-" + builds.incrementAndGet())).isEqualTo("six-2");
        // A request that read an older revision gets what it built, but the newer value stays kept.
        assertThat(cache.get(5, () -> "five-" + builds.incrementAndGet())).isEqualTo("five-3");
        assertThat(cache.get(6, () -> "six-" + builds.incrementAndGet())).isEqualTo("six-2");
        assertThat(builds).hasValue(3);
    }
}
