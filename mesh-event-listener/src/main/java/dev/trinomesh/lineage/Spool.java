package dev.trinomesh.lineage;

import io.airlift.log.Logger;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MINUTES;

/**
 * Events a destination could not deliver yet, on disk, oldest first: segment files of JSON lines
 * ({@code segment-<sequence>.ndjson}), each at most one batch long, written with fsync. A segment is deleted
 * (or rewritten without its delivered prefix) only after the destination acknowledged its events, so a crash
 * at any point loses nothing and at worst sends some events twice, which ingestion recognises.
 * Only the destination's sender thread uses it; the size gauges may be read from any thread.
 */
// One thread writes the size gauges (the sender); volatile lets others read them.
@SuppressWarnings("NonAtomicVolatileUpdate")
final class Spool
        implements Closeable
{
    private static final Logger log = Logger.get(Spool.class);
    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".ndjson";
    private static final ByteBuffer NEWLINE = ByteBuffer.wrap(new byte[] {'\n'}).asReadOnlyBuffer();

    private final String destination;
    private final Path directory;
    private final long maxBytes;
    private final SpoolFullPolicy policy;
    private final int maxLinesPerSegment;
    private final DestinationStats stats;
    private final RateLimitedLog fullLog = new RateLimitedLog(log, 1, MINUTES);
    private final RateLimitedLog writeFailureLog = new RateLimitedLog(log, 1, MINUTES);

    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private volatile long bytes;
    private volatile int segmentCount;
    private long nextSequence = 1;
    private FileChannel tail;
    private FileChannel lockChannel;
    private FileLock lock;

    Spool(String destination, Path directory, long maxBytes, SpoolFullPolicy policy, int maxLinesPerSegment, DestinationStats stats)
    {
        this.destination = requireNonNull(destination, "destination is null");
        this.directory = requireNonNull(directory, "directory is null");
        this.maxBytes = maxBytes;
        this.policy = requireNonNull(policy, "policy is null");
        this.maxLinesPerSegment = maxLinesPerSegment;
        this.stats = requireNonNull(stats, "stats is null");
    }

    Path directory()
    {
        return directory;
    }

    /**
     * Creates the directory and locks it, so that two listeners (two Trino processes, or two listeners in one
     * JVM) never replay the same segments. Cheap: called while Trino starts, so that a bad directory fails startup.
     */
    void lock()
            throws IOException
    {
        Files.createDirectories(directory);
        FileChannel channel = FileChannel.open(directory.resolve(".lock"), CREATE, WRITE);
        try {
            FileLock acquired = channel.tryLock();
            if (acquired == null) {
                throw new IOException("another process uses " + directory);
            }
            lock = acquired;
            lockChannel = channel;
        }
        catch (OverlappingFileLockException e) {
            channel.close();
            throw new IOException("another mesh-lineage listener in this JVM uses " + directory, e);
        }
        catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Loads the segments a previous run left, cutting a line torn by a crash. Called by the sender before it sends
     * anything. A segment that cannot be read is left where it is (and logged) rather than stopping the sender.
     */
    void recover()
            throws IOException
    {
        TreeMap<Long, Path> found = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(file);
                }
                else if (name.startsWith(PREFIX) && name.endsWith(SUFFIX)) {
                    try {
                        found.put(Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length())), file);
                    }
                    catch (NumberFormatException e) {
                        log.warn("%s: ignoring %s in the spool: not a segment name", destination, file);
                    }
                }
            }
        }
        if (!found.isEmpty()) {
            // new segments come after every old one, including any left aside below
            nextSequence = found.lastKey() + 1;
        }
        for (var entry : found.entrySet()) {
            Path file = entry.getValue();
            try {
                long size = repairTornLine(file);
                if (size == 0) {
                    Files.delete(file);
                    continue;
                }
                segments.addLast(new Segment(entry.getKey(), file, size, -1));
                bytes += size;
            }
            catch (IOException e) {
                log.error(e, "%s: cannot load the spool segment %s; it is left in place and not replayed", destination, file);
            }
        }
        segmentCount = segments.size();
    }

    boolean isEmpty()
    {
        return segments.isEmpty();
    }

    long sizeBytes()
    {
        return bytes;
    }

    int segmentCount()
    {
        return segmentCount;
    }

    /**
     * Appends events after everything spooled, applying the spool-full policy. Never throws: events that could not
     * be written are counted as dropped and logged.
     *
     * @return how many were written
     */
    int append(List<byte[]> lines)
    {
        int written = 0;
        int dropped = 0;
        Segment current = null;
        try {
            for (byte[] line : lines) {
                long needed = line.length + 1L;
                if (bytes + needed > maxBytes && policy == SpoolFullPolicy.DROP_OLDEST) {
                    dropOldest(needed);
                }
                if (bytes + needed > maxBytes) {
                    dropped++;
                    continue;
                }
                current = writableTail();
                writeFully(tail, ByteBuffer.wrap(line), NEWLINE.duplicate());
                current.bytes += needed;
                current.lines++;
                bytes += needed;
                written++;
            }
            if (tail != null && written > 0) {
                tail.force(false);
            }
        }
        catch (IOException e) {
            int lost = lines.size() - written - dropped;
            dropped += lost;
            writeFailureLog.error("%s: writing the spool %s failed, %s events are lost: %s", destination, directory, lost, e);
            abandonTail(current);
        }
        stats.spooled.addAndGet(written);
        if (dropped > 0) {
            stats.droppedSpoolFull.addAndGet(dropped);
            if (policy == SpoolFullPolicy.DROP_NEWEST) {
                fullLog.warn("%s: the spool %s is full (%s of mesh.lineage.spool-max-size=%s bytes): dropped %s new events, %s dropped so far (spool-full-policy=drop-newest)",
                        destination, directory, bytes, maxBytes, dropped, stats.getDroppedSpoolFull());
            }
        }
        return written;
    }

    /** The oldest segment, closed for appending; empty when the spool is empty. */
    Optional<Segment> oldest()
            throws IOException
    {
        Segment oldest = segments.peekFirst();
        if (oldest != null && oldest == segments.peekLast()) {
            sealTail();
        }
        return Optional.ofNullable(oldest);
    }

    List<byte[]> read(Segment segment)
            throws IOException
    {
        byte[] content = Files.readAllBytes(segment.path);
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n') {
                if (i > start) {
                    byte[] line = new byte[i - start];
                    System.arraycopy(content, start, line, 0, line.length);
                    lines.add(line);
                }
                start = i + 1;
            }
        }
        segment.lines = lines.size();
        return lines;
    }

    /** Deletes a segment whose events were all delivered. */
    void remove(Segment segment)
            throws IOException
    {
        if (segment == segments.peekLast()) {
            sealTail();
        }
        Files.deleteIfExists(segment.path);
        forget(segment);
    }

    /** Rewrites a segment with only its undelivered events (atomically: a crash leaves the old or the new version). */
    void retain(Segment segment, List<byte[]> remaining)
            throws IOException
    {
        if (remaining.isEmpty()) {
            remove(segment);
            return;
        }
        if (segment == segments.peekLast()) {
            sealTail();
        }
        Path temporary = segment.path.resolveSibling(segment.path.getFileName() + ".tmp");
        long size = 0;
        try (FileChannel channel = FileChannel.open(temporary, CREATE, WRITE, TRUNCATE_EXISTING)) {
            for (byte[] line : remaining) {
                writeFully(channel, ByteBuffer.wrap(line), NEWLINE.duplicate());
                size += line.length + 1L;
            }
            channel.force(false);
        }
        Files.move(temporary, segment.path, ATOMIC_MOVE, REPLACE_EXISTING);
        syncDirectory();
        bytes += size - segment.bytes;
        segment.bytes = size;
        segment.lines = remaining.size();
    }

    /** Moves an unreadable segment aside ({@code .unreadable}) so that it does not block the ones after it. */
    void quarantine(Segment segment)
    {
        try {
            if (segment == segments.peekLast()) {
                sealTail();
            }
            Files.move(segment.path, segment.path.resolveSibling(segment.path.getFileName() + ".unreadable"), REPLACE_EXISTING);
        }
        catch (IOException e) {
            log.error(e, "%s: could not move the unreadable spool segment %s aside", destination, segment.path);
        }
        forget(segment);
    }

    @Override
    public void close()
    {
        try {
            sealTail();
        }
        catch (IOException e) {
            log.warn(e, "%s: closing the spool segment failed", destination);
        }
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        }
        catch (IOException e) {
            log.warn(e, "%s: releasing the spool lock failed", destination);
        }
        finally {
            lock = null;
            lockChannel = null;
        }
    }

    private Segment writableTail()
            throws IOException
    {
        Segment last = segments.peekLast();
        if (tail != null && last != null && last.lines < maxLinesPerSegment) {
            return last;
        }
        sealTail();
        Segment segment = new Segment(nextSequence++, directory.resolve("%s%020d%s".formatted(PREFIX, nextSequence - 1, SUFFIX)), 0, 0);
        tail = FileChannel.open(segment.path, CREATE_NEW, WRITE, APPEND);
        syncDirectory();
        segments.addLast(segment);
        segmentCount = segments.size();
        return segment;
    }

    private void sealTail()
            throws IOException
    {
        if (tail != null) {
            try {
                tail.force(false);
            }
            finally {
                tail.close();
                tail = null;
            }
        }
    }

    /** After a failed write the tail may end in a partial line: cut it back to its last complete line and stop appending to it. */
    private void abandonTail(Segment current)
    {
        if (tail == null) {
            return;
        }
        try {
            if (current != null) {
                tail.truncate(current.bytes);
            }
        }
        catch (IOException e) {
            log.warn(e, "%s: could not cut the partial line off %s; it is cut when the spool is next loaded", destination, current.path);
        }
        try {
            tail.close();
        }
        catch (IOException ignored) {
            // the channel is being abandoned
        }
        tail = null;
        if (current != null && current.bytes == 0) {
            // a segment that never held an event: left, a long full-disk outage would leave one empty file per attempt
            try {
                Files.deleteIfExists(current.path);
                forget(current);
            }
            catch (IOException e) {
                log.debug(e, "%s: could not delete the empty spool segment %s", destination, current.path);
            }
        }
    }

    private void dropOldest(long needed)
            throws IOException
    {
        long droppedEvents = 0;
        int droppedSegments = 0;
        while (bytes + needed > maxBytes && !segments.isEmpty()) {
            Segment oldest = segments.peekFirst();
            if (oldest == segments.peekLast()) {
                sealTail();
            }
            droppedEvents += oldest.lines >= 0 ? oldest.lines : countLines(oldest.path);
            Files.deleteIfExists(oldest.path);
            forget(oldest);
            droppedSegments++;
        }
        if (droppedEvents > 0) {
            stats.droppedSpoolFull.addAndGet(droppedEvents);
            fullLog.warn("%s: the spool %s is full (mesh.lineage.spool-max-size=%s bytes): dropped its oldest %s events (%s segments), %s dropped so far (spool-full-policy=drop-oldest)",
                    destination, directory, maxBytes, droppedEvents, droppedSegments, stats.getDroppedSpoolFull());
        }
    }

    private void forget(Segment segment)
    {
        if (segments.remove(segment)) {
            bytes -= segment.bytes;
            segmentCount = segments.size();
        }
    }

    private void syncDirectory()
    {
        // Makes a new file's directory entry durable; not possible on every platform, and harmless to skip there.
        try (FileChannel channel = FileChannel.open(directory, READ)) {
            channel.force(true);
        }
        catch (IOException | RuntimeException _) {
            // not possible on this platform: the file's data is durable, its directory entry may not be
        }
    }

    /** Returns the size of the file after cutting any incomplete last line (a crash during a write). */
    private long repairTornLine(Path file)
            throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, READ, WRITE)) {
            long size = channel.size();
            long end = size;
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (end > 0) {
                int length = (int) Math.min(buffer.capacity(), end);
                buffer.clear().limit(length);
                channel.read(buffer, end - length);
                for (int i = length - 1; i >= 0; i--) {
                    if (buffer.get(i) == '\n') {
                        long complete = end - length + i + 1;
                        if (complete < size) {
                            log.warn("%s: cutting %s bytes of an incomplete last line off %s (written during a crash)", destination, size - complete, file);
                            channel.truncate(complete);
                            channel.force(false);
                        }
                        return complete;
                    }
                }
                end -= length;
            }
            if (size > 0) {
                log.warn("%s: %s holds no complete line (written during a crash); removing it", destination, file);
                channel.truncate(0);
            }
            return 0;
        }
    }

    private static long countLines(Path file)
            throws IOException
    {
        long lines = 0;
        for (byte value : Files.readAllBytes(file)) {
            if (value == '\n') {
                lines++;
            }
        }
        return lines;
    }

    private static void writeFully(FileChannel channel, ByteBuffer... buffers)
            throws IOException
    {
        long remaining = 0;
        for (ByteBuffer buffer : buffers) {
            remaining += buffer.remaining();
        }
        while (remaining > 0) {
            remaining -= channel.write(buffers);
        }
    }

    static final class Segment
    {
        private final long sequence;
        private final Path path;
        private long bytes;
        private long lines;

        private Segment(long sequence, Path path, long bytes, long lines)
        {
            this.sequence = sequence;
            this.path = path;
            this.bytes = bytes;
            this.lines = lines;
        }

        long sequence()
        {
            return sequence;
        }

        Path path()
        {
            return path;
        }

        @Override
        public String toString()
        {
            return path.toString();
        }
    }
}
