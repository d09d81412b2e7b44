package dev.trinomesh.catalog.portal.preview;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TestRunningQueries
{
    @Test
    void eachPersonRunsAtMostSoManyAtOnce()
    {
        RunningQueries running = new RunningQueries(2);
        Optional<RunningQueries.Slot> first = running.start("alice");
        Optional<RunningQueries.Slot> second = running.start("alice");
        assertThat(first).isPresent();
        assertThat(second).isPresent();
        assertThat(running.start("alice")).as("a third at once").isEmpty();
        // Another person's queries are counted apart.
        assertThat(running.start("bob")).isPresent();
        first.orElseThrow().close();
        assertThat(running.start("alice")).as("once one ended").isPresent();
        assertThat(running.cancel("alice")).as("nothing tracked to cancel").isZero();
        assertThat(running.cancel("carol")).isZero();
    }
}
