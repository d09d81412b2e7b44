package dev.trinomesh.catalog.lineage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.trinomesh.api.lineage.OpenLineage.ColumnMask;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What the store keeps as JSON text: a run's groups and the datasets it read; and, for the roll-up, usage deltas
 * and postings (which run read which dataset), written compactly by a streaming generator as there are thousands.
 */
final class LineageJson
{
    // Jackson's defaults (not Airlift's), which may read and write this package's private records.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final TypeReference<Set<String>> STRING_SET = new TypeReference<>() {};
    private static final TypeReference<List<StoredRead>> READS = new TypeReference<>() {};

    private LineageJson() {}

    static String groups(Set<String> groups)
    {
        return groups.isEmpty() ? null : write(groups.stream().sorted().toList());
    }

    static Set<String> groups(String json)
    {
        return json == null ? Set.of() : read(json, STRING_SET);
    }

    /** The datasets a run read; a list that does not fit into {@code maxLength} characters loses its last datasets. */
    static String reads(List<ReadRow> reads, int maxLength)
    {
        if (reads.isEmpty()) {
            return null;
        }
        List<StoredRead> stored = reads.stream().map(StoredRead::of).toList();
        while (true) {
            String json = write(stored);
            if (json.length() <= maxLength) {
                return json;
            }
            stored = stored.subList(0, stored.size() / 2);
        }
    }

    static List<ReadRow> reads(String json)
    {
        return json == null ? List.of() : read(json, READS).stream().map(StoredRead::toRead).toList();
    }

    /** Compact, as a roll-up reads thousands: {@code [[datasetId, "user", queries, firstSeenMillis, lastSeenMillis], ...]}. */
    static String deltas(List<UsageDelta> deltas)
    {
        return writeTuples(deltas, 48, (generator, delta) -> {
            generator.writeNumber(delta.datasetId());
            generator.writeString(delta.user());
            generator.writeNumber(delta.queries());
            generator.writeNumber(delta.firstSeen().toEpochMilli());
            generator.writeNumber(delta.lastSeen().toEpochMilli());
        });
    }

    static List<UsageDelta> deltas(String json)
    {
        return readTuples(json, "usage deltas", tuple -> new UsageDelta(
                tuple.nextLong(),
                tuple.nextString(),
                tuple.nextLong(),
                Instant.ofEpochMilli(tuple.nextLong()),
                Instant.ofEpochMilli(tuple.nextLong())));
    }

    /** Compact: {@code [[datasetId, "runId", startedMillis], ...]}. */
    static String postings(List<Posting> postings)
    {
        return writeTuples(postings, 64, (generator, posting) -> {
            generator.writeNumber(posting.datasetId());
            generator.writeString(posting.runId().toString());
            generator.writeNumber(posting.startedAt().toEpochMilli());
        });
    }

    static List<Posting> postings(String json)
    {
        return readTuples(json, "postings", tuple -> new Posting(tuple.nextLong(), UUID.fromString(tuple.nextString()), Instant.ofEpochMilli(tuple.nextLong())));
    }

    /** One dataset's list of the runs that read it: {@code [["runId", startedMillis], ...]}. */
    static String runs(List<Posting> postings)
    {
        return writeTuples(postings, 56, (generator, posting) -> {
            generator.writeString(posting.runId().toString());
            generator.writeNumber(posting.startedAt().toEpochMilli());
        });
    }

    static List<Posting> runs(long datasetId, String json)
    {
        return readTuples(json, "run list", tuple -> new Posting(datasetId, UUID.fromString(tuple.nextString()), Instant.ofEpochMilli(tuple.nextLong())));
    }

    private interface TupleWriter<T>
    {
        void write(JsonGenerator generator, T value)
                throws IOException;
    }

    private interface TupleReader<T>
    {
        T read(Tuple tuple)
                throws IOException;
    }

    /** An array of arrays, one per value, by a streaming generator: no object per value, no field names. */
    private static <T> String writeTuples(List<T> values, int charactersPerValue, TupleWriter<T> writer)
    {
        StringWriter json = new StringWriter(values.size() * charactersPerValue);
        try (JsonGenerator generator = MAPPER.getFactory().createGenerator(json)) {
            generator.writeStartArray();
            for (T value : values) {
                generator.writeStartArray();
                writer.write(generator, value);
                generator.writeEndArray();
            }
            generator.writeEndArray();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return json.toString();
    }

    private static <T> List<T> readTuples(String json, String what, TupleReader<T> reader)
    {
        List<T> values = new ArrayList<>();
        try (JsonParser parser = MAPPER.getFactory().createParser(json)) {
            Tuple tuple = new Tuple(parser, json, what);
            tuple.expect(JsonToken.START_ARRAY);
            while (parser.nextToken() == JsonToken.START_ARRAY) {
                values.add(reader.read(tuple));
                tuple.expect(JsonToken.END_ARRAY);
            }
        }
        catch (IOException e) {
            throw new IllegalStateException("unreadable %s in the lineage store: %s".formatted(what, json), e);
        }
        return values;
    }

    /** The fields of one array of {@link #readTuples}, read in order. */
    private record Tuple(JsonParser parser, String json, String what)
    {
        long nextLong()
                throws IOException
        {
            expect(JsonToken.VALUE_NUMBER_INT);
            return parser.getLongValue();
        }

        String nextString()
                throws IOException
        {
            expect(JsonToken.VALUE_STRING);
            return parser.getText();
        }

        void expect(JsonToken token)
                throws IOException
        {
            if (parser.nextToken() != token) {
                throw new IllegalStateException("unreadable %s in the lineage store: %s".formatted(what, json));
            }
        }
    }

    private static String write(Object value)
    {
        try {
            return MAPPER.writeValueAsString(value);
        }
        catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type)
    {
        try {
            return MAPPER.readValue(json, type);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON in the lineage store: " + json, e);
        }
    }

    /** A {@link ReadRow} as JSON: names rather than ids, short keys and no empty lists (one per dataset of every run). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private record StoredRead(
            @JsonProperty("ns") String namespace,
            @JsonProperty("ds") String dataset,
            @JsonProperty("in") boolean input,
            @JsonProperty("direct") boolean directlyReferenced,
            @JsonProperty("via") List<String> via,
            @JsonProperty("cols") List<String> columns,
            @JsonProperty("filters") List<String> rowFilters,
            @JsonProperty("masks") List<ColumnMask> columnMasks)
    {
        static StoredRead of(ReadRow read)
        {
            return new StoredRead(read.dataset().namespace(), read.dataset().dataset(), read.input(), read.directlyReferenced(), read.via(), read.columns(), read.rowFilters(), read.columnMasks());
        }

        ReadRow toRead()
        {
            return new ReadRow(Node.dataset(namespace, dataset), input, directlyReferenced, orEmpty(via), orEmpty(columns), orEmpty(rowFilters), orEmpty(columnMasks));
        }

        private static <T> List<T> orEmpty(List<T> values)
        {
            return values == null ? List.of() : values;
        }
    }
}
