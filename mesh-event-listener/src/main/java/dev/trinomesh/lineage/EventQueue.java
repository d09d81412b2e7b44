package dev.trinomesh.lineage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A destination's bounded in-memory queue: many producers (Trino's dispatcher threads), one consumer (the sender).
 * {@link #offer} is lock-free, so a query thread never parks behind the sender, and closing the queue wakes the
 * sender wherever it waits without interrupting it (an interrupt would close the spool's file channel mid-write).
 */
final class EventQueue
{
    private final int capacity;
    private final int batchSize;
    private final ConcurrentLinkedQueue<QueuedEvent> events = new ConcurrentLinkedQueue<>();
    /** Reserved slots: counted before an event is added, so it may briefly exceed what {@code events} holds. */
    private final AtomicInteger size = new AtomicInteger();
    /** Producers between their check of {@code closed} and their add; see {@link #awaitProducers()}. */
    private final AtomicInteger offering = new AtomicInteger();
    private volatile boolean closed;
    private volatile Thread waiting;

    EventQueue(int capacity, int batchSize)
    {
        this.capacity = capacity;
        this.batchSize = batchSize;
    }

    /** False when the queue is full or closed; never blocks. */
    boolean offer(QueuedEvent event)
    {
        offering.incrementAndGet();
        try {
            if (closed) {
                return false;
            }
            int reserved = size.incrementAndGet();
            if (reserved > capacity) {
                size.decrementAndGet();
                return false;
            }
            events.add(event);
            // Wake the sender only when it has something new to decide on: a first event, or a full batch.
            if (reserved == 1 || reserved == batchSize) {
                Thread sender = waiting;
                if (sender != null) {
                    LockSupport.unpark(sender);
                }
            }
            return true;
        }
        finally {
            offering.decrementAndGet();
        }
    }

    /**
     * Up to {@code batchSize} events: waits up to {@code maxWaitNanos} for the first one, then up to
     * {@code lingerNanos} for the batch to fill. Returns at once (possibly empty) once the queue is closed.
     * Only the sender thread may call it.
     */
    List<QueuedEvent> take(long lingerNanos, long maxWaitNanos)
            throws InterruptedException
    {
        waiting = Thread.currentThread();
        try {
            long deadline = System.nanoTime() + maxWaitNanos;
            while (size.get() == 0 && !closed) {
                if (!park(deadline)) {
                    return List.of();
                }
            }
            long lingerDeadline = System.nanoTime() + lingerNanos;
            while (size.get() < batchSize && !closed) {
                if (!park(lingerDeadline)) {
                    break;
                }
            }
        }
        finally {
            waiting = null;
        }
        return drain(batchSize);
    }

    /** Up to {@code max} events, without waiting. */
    List<QueuedEvent> drain(int max)
    {
        List<QueuedEvent> batch = null;
        for (int i = 0; i < max; i++) {
            QueuedEvent event = events.poll();
            if (event == null) {
                break;
            }
            size.decrementAndGet();
            if (batch == null) {
                batch = new ArrayList<>(Math.min(max, size.get() + 1));
            }
            batch.add(event);
        }
        return batch == null ? List.of() : batch;
    }

    /** Refuses further events and wakes the sender; what is queued stays to be drained. */
    void close()
    {
        closed = true;
        Thread sender = waiting;
        if (sender != null) {
            LockSupport.unpark(sender);
        }
    }

    /**
     * After {@link #close()}: waits for producers that passed the closed check to finish their add, so that a final
     * {@link #drain} sees every event that was accepted. They are a few instructions away from done.
     */
    void awaitProducers()
    {
        for (int spins = 0; offering.get() > 0; spins++) {
            // A producer descheduled mid-offer needs the CPU this thread would spin on: give it up after a few tries.
            if (spins < 100) {
                Thread.onSpinWait();
            }
            else {
                LockSupport.parkNanos(10_000);
            }
        }
    }

    boolean isClosed()
    {
        return closed;
    }

    int size()
    {
        return Math.max(0, size.get());
    }

    /** Parks until {@code deadline}; false once it has passed. */
    private static boolean park(long deadline)
            throws InterruptedException
    {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        LockSupport.parkNanos(left);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return true;
    }
}
