package dev.trinomesh.lineage;

import dev.trinomesh.api.lineage.OpenLineage.RunEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.trinomesh.lineage.Conditions.PATIENCE;
import static dev.trinomesh.lineage.Conditions.await;
import static dev.trinomesh.lineage.Conditions.returnsValue;
import static java.lang.Thread.State.TIMED_WAITING;
import static java.util.concurrent.TimeUnit.HOURS;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;

class TestEventQueue
{
    @Test
    void boundedAndInOrder()
    {
        EventQueue queue = new EventQueue(3, 10);

        assertThat(queue.offer(event("a"))).isTrue();
        assertThat(queue.offer(event("b"))).isTrue();
        assertThat(queue.offer(event("c"))).isTrue();
        assertThat(queue.offer(event("d"))).isFalse();
        assertThat(queue.size()).isEqualTo(3);

        assertThat(queue.drain(2)).extracting(QueuedEvent::queryId).containsExactly("a", "b");
        assertThat(queue.offer(event("e"))).isTrue();
        assertThat(queue.drain(10)).extracting(QueuedEvent::queryId).containsExactly("c", "e");
        assertThat(queue.drain(10)).isEmpty();
    }

    @Test
    void takeLingersForABatchAndReturnsWhenItIsFull()
            throws Exception
    {
        EventQueue queue = new EventQueue(100, 3);
        queue.offer(event("a"));
        CompletableFuture<List<QueuedEvent>> taken = new CompletableFuture<>();
        // waits an hour for the batch to fill: it returns only because the batch fills
        Thread sender = Thread.ofPlatform().start(() -> take(queue, HOURS.toNanos(1), HOURS.toNanos(1), taken));
        await("the sender lingers for the batch to fill", () -> sender.getState() == TIMED_WAITING);

        queue.offer(event("b"));
        queue.offer(event("c"));

        // a sender that did not linger would have returned [a] alone
        List<QueuedEvent> batch = returnsValue("take() once the batch is full", taken::get);
        assertThat(batch).extracting(QueuedEvent::queryId).containsExactly("a", "b", "c");
        queue.offer(event("d"));
        assertThat(queue.take(MILLISECONDS.toNanos(1), MILLISECONDS.toNanos(1))).extracting(QueuedEvent::queryId).containsExactly("d");
        assertThat(queue.take(MILLISECONDS.toNanos(1), MILLISECONDS.toNanos(10))).isEmpty();
        join(sender);
    }

    @Test
    void closeWakesTheSenderAndRefusesEvents()
            throws Exception
    {
        EventQueue queue = new EventQueue(100, 10);
        CompletableFuture<List<QueuedEvent>> taken = new CompletableFuture<>();
        Thread sender = Thread.ofPlatform().start(() -> take(queue, HOURS.toNanos(1), HOURS.toNanos(1), taken));
        await("the sender waits for events", () -> sender.getState() == TIMED_WAITING);

        queue.close();

        // it would otherwise wait an hour
        List<QueuedEvent> batch = returnsValue("take() once the queue is closed", taken::get);
        assertThat(batch).isEmpty();
        assertThat(queue.offer(event("late"))).isFalse();
        join(sender);
    }

    @Test
    void everyAcceptedEventIsDrainedAfterClose()
            throws Exception
    {
        EventQueue queue = new EventQueue(1_000_000, 500);
        AtomicInteger accepted = new AtomicInteger();
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            producers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 50_000; i++) {
                    if (queue.offer(event("q"))) {
                        accepted.incrementAndGet();
                    }
                }
            }));
        }
        // drain as the sender does, and close while the producers are still offering
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        int drained = 0;
        while (drained < 20_000) {
            assertThat(System.nanoTime() - deadline).as("20,000 events drained within %s s (%s accepted)", PATIENCE.toSeconds(), accepted).isNegative();
            drained += queue.drain(500).size();
        }

        queue.close();
        queue.awaitProducers();
        for (List<QueuedEvent> batch = queue.drain(500); !batch.isEmpty(); batch = queue.drain(500)) {
            drained += batch.size();
        }

        for (Thread producer : producers) {
            join(producer);
        }
        assertThat(drained).isEqualTo(accepted.get());
        assertThat(queue.size()).isZero();
    }

    private static QueuedEvent event(String queryId)
    {
        return new QueuedEvent(queryId, new RunEvent("COMPLETE", Instant.EPOCH, "test", "test", null, null, List.of(), List.of()));
    }

    private static void take(EventQueue queue, long lingerNanos, long maxWaitNanos, CompletableFuture<List<QueuedEvent>> taken)
    {
        try {
            taken.complete(queue.take(lingerNanos, maxWaitNanos));
        }
        catch (InterruptedException | RuntimeException e) {
            taken.completeExceptionally(e);
        }
    }

    private static void join(Thread thread)
            throws InterruptedException
    {
        thread.join(PATIENCE);
        assertThat(thread.isAlive()).as("%s has ended", thread.getName()).isFalse();
    }
}
