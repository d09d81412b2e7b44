package dev.trinomesh.lineage;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.airlift.log.Logger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.WRITE;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MINUTES;

/**
 * Events a destination refused as invalid, kept for inspection and manual replay in
 * {@code rejected/rejected-<date>.ndjson}: one JSON object per line with {@code rejectedAt}, {@code status},
 * {@code reason} and the {@code event} as sent. Bounded like the spool; beyond that they are only logged.
 */
final class RejectedEvents
{
    private static final Logger log = Logger.get(RejectedEvents.class);

    private final String destination;
    private final Path directory;
    private final long maxBytes;
    private final ObjectMapper mapper;
    private final RateLimitedLog fullLog = new RateLimitedLog(log, 1, MINUTES);
    private long bytes = -1;

    RejectedEvents(String destination, Path directory, long maxBytes, ObjectMapper mapper)
    {
        this.destination = requireNonNull(destination, "destination is null");
        this.directory = requireNonNull(directory, "directory is null");
        this.maxBytes = maxBytes;
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    Path directory()
    {
        return directory;
    }

    Path file(Instant time)
    {
        return directory.resolve("rejected-%s.ndjson".formatted(LocalDate.ofInstant(time, ZoneOffset.UTC)));
    }

    /** Returns false when the events could not be kept (the directory is full or not writable); that is logged. */
    boolean keep(List<Rejection> rejections)
    {
        if (rejections.isEmpty()) {
            return true;
        }
        Instant now = Instant.now();
        try {
            Files.createDirectories(directory);
            if (bytes < 0) {
                bytes = directorySize();
            }
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            for (Rejection rejection : rejections) {
                lines.write(line(now, rejection));
                lines.write('\n');
            }
            if (bytes + lines.size() > maxBytes) {
                fullLog.error("%s: not keeping %s rejected events: %s is over mesh.lineage.spool-max-size (%s bytes); their reasons are logged", destination, rejections.size(), directory, maxBytes);
                return false;
            }
            try (FileChannel channel = FileChannel.open(file(now), CREATE, WRITE, APPEND)) {
                ByteBuffer buffer = ByteBuffer.wrap(lines.toByteArray());
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
            }
            bytes += lines.size();
            return true;
        }
        catch (IOException e) {
            fullLog.error("%s: could not keep %s rejected events in %s: %s", destination, rejections.size(), directory, e);
            return false;
        }
    }

    private byte[] line(Instant now, Rejection rejection)
            throws IOException
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rejection.event().length + 256);
        try (JsonGenerator generator = mapper.getFactory().createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("rejectedAt", now.toString());
            generator.writeStringField("destination", destination);
            generator.writeNumberField("status", rejection.status());
            generator.writeStringField("reason", rejection.reason());
            generator.writeFieldName("event");
            generator.writeRawValue(new String(rejection.event(), UTF_8));
            generator.writeEndObject();
        }
        return out.toByteArray();
    }

    private long directorySize()
            throws IOException
    {
        long size = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                size += Files.size(file);
            }
        }
        return size;
    }
}
