package dev.trinomesh.lineage;

import dev.trinomesh.api.lineage.OpenLineage.RunEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
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
        Thread producer = Thread.ofPlatform().start(() -> {
            for (String id : List.of("a", "b", "c", "d")) {
                queue.offer(event(id));
                sleep(20);
            }
        });

        long start = System.nanoTime();
        List<QueuedEvent> batch = queue.take(SECONDS.toNanos(10), SECONDS.toNanos(10));

        // a full batch does not wait out the linger
        assertThat(batch).extracting(QueuedEvent::queryId).containsExactly("a", "b", "c");
        assertThat(System.nanoTime() - start).isLessThan(SECONDS.toNanos(5));
        producer.join();
        assertThat(queue.take(MILLISECONDS.toNanos(1), MILLISECONDS.toNanos(1))).extracting(QueuedEvent::queryId).containsExactly("d");
        assertThat(queue.take(MILLISECONDS.toNanos(1), MILLISECONDS.toNanos(10))).isEmpty();
    }

    @Test
    void closeWakesTheSenderAndRefusesEvents()
            throws Exception
    {
        EventQueue queue = new EventQueue(100, 10);
        CountDownLatch returned = new CountDownLatch(1);
        Thread sender = Thread.ofPlatform().start(() -> {
            try {
                queue.take(SECONDS.toNanos(60), SECONDS.toNanos(60));
                returned.countDown();
            }
            catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        sleep(50);

        queue.close();

        assertThat(returned.await(5, SECONDS)).isTrue();
        assertThat(queue.offer(event("late"))).isFalse();
        sender.join();
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
        int drained = 0;
        while (drained < 20_000) {
            drained += queue.drain(500).size();
        }

        queue.close();
        queue.awaitProducers();
        for (List<QueuedEvent> batch = queue.drain(500); !batch.isEmpty(); batch = queue.drain(500)) {
            drained += batch.size();
        }

        for (Thread producer : producers) {
            producer.join();
        }
        assertThat(drained).isEqualTo(accepted.get());
        assertThat(queue.size()).isZero();
    }

    private static QueuedEvent event(String queryId)
    {
        return new QueuedEvent(queryId, new RunEvent("COMPLETE", Instant.EPOCH, "test", "test", null, null, List.of(), List.of()));
    }

    private static void sleep(long millis)
    {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
