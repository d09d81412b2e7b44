package dev.trinomesh.catalog.data.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Inject;
import dev.trinomesh.api.lineage.Door;
import dev.trinomesh.catalog.data.DataConfig;
import dev.trinomesh.catalog.data.format.PageEnd;
import dev.trinomesh.catalog.data.format.ResultColumn;
import dev.trinomesh.catalog.data.read.DataReads;
import dev.trinomesh.catalog.data.read.OpenRead;
import dev.trinomesh.catalog.data.read.ReadRequest;
import dev.trinomesh.catalog.data.read.ServedTables;
import dev.trinomesh.catalog.data.read.TrinoQueries;
import dev.trinomesh.catalog.data.request.FilterOperator;
import dev.trinomesh.catalog.data.request.RequestParser;
import dev.trinomesh.catalog.registry.api.Visibility;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static dev.trinomesh.catalog.data.mcp.Schemas.integer;
import static dev.trinomesh.catalog.data.mcp.Schemas.names;
import static dev.trinomesh.catalog.data.mcp.Schemas.object;
import static dev.trinomesh.catalog.data.mcp.Schemas.string;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * {@code read_dataset}: a page of a dataset's rows, read by the data API in Trino as the caller through
 * {@link Door#MCP}: their row filters, masks and the circuit breaker apply as to their own SQL, and lineage and audit
 * record the read as theirs, through the door {@code mcp}. At most {@code data.mcp.max-rows} rows; the answer says
 * whether more matched and gives the cursor of the next page.
 */
public final class ReadDatasetTool
        implements McpTool
{
    public static final String NAME = "read_dataset";
    private static final int MAX_MAJOR = 999_999;

    private final DataReads reads;
    private final ServedTables tables;
    private final Visibility visibility;
    private final ObjectMapper mapper;
    private final int maxRows;
    private final int timeoutSeconds;
    private final long maxBytes;

    @Inject
    public ReadDatasetTool(DataReads reads, ServedTables tables, Visibility visibility, ObjectMapper mapper, DataConfig config)
    {
        this.reads = requireNonNull(reads, "reads is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.maxRows = config.getMcpMaxRows();
        this.timeoutSeconds = (int) Math.max(1, config.getPageTimeout().roundTo(SECONDS));
        this.maxBytes = config.getMaxResponseSize().toBytes();
    }

    @Override
    public McpSchema.Tool definition()
    {
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("description", """
                Filters on contracted columns, all of which must hold: an object of "<column>.<operator>" to a value, \
                e.g. {"totalprice.gt": 1000, "orderstatus.in": ["F", "O"]} (a bare "<column>" means eq), or a list of \
                "<column>.<operator>=<value>" texts. Operators: %s. in takes a list (or comma-separated text), between \
                [low, high] (or "low,high"), is_null true or false, like a SQL LIKE pattern""".formatted(FilterOperator.wireNames()));
        filters.put("anyOf", List.of(
                Map.of("type", "object", "additionalProperties", Map.of("type", List.of("string", "number", "boolean", "array"))),
                Map.of("type", "array", "items", Map.of("type", "string"))));

        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("product", string("The product's name"));
        properties.put("dataset", string("The dataset's name, as describe lists it"));
        properties.put("major", integer("The contract's major version to read (default: the current one); a previous major is served during its deprecation window", 1, MAX_MAJOR));
        properties.put("fields", names("Columns to return, in order (default: all of the contract's)"));
        properties.put("filters", filters);
        properties.put("order", names("Sort keys: columns, each optionally followed by .asc or .desc, e.g. [\"totalprice.desc\"]"));
        properties.put("limit", integer("Most rows to return (default and most: %s)".formatted(maxRows), 1));
        properties.put("cursor", string("The next cursor of a previous answer, to read its next page; give it with the same product, dataset and major, and no fields, filters or order (the cursor carries them)"));
        return McpSchema.Tool.builder()
                .name(NAME)
                .title("Read a dataset's rows")
                .description("""
                        Reads rows of a dataset of a data product, in Trino as you: rows and columns are filtered and \
                        masked exactly as in your own SQL. Returns the columns with their types, the rows as objects, \
                        truncated (whether more rows matched than were returned) and next, a cursor for the next page. \
                        At most %s rows per call.""".formatted(maxRows))
                .inputSchema(object(properties, List.of("product", "dataset")))
                .annotations(McpTool.readOnly("Read a dataset's rows"))
                .build();
    }

    @Override
    public Object call(ToolCaller caller, ToolArguments arguments)
    {
        String product = arguments.required("product", "the product to read");
        String dataset = arguments.required("dataset", "the dataset to read");
        OptionalInt major = arguments.integer("major", 1, MAX_MAJOR);
        List<String> fields = arguments.list("fields");
        List<String> order = arguments.list("order");
        // A list given to in or between is its values, each as it is (a comma in one escaped): one text as the data API reads them.
        Map<String, List<String>> filters = arguments.entries("filters", name -> name.endsWith("." + FilterOperator.IN.wireName()) || name.endsWith("." + FilterOperator.BETWEEN.wireName()));
        int limit = Math.min(arguments.integer("limit", 1, Integer.MAX_VALUE).orElse(maxRows), maxRows);
        Optional<String> cursor = arguments.text("cursor");
        filters.keySet().stream()
                .filter(RequestParser.RESERVED::contains)
                .forEach(name -> arguments.violation("filters." + name, null, "is no filter: %s are arguments of their own (or not for this tool)".formatted(RequestParser.RESERVED)));
        arguments.check();

        Map<String, List<String>> parameters = new LinkedHashMap<>(filters);
        if (!fields.isEmpty()) {
            parameters.put("fields", List.of(String.join(",", fields)));
        }
        if (!order.isEmpty()) {
            parameters.put("order", List.of(String.join(",", order)));
        }
        int version = major.isPresent() ? major.orElseThrow() : ServedTables.majorOf(tables.product(visibility.viewer(caller.user()), product).metadata().version());
        ReadRequest request = new ReadRequest(product, version, dataset, parameters, cursor, limit);
        try (OpenRead read = reads.open(caller.user(), Door.MCP, request, timeoutSeconds)) {
            CollectedRows rows = new CollectedRows(read.header(), mapper);
            PageEnd end;
            try {
                end = read.writeTo(rows, rows::bytes, maxBytes);
            }
            catch (SQLException e) {
                throw TrinoQueries.failure(e, "%s.%s".formatted(product, read.table().table()));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("product", read.header().product());
            answer.put("dataset", read.header().dataset());
            answer.put("version", read.header().version());
            answer.put("major", version);
            answer.put("snapshot", read.header().snapshot());
            if (!read.table().headers().isEmpty()) {
                // Deprecation, Sunset and Link, as the HTTP API sends them.
                answer.put("deprecation", read.table().headers());
            }
            answer.put("columns", read.header().columns().stream().map(ReadDatasetTool::column).toList());
            answer.put("rows", rows.rows());
            answer.put("rowCount", end.rows());
            answer.put("truncated", end.truncated());
            answer.put("next", end.next());
            if (end.reason() != null) {
                answer.put("truncatedBecause", end.reason());
            }
            return answer;
        }
    }

    private static Map<String, String> column(ResultColumn column)
    {
        Map<String, String> described = new LinkedHashMap<>();
        described.put("name", column.name());
        described.put("type", column.type().sqlType());
        return described;
    }
}
