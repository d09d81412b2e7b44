package dev.trinomesh.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.airlift.log.Logger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * One place events go (the catalog service, or an OpenLineage endpoint): a bounded queue filled by the query path,
 * and a daemon sender thread that owns everything else. The sender sends batches while the destination answers;
 * when it does not, the batch goes to the spool, the sender backs off, and from then on every new event is
 * appended to the spool too, so that the spool replays oldest first and order is kept. It sends live again once
 * the spool is empty.
 */
final class LineageDestination
{
    private static final Logger log = Logger.get(LineageDestination.class);
    private static final long IDLE_WAIT_NANOS = SECONDS.toNanos(1);

    enum Offer
    {
        QUEUED,
        FULL,
        CLOSED,
    }

    private final String name;
    private final LineageTransport transport;
    private final Spool spool;
    private final RejectedEvents rejected;
    private final EventQueue queue;
    private final DestinationStats stats;
    private final Backoff backoff;
    private final ObjectWriter writer;
    private final ObjectMapper mapper;
    private final int batchSize;
    private final long lingerNanos;
    private final RateLimitedLog queueFullLog = new RateLimitedLog(log, 1, MINUTES);
    private final RateLimitedLog failureLog = new RateLimitedLog(log, 1, MINUTES);
    private final RateLimitedLog rejectionLog = new RateLimitedLog(log, 1, MINUTES);
    private volatile long shutdownDeadline = JsonPoster.NO_DEADLINE;
    private Thread thread;

