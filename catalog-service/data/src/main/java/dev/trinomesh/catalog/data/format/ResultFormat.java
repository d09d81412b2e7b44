package dev.trinomesh.catalog.data.format;

import jakarta.ws.rs.core.MediaType;
import org.apache.arrow.memory.BufferAllocator;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The formats the data API answers in, chosen by {@code Accept} (or {@code format=}, for a browser or a spreadsheet's
 * web import): JSON pages by default; NDJSON, CSV and Arrow streams for bulk reads.
 */
public enum ResultFormat
{
    JSON("application/json", false),
    NDJSON("application/x-ndjson", true),
    CSV("text/csv", true),
    ARROW("application/vnd.apache.arrow.stream", true);

    private final String mediaType;
    private final boolean stream;

    ResultFormat(String mediaType, boolean stream)
    {
        this.mediaType = mediaType;
        this.stream = stream;
    }

    public String mediaType()
    {
        return mediaType;
    }

    /** Whether it is a bulk format: its default row limit is the stream's, and how it ended is in the response's trailers. */
    public boolean stream()
    {
        return stream;
    }

    public String wireName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    public RowWriter open(OutputStream out, PageHeader header, BufferAllocator arrowAllocator)
            throws IOException
    {
        return switch (this) {
            case JSON -> JsonRows.document(out, header);
            case NDJSON -> JsonRows.lines(out, header);
            case CSV -> new CsvRows(out, header);
            case ARROW -> new ArrowRows(out, header, arrowAllocator);
        };
    }

    /**
     * The format a request asks for: {@code format} when given, else the first acceptable media type of
     * {@code accept} in order of preference; JSON when it accepts anything. Empty when it accepts none of them.
     */
    public static Optional<ResultFormat> negotiate(Optional<String> format, List<MediaType> accept)
    {
        if (format.isPresent()) {
            return Arrays.stream(values()).filter(candidate -> candidate.wireName().equalsIgnoreCase(format.orElseThrow().strip())).findFirst();
        }
        if (accept.isEmpty()) {
            return Optional.of(JSON);
        }
        // Jersey sorts the acceptable types by quality and specificity.
        for (MediaType acceptable : accept) {
            for (ResultFormat candidate : values()) {
                if (acceptable.isCompatible(MediaType.valueOf(candidate.mediaType))) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    public static String mediaTypes()
    {
        return String.join(", ", Arrays.stream(values()).map(ResultFormat::mediaType).toList());
    }
}
