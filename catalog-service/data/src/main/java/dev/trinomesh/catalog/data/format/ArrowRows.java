package dev.trinomesh.catalog.data.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinomesh.catalog.data.request.ContractType;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.channels.Channels;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * An Apache Arrow IPC stream: the schema (contract types as Arrow types, timestamps in microseconds), then record
 * batches of {@value #BATCH_ROWS} rows. Only one batch is in memory at a time, in an allocator of its own that is
 * closed with the response. Arrays, maps and rows are sent as their JSON text.
 */
public final class ArrowRows
        implements RowWriter, AutoCloseable
{
    static final int BATCH_ROWS = 8192;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final BufferAllocator allocator;
    private final VectorSchemaRoot root;
    private final ArrowStreamWriter writer;
    private final List<ResultColumn> columns;
    private int batchRows;

    public ArrowRows(OutputStream out, PageHeader header, BufferAllocator parent)
            throws IOException
    {
        this.columns = header.columns();
        this.allocator = parent.newChildAllocator("data-api-response", 0, parent.getLimit());
        try {
            List<Field> fields = new ArrayList<>();
            for (ResultColumn column : columns) {
                fields.add(new Field(column.name(), FieldType.nullable(arrowType(column.type())), null));
            }
            Map<String, String> metadata = header.snapshot() == null
                    ? Map.of("mesh.product", header.product(), "mesh.dataset", header.dataset(), "mesh.version", header.version())
                    : Map.of("mesh.product", header.product(), "mesh.dataset", header.dataset(), "mesh.version", header.version(), "mesh.snapshot", header.snapshot().toString());
            this.root = VectorSchemaRoot.create(new Schema(fields, metadata), allocator);
            this.writer = new ArrowStreamWriter(root, null, Channels.newChannel(out));
            writer.start();
            root.allocateNew();
        }
        catch (IOException | RuntimeException e) {
            allocator.close();
            throw e;
        }
    }

    static ArrowType arrowType(ContractType type)
    {
        return switch (type.kind()) {
            case BOOLEAN -> ArrowType.Bool.INSTANCE;
            case INTEGER -> new ArrowType.Int(type.precision(), true);
            case DECIMAL -> new ArrowType.Decimal(type.precision(), type.scale(), 128);
            case FLOATING -> new ArrowType.FloatingPoint(type.sqlType().equals("real") ? FloatingPointPrecision.SINGLE : FloatingPointPrecision.DOUBLE);
            case TEXT, OTHER -> ArrowType.Utf8.INSTANCE;
            case DATE -> new ArrowType.Date(DateUnit.DAY);
            case TIME -> new ArrowType.Time(TimeUnit.MICROSECOND, 64);
            case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
            case TIMESTAMP_TZ -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
        };
    }

    @Override
    public void row(Object[] values)
            throws IOException
    {
        for (int i = 0; i < columns.size(); i++) {
            set(root.getVector(i), batchRows, values[i], columns.get(i).type());
        }
        batchRows++;
        if (batchRows == BATCH_ROWS) {
            flush();
        }
    }

    private static void set(FieldVector vector, int index, Object value, ContractType type)
            throws IOException
    {
        if (value == null) {
            if (vector instanceof VarCharVector text) {
                text.setNull(index);
            }
            else {
                setNull(vector, index);
            }
            return;
        }
        switch (vector) {
            case BitVector bits -> bits.setSafe(index, (Boolean) value ? 1 : 0);
            case BigIntVector longs -> longs.setSafe(index, (Long) value);
            case IntVector ints -> ints.setSafe(index, ((Long) value).intValue());
            case SmallIntVector shorts -> shorts.setSafe(index, ((Long) value).shortValue());
            case TinyIntVector bytes -> bytes.setSafe(index, ((Long) value).byteValue());
            case DecimalVector decimals -> decimals.setSafe(index, ((BigDecimal) value).setScale(type.scale(), RoundingMode.UNNECESSARY));
            case Float8Vector doubles -> doubles.setSafe(index, (Double) value);
            case Float4Vector floats -> floats.setSafe(index, ((Double) value).floatValue());
            case DateDayVector dates -> dates.setSafe(index, Math.toIntExact(((LocalDate) value).toEpochDay()));
            case TimeMicroVector times -> times.setSafe(index, ((LocalTime) value).toNanoOfDay() / 1000);
            case TimeStampMicroTZVector timestamps -> timestamps.setSafe(index, ChronoUnit.MICROS.between(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), (OffsetDateTime) value));
            case TimeStampMicroVector timestamps -> timestamps.setSafe(index, ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0), (LocalDateTime) value));
            case VarCharVector text -> text.setSafe(index, (value instanceof List<?> || value instanceof Map<?, ?>
                    ? MAPPER.writeValueAsString(value)
                    : Values.text(value)).getBytes(UTF_8));
            default -> throw new IllegalStateException("no Arrow vector for " + type.sqlType());
        }
    }

    private static void setNull(FieldVector vector, int index)
    {
        // Fixed-width vectors grow on setSafe only; make room before marking the slot null.
        while (vector.getValueCapacity() <= index) {
            vector.reAlloc();
        }
        switch (vector) {
            case BitVector bits -> bits.setNull(index);
            case BigIntVector longs -> longs.setNull(index);
            case IntVector ints -> ints.setNull(index);
            case SmallIntVector shorts -> shorts.setNull(index);
            case TinyIntVector bytes -> bytes.setNull(index);
            case DecimalVector decimals -> decimals.setNull(index);
            case Float8Vector doubles -> doubles.setNull(index);
            case Float4Vector floats -> floats.setNull(index);
            case DateDayVector dates -> dates.setNull(index);
            case TimeMicroVector times -> times.setNull(index);
            case TimeStampMicroTZVector timestamps -> timestamps.setNull(index);
            case TimeStampMicroVector timestamps -> timestamps.setNull(index);
            default -> throw new IllegalStateException("no Arrow vector for " + vector.getField());
        }
    }

    private void flush()
            throws IOException
    {
        if (batchRows == 0) {
            return;
        }
        root.setRowCount(batchRows);
        writer.writeBatch();
        batchRows = 0;
        root.allocateNew();
    }

    @Override
    public void end(PageEnd end)
            throws IOException
    {
        flush();
        writer.end();
    }

    @Override
    public void close()
    {
        root.close();
        allocator.close();
    }
}
