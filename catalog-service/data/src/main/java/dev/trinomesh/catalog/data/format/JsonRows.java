package dev.trinomesh.catalog.data.format;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;

/**
 * JSON, in one document: the page's description, {@code rows} as objects keyed by column, then {@code rowCount},
 * {@code truncated} and {@code next} (the cursor of the next page, or null). Written as rows arrive, so a page's size
 * costs no memory; the closing fields come last because only the end of the rows decides them.
 * NDJSON is the same rows, one object per line, and nothing else.
 */
public final class JsonRows
        implements RowWriter
{
    // Arrays and maps are written into the row's generator: not flushed to the client one value at a time.
    private static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

    private final JsonGenerator json;
    private final List<ResultColumn> columns;
    private final boolean lines;

    private JsonRows(OutputStream out, PageHeader header, boolean lines)
            throws IOException
    {
        this.json = MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8);
        this.columns = header.columns();
        this.lines = lines;
        if (lines) {
            json.setRootValueSeparator(null);
            return;
        }
        json.writeStartObject();
        json.writeStringField("product", header.product());
        json.writeStringField("dataset", header.dataset());
        json.writeStringField("version", header.version());
        if (header.snapshot() == null) {
            json.writeNullField("snapshot");
        }
        else {
            json.writeNumberField("snapshot", header.snapshot());
        }
        json.writeArrayFieldStart("columns");
        for (ResultColumn column : columns) {
            json.writeStartObject();
            json.writeStringField("name", column.name());
            json.writeStringField("type", column.type().sqlType());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("rows");
    }

    public static JsonRows document(OutputStream out, PageHeader header)
            throws IOException
    {
        return new JsonRows(out, header, false);
    }

    public static JsonRows lines(OutputStream out, PageHeader header)
            throws IOException
    {
        return new JsonRows(out, header, true);
    }

    @Override
    public void row(Object[] values)
            throws IOException
    {
        json.writeStartObject();
        for (int i = 0; i < columns.size(); i++) {
            json.writeFieldName(columns.get(i).name());
            write(values[i]);
        }
        json.writeEndObject();
        if (lines) {
            // Into the generator's buffer: flushing each line would send every row as an HTTP chunk of its own.
            json.writeRaw('\n');
        }
    }

    private void write(Object value)
            throws IOException
    {
        switch (value) {
            case null -> json.writeNull();
            case Boolean bool -> json.writeBoolean(bool);
            case Long number -> json.writeNumber(number);
            case BigDecimal decimal -> json.writeNumber(decimal);
            // JSON has no NaN or infinity: those are written as the strings Trino prints.
            case Double number when number.isNaN() || number.isInfinite() -> json.writeString(number.toString());
            case Double number -> json.writeNumber(number);
            case String text -> json.writeString(text);
            case List<?> _, java.util.Map<?, ?> _ -> MAPPER.writeValue(json, value);
            default -> json.writeString(Values.text(value));
        }
    }

    @Override
    public void end(PageEnd end)
            throws IOException
    {
        if (!lines) {
            json.writeEndArray();
            json.writeNumberField("rowCount", end.rows());
            json.writeBooleanField("truncated", end.truncated());
            if (end.next() == null) {
                json.writeNullField("next");
            }
            else {
                json.writeStringField("next", end.next());
            }
            if (end.reason() != null) {
                json.writeStringField("truncatedBecause", end.reason());
            }
            json.writeEndObject();
        }
        json.flush();
    }
}