    LineageDestination(
            String name,
            LineageTransport transport,
            Spool spool,
            RejectedEvents rejected,
            DestinationStats stats,
            ObjectMapper mapper,
            int queueCapacity,
            int batchSize,
            long lingerNanos,
            Backoff backoff)
    {
        this.name = requireNonNull(name, "name is null");
        this.transport = requireNonNull(transport, "transport is null");
        this.spool = requireNonNull(spool, "spool is null");
        this.rejected = requireNonNull(rejected, "rejected is null");
        this.stats = requireNonNull(stats, "stats is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.writer = mapper.writer();
        this.queue = new EventQueue(queueCapacity, batchSize);
        this.batchSize = batchSize;
        this.lingerNanos = lingerNanos;
        this.backoff = requireNonNull(backoff, "backoff is null");
        stats.bindGauges(queue::size, spool::sizeBytes, spool::segmentCount);
    }

    String name()
    {
        return name;
    }

    String uri()
    {
        return transport.uri();
    }

    DestinationStats stats()
    {
        return stats;
    }

    Spool spool()
    {
        return spool;
    }

    RejectedEvents rejected()
    {
        return rejected;
    }

    /** Called on Trino's dispatcher thread: never blocks, never throws. */
    Offer offer(QueuedEvent event)
    {
        if (queue.offer(event)) {
            stats.enqueued.incrementAndGet();
            return Offer.QUEUED;
        }
        if (queue.isClosed()) {
            return Offer.CLOSED;
        }
        long dropped = stats.droppedQueueFull.incrementAndGet();
        queueFullLog.warn("%s: the queue is full (mesh.lineage.queue-capacity=%s): dropped the event of query %s, %s dropped so far. The sender cannot keep up: is the spool's disk slow or full?",
                name, queue.size(), event.queryId(), dropped);
        return Offer.FULL;
    }

    /** Takes the spool's lock; fails when the spool directory cannot be used. */
    void prepare()
            throws IOException
    {
        spool.lock();
    }

    void start()
    {
        thread = Thread.ofPlatform()
                .name("mesh-lineage-sender-" + name)
                .daemon(true)
                .unstarted(this::run);
        thread.start();
    }

    /** Stops accepting events; the sender sends what it can until {@code deadlineNanos}, spools the rest and exits. */
    void beginShutdown(long deadlineNanos)
    {
        shutdownDeadline = deadlineNanos;
        queue.close();
        if (thread == null) {
            // never started (startup failed): nothing to flush, only the lock to release
            spool.close();
        }
    }

    /** Returns false when the sender is still running at the deadline (then the events it holds may be lost). */
    boolean awaitTermination(long deadlineNanos)
            throws InterruptedException
    {
        if (thread == null) {
            return true;
        }
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            thread.join(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        }
        return !thread.isAlive();
    }

    private void run()
    {
        try {
            try {
                spool.recover();
            }
            catch (IOException e) {
                log.error(e, "%s: cannot list the spool %s; events spooled by a previous run are not replayed", name, spool.directory());
            }
            if (!spool.isEmpty()) {
                log.info("%s: replaying %s bytes of events spooled by a previous run (%s segments in %s) before new ones", name, spool.sizeBytes(), spool.segmentCount(), spool.directory());
            }
            while (!queue.isClosed()) {
                try {
                    if (!spool.isEmpty()) {
                        // Keep order: whatever arrived while the spool is non-empty goes behind it.
                        spoolQueued();
                        if (!replayOldest()) {
                            waitBeforeRetry();
                        }
                        continue;
                    }
                    List<QueuedEvent> batch = queue.take(lingerNanos, IDLE_WAIT_NANOS);
                    if (!batch.isEmpty() && !sendLive(encode(batch))) {
                        waitBeforeRetry();
                    }
                }
                catch (IOException | RuntimeException e) {
                    // Disk trouble or a bug: keep the thread alive, the events are still spooled or queued.
                    failureLog.error("%s: the sender failed, retrying: %s", name, e);
                    log.debug(e, "%s: sender failure", name);
                    waitBeforeRetry();
                }
            }
            finish();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("%s: the sender was interrupted; %s queued events are not spooled", name, queue.size());
        }
        catch (Throwable t) {
            log.error(t, "%s: the sender stopped unexpectedly; %s queued events are not spooled", name, queue.size());
        }
        finally {
            spool.close();
        }
    }

    /** Sends a batch taken from the queue; whatever was not delivered goes to the spool. Returns false on failure. */
    private boolean sendLive(List<byte[]> events)
    {
        if (events.isEmpty()) {
            return true;
        }
        Delivery delivery = transport.send(events, this::deadline);
        account(delivery, false);
        if (delivery.complete()) {
            succeeded();
            return true;
        }
        List<byte[]> rest = events.subList(delivery.handled(), events.size());
        spool.append(rest);
        failed(delivery.failure());
        return false;
    }

    /** Sends the oldest spool segment; deletes it, or keeps what was not delivered. Returns false on failure. */
    private boolean replayOldest()
            throws IOException
    {
        Optional<Spool.Segment> oldest = spool.oldest();
        if (oldest.isEmpty()) {
            return true;
        }
        Spool.Segment segment = oldest.orElseThrow();
        List<byte[]> events;
        try {
            events = spool.read(segment);
        }
        catch (IOException e) {
            log.error(e, "%s: cannot read the spool segment %s; moving it aside (.unreadable) so that the rest can be sent", name, segment);
            spool.quarantine(segment);
            return true;
        }
        int done = 0;
        while (done < events.size()) {
            Delivery delivery = transport.send(events.subList(done, Math.min(done + batchSize, events.size())), this::deadline);
            account(delivery, true);
            done += delivery.handled();
            if (!delivery.complete()) {
                if (done > 0) {
                    spool.retain(segment, events.subList(done, events.size()));
                }
                failed(delivery.failure());
                return false;
            }
        }
        spool.remove(segment);
        succeeded();
        if (spool.isEmpty()) {
            log.info("%s: the spool is replayed; sending live again (%s)", name, stats);
        }
        return true;
    }

    /** Waits out the backoff, moving whatever arrives meanwhile to the spool so the queue never fills during an outage. */
    private void waitBeforeRetry()
            throws InterruptedException
    {
        long until = System.nanoTime() + backoff.failed();
        while (!queue.isClosed()) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return;
            }
            List<QueuedEvent> batch = queue.take(lingerNanos, left);
            if (!batch.isEmpty()) {
                spool.append(encode(batch));
            }
        }
    }

    private void spoolQueued()
    {
        for (List<QueuedEvent> batch = queue.drain(batchSize); !batch.isEmpty(); batch = queue.drain(batchSize)) {
            spool.append(encode(batch));
        }
    }

    /**
     * Shutdown: nothing new arrives. While the destination is healthy, send what is queued until the deadline; spool
     * the rest (behind what the spool holds, which is replayed at the next start).
     */
    private void finish()
    {
        queue.awaitProducers();
        boolean sending = spool.isEmpty() && backoff.failures() == 0;
        int spooled = 0;
        for (List<QueuedEvent> batch = queue.drain(batchSize); !batch.isEmpty(); batch = queue.drain(batchSize)) {
            List<byte[]> events = encode(batch);
            if (sending && System.nanoTime() - shutdownDeadline < 0) {
                Delivery delivery = transport.send(events, this::deadline);
                account(delivery, false);
                if (delivery.complete()) {
                    continue;
                }
                sending = false;
                events = events.subList(delivery.handled(), events.size());
            }
            spooled += spool.append(events);
        }
        if (!spool.isEmpty()) {
            log.info("%s: stopped with %s bytes of events spooled in %s (%s written now); they are sent when Trino starts again", name, spool.sizeBytes(), spool.directory(), spooled);
        }
    }

    private List<byte[]> encode(List<QueuedEvent> batch)
    {
        List<byte[]> events = new ArrayList<>(batch.size());
        for (QueuedEvent event : batch) {
            try {
                events.add(event.json(writer));
            }
            catch (JsonProcessingException | RuntimeException e) {
                // A bug in the model, not a delivery problem: nothing could ever send it.
                stats.rejected.incrementAndGet();
                log.error(e, "%s: cannot serialize the event of query %s; it is dropped", name, event.queryId());
            }
        }
        return events;
    }

    private void account(Delivery delivery, boolean replay)
    {
        int delivered = delivery.delivered();
        stats.sent.addAndGet(delivered);
        stats.duplicates.addAndGet(delivery.duplicates());
        if (replay) {
            stats.replayed.addAndGet(delivered);
        }
        if (!delivery.rejections().isEmpty()) {
            // kept before counted, so whoever sees the count also finds the file
            boolean kept = rejected.keep(delivery.rejections());
            stats.rejected.addAndGet(delivery.rejections().size());
            for (Rejection rejection : delivery.rejections()) {
                rejectionLog.warn("%s refused the event of query %s (HTTP %s): %s. It is not retried%s",
                        name, queryId(rejection.event()), rejection.status(), rejection.reason(), kept ? "; kept in " + rejected.directory() : "");
            }
        }
    }

    private void failed(String failure)
    {
        stats.failed(failure);
        failureLog.warn("%s: %s; events wait in the spool %s (%s bytes) and are retried with backoff", name, failure, spool.directory(), spool.sizeBytes());
    }

    private void succeeded()
    {
        if (backoff.failures() > 0) {
            log.info("%s: %s answers again after %s failed attempts", name, transport.uri(), backoff.failures());
        }
        backoff.succeeded();
    }

    private long deadline()
    {
        return shutdownDeadline;
    }

    private String queryId(byte[] event)
    {
        try {
            JsonNode name = mapper.readTree(event).path("job").path("name");
            return name.isTextual() ? name.asText() : "?";
        }
        catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
