package dev.trinomesh.catalog.data.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Inject;
import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.DatasetVariant;
import dev.trinomesh.api.model.Metric;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.model.ProductStatus;
import dev.trinomesh.catalog.data.DataConfig;
import dev.trinomesh.catalog.data.format.ResultFormat;
import dev.trinomesh.catalog.data.http.DataResource;
import dev.trinomesh.catalog.data.read.ServedTables;
import dev.trinomesh.catalog.data.request.ContractType;
import dev.trinomesh.catalog.data.request.FilterOperator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A product's data API as an OpenAPI 3.1 document, generated from its contract: a path per dataset of the current
 * major (and per table of the previous major while it is served, deprecated), with a query parameter per column and
 * filter operator typed as the column, the rows' JSON Schema per column (nullable unless the contract requires it),
 * and a path per metric. A client generator or a viewer gets the dataset's own types, not a generic row.
 */
public final class OpenApiGenerator
{
    public static final String OPENAPI_VERSION = "3.1.0";
    /** The security scheme every operation names. */
    public static final String SECURITY_SCHEME = "meshApiToken";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String ERROR = "#/components/schemas/ApiError";
    /** The components every document has, which no dataset's schema may be named. */
    private static final Set<String> RESERVED_SCHEMAS = Set.of("ApiError", "Violation");
    private static final Map<String, String> ERROR_RESPONSES = Map.of(
            "400", "BadRequest",
            "401", "Unauthorized",
            "403", "Forbidden",
            "404", "NotFound",
            "406", "NotAcceptable",
            "410", "Gone",
            "429", "TooManyRequests",
            "503", "Unavailable");

    private final int pageDefaultRows;
    private final int pageMaxRows;
    private final long streamMaxRows;

    @Inject
    public OpenApiGenerator(DataConfig config)
    {
        requireNonNull(config, "config is null");
        this.pageDefaultRows = config.getPageDefaultRows();
        this.pageMaxRows = config.getPageMaxRows();
        this.streamMaxRows = config.getStreamMaxRows();
    }

    /**
     * The document of {@code product} describing {@code datasets} (those of its current contract the reader may
     * read) and {@code previousMajors} (the previous major's tables still served for them).
     */
    public ObjectNode generate(ProductRecord product, List<Dataset> datasets, List<DatasetVariant> previousMajors)
    {
        return new Document(product).write(datasets, previousMajors);
    }

    /** The path of a dataset's rows: {@code /v1/data/sales_orders/v1/orders}. */
    public static String dataPath(String product, int major, String dataset)
    {
        return "/v1/data/%s/v%s/%s".formatted(product, major, dataset);
    }

    /** The path of a metric's values: {@code /v1/metrics/sales_revenue/monthly_net_revenue}. */
    public static String metricPath(String product, String metric)
    {
        return "/v1/metrics/%s/%s".formatted(product, metric);
    }

    /** One document being written: its components are named as they are added, each name once. */
    private final class Document
    {
        private final ProductRecord product;
        private final int major;
        private final ObjectNode root = JSON.objectNode();
        private final ObjectNode paths = JSON.objectNode();
        private final ObjectNode schemas = JSON.objectNode();
        private final ArrayNode tags = JSON.arrayNode();
        private final Set<String> operationIds = new HashSet<>();

        Document(ProductRecord product)
        {
            this.product = requireNonNull(product, "product is null");
            this.major = ServedTables.majorOf(product.metadata().version());
        }

        ObjectNode write(List<Dataset> datasets, List<DatasetVariant> previousMajors)
        {
            root.put("openapi", OPENAPI_VERSION);
            root.set("info", info());
            root.putArray("servers").addObject()
                    .put("url", "/")
                    .put("description", "The catalog service that serves this document (its data API is on the same address).");
            root.putArray("security").addObject().putArray(SECURITY_SCHEME);
            root.set("tags", tags);
            root.set("paths", paths);
            root.putObject("externalDocs")
                    .put("description", "The product in the portal: its contract, health and lineage")
                    .put("url", "/portal/products/" + product.name());

            for (Dataset dataset : datasets) {
                tags.addObject().put("name", dataset.name()).put("description", Optional.ofNullable(dataset.description()).orElse("Dataset " + dataset.name()));
                paths.set(dataPath(product.name(), major, dataset.name()), readOperation(dataset.name(), dataset, Optional.empty()));
                if (dataset.hasMetric()) {
                    paths.set(metricPath(product.name(), dataset.name()), metricOperation(dataset));
                }
            }
            for (DatasetVariant variant : previousMajors) {
                paths.set(dataPath(product.name(), ServedTables.majorOf(variant.version()), variant.dataset()), readOperation(variant.dataset(), variant.definition(), Optional.of(variant)));
            }

            ObjectNode components = root.putObject("components");
            schemas.setAll(errorSchemas());
            components.set("schemas", schemas);
            components.set("responses", errorResponses());
            components.set("parameters", sharedParameters());
            components.set("headers", headers());
            components.putObject("securitySchemes").set(SECURITY_SCHEME, securityScheme());
            return root;
        }

        private ObjectNode info()
        {
            ObjectNode info = JSON.objectNode();
            info.put("title", product.name());
            info.put("version", product.metadata().version());
            Optional.ofNullable(product.metadata().description()).filter(text -> !text.isBlank()).ifPresent(text -> info.put("summary", firstLine(text)));
            info.put("description", """
                    %s

                    Product `%s` of domain `%s`, owned by `%s`: version %s (%s).

                    **Rows.** Each dataset is a path, `GET /v1/data/%s/v%s/<dataset>`, read in Trino as you: the row filters, \
                    column masks and access rules that apply to your SQL apply here (a masked column keeps its type). \
                    Filter with `<column>.<operator>=<value>` (every filter must hold; `<column>=<value>` means `eq`); each \
                    column's filters are listed as parameters, typed as the column. Choose columns with `fields` and \
                    their order with `order`.

                    **Pages and streams.** JSON (the default) answers a page of `limit` rows (default %s, at most %s) \
                    ending with `next`, the cursor of the next page or null: send it back as `cursor`, with `limit` \
                    only; every page of one read sees the same lake snapshot (`Mesh-Snapshot`). NDJSON, CSV and Arrow \
                    (by `Accept` or `format`) stream up to `limit` rows (default and most %s); whether more rows \
                    match, and the cursor that reads them, come in the trailers `%s` and `%s` when the request says \
                    `TE: trailers`.

                    **This document** lists the datasets you may read, as you may read them now; the previous major's \
                    tables while they are served, deprecated. Every request carries `Authorization: Bearer <token>`."""
                    .formatted(Optional.ofNullable(product.metadata().description()).orElse("Data product " + product.name()),
                            product.name(), product.metadata().domain(), product.metadata().owner(), product.metadata().version(), product.status().wireName(),
                            product.name(), major, pageDefaultRows, pageMaxRows, streamMaxRows,
                            DataResource.TRUNCATED_TRAILER, DataResource.NEXT_CURSOR_TRAILER));
            info.put("x-mesh-domain", product.metadata().domain());
            info.put("x-mesh-owner", product.metadata().owner());
            info.put("x-mesh-status", product.status().wireName());
            return info;
        }

        private ObjectNode readOperation(String dataset, Dataset contract, Optional<DatasetVariant> previous)
        {
            String name = previous.map(variant -> "%sV%s".formatted(typeName(dataset), ServedTables.majorOf(variant.version()))).orElse(typeName(dataset));
            String row = schemaName(name + "Row");
            String page = schemaName(name + "Page");
            schemas.set(row, rowSchema(dataset, contract));
            schemas.set(page, pageSchema(dataset, contract, row));

            ObjectNode operation = JSON.objectNode();
            operation.putArray("tags").add(dataset);
            operation.put("operationId", operationId("read" + name));
            operation.put("summary", previous.map(variant -> "Rows of %s, version %s (deprecated)".formatted(dataset, variant.version()))
                    .orElse("Rows of %s".formatted(dataset)));
            operation.put("description", readDescription(dataset, contract, previous));
            if (previous.isPresent() || product.status() == ProductStatus.DEPRECATED) {
                operation.put("deprecated", true);
            }
            ArrayNode parameters = operation.putArray("parameters");
            parameters.add(fieldsParameter(contract));
            parameters.add(orderParameter(contract));
            parameters.add(reference("#/components/parameters/limit"));
            parameters.add(reference("#/components/parameters/cursor"));
            parameters.add(reference("#/components/parameters/format"));
            for (Column column : contract.columns()) {
                filterParameters(column).forEach(parameters::add);
            }

            ObjectNode responses = operation.putObject("responses");
            ObjectNode ok = responses.putObject("200");
            ok.put("description", """
                    The rows. JSON: a page, closed by `rowCount`, `truncated` (more rows match) and `next`. NDJSON: one row \
                    per line. CSV: a header line of the column names, then one line per row (`Content-Disposition` names \
                    the file). Arrow: an IPC stream of record batches. To a request that says `TE: trailers`, a stream \
                    ends with the trailers `%s` and `%s` (one that ends without them was cut short by a failure).""".formatted(DataResource.TRUNCATED_TRAILER, DataResource.NEXT_CURSOR_TRAILER));
            ObjectNode headers = ok.putObject("headers");
            headers.set(DataResource.SNAPSHOT_HEADER, reference("#/components/headers/Mesh-Snapshot"));
            headers.set("Deprecation", reference("#/components/headers/Deprecation"));
            headers.set("Sunset", reference("#/components/headers/Sunset"));
            headers.set("Link", reference("#/components/headers/Link"));
            headers.set("Trailer", reference("#/components/headers/Trailer"));
            ObjectNode content = ok.putObject("content");
            content.putObject(ResultFormat.JSON.mediaType()).set("schema", reference("#/components/schemas/" + page));
            // OpenAPI 3.1 has no schema for a sequence of JSON documents: this is the schema of each line.
            content.putObject(ResultFormat.NDJSON.mediaType()).set("schema", reference("#/components/schemas/" + row));
            content.putObject(ResultFormat.CSV.mediaType()).putObject("schema")
                    .put("type", "string")
                    .put("description", "RFC 4180 CSV with a header line: %s (the columns asked for in `fields`)".formatted(String.join(",", columnNames(contract))));
            content.putObject(ResultFormat.ARROW.mediaType()).putObject("schema")
                    .put("type", "string")
                    .put("format", "binary")
                    .put("contentMediaType", ResultFormat.ARROW.mediaType())
                    .put("description", "An Apache Arrow IPC stream: one schema, then record batches of the rows");
            errors(responses, List.of("400", "401", "403", "404", "406", "410", "429", "503"));
            return JSON.objectNode().set("get", operation);
        }

        private String readDescription(String dataset, Dataset contract, Optional<DatasetVariant> previous)
        {
            StringBuilder text = new StringBuilder(Optional.ofNullable(contract.description()).filter(description -> !description.isBlank()).orElse("Dataset " + dataset + "."));
            List<String> unique = contract.columns().stream().filter(Column::unique).map(Column::name).toList();
            text.append("\n\n");
            text.append(unique.isEmpty()
                    ? "Rows come in the order asked for, then by every column that can be ordered; pages are positioned by count, on one snapshot."
                    : "Rows come in the order asked for, then by %s (unique), so that no page skips or repeats a row.".formatted(String.join(", ", unique)));
            previous.ifPresent(variant -> text.append("\n\nThis is version %s of the dataset, served until %s (the `Sunset` header); read %s instead."
                    .formatted(variant.version(), variant.until(), dataPath(product.name(), major, dataset))));
            if (previous.isEmpty() && product.status() == ProductStatus.DEPRECATED) {
                text.append("\n\nThe product is deprecated: it will be retired; the `Deprecation` and `Link` headers say so on every answer.");
            }
            return text.toString();
        }

        private ObjectNode fieldsParameter(Dataset contract)
        {
            ObjectNode parameter = query("fields", "The columns to return, in this order, separated by commas; all of them when absent: %s."
                    .formatted(String.join(", ", columnNames(contract))));
            parameter.put("style", "form").put("explode", false);
            ObjectNode schema = parameter.putObject("schema").put("type", "array").put("uniqueItems", true);
            ArrayNode names = schema.putObject("items").put("type", "string").putArray("enum");
            columnNames(contract).forEach(names::add);
            return parameter;
        }

        private ObjectNode orderParameter(Dataset contract)
        {
            List<String> comparable = contract.columns().stream().filter(column -> ContractType.of(column.type()).comparable()).map(Column::name).toList();
            ObjectNode parameter = query("order", "The columns to order rows by, separated by commas, each optionally followed by `.asc` (the default) or `.desc`; nulls come last. Columns that can be ordered: %s."
                    .formatted(comparable.isEmpty() ? "none" : String.join(", ", comparable)));
            parameter.put("style", "form").put("explode", false);
            ObjectNode schema = parameter.putObject("schema").put("type", "array");
            ArrayNode keys = schema.putObject("items").put("type", "string").putArray("enum");
            for (String column : comparable) {
                keys.add(column).add(column + ".asc").add(column + ".desc");
            }
            return parameter;
        }

        /** {@code <column>} (eq) and {@code <column>.<operator>} for each operator the column's type takes. */
        private List<ObjectNode> filterParameters(Column column)
        {
            ContractType type = ContractType.of(column.type());
            String about = "`%s` (%s%s)".formatted(column.name(), type.sqlType(), Optional.ofNullable(column.description()).map(text -> ": " + text).orElse(""));
            List<ObjectNode> parameters = new ArrayList<>();
            if (!type.comparable()) {
                parameters.add(filter(column.name() + ".is_null", about, FilterOperator.IS_NULL, JSON.objectNode().put("type", "boolean")));
                return parameters;
            }
            ObjectNode value = ColumnSchemas.filterValue(type);
            parameters.add(filter(column.name(), about, FilterOperator.EQ, value.deepCopy()));
            for (FilterOperator operator : FilterOperator.values()) {
                ObjectNode schema = switch (operator) {
                    case EQ, NE, LT, LE, GT, GE -> value.deepCopy();
                    case IN -> JSON.objectNode().put("type", "array").put("minItems", 1).put("maxItems", 1000).set("items", value.deepCopy());
                    case BETWEEN -> JSON.objectNode().put("type", "array").put("minItems", 2).put("maxItems", 2).set("items", value.deepCopy());
                    case IS_NULL -> JSON.objectNode().put("type", "boolean");
                    case LIKE -> type.text() ? JSON.objectNode().put("type", "string") : null;
                };
                if (schema != null) {
                    ObjectNode parameter = filter(column.name() + "." + operator.wireName(), about, operator, schema);
                    if (operator == FilterOperator.IN || operator == FilterOperator.BETWEEN) {
                        parameter.put("style", "form").put("explode", false);
                    }
                    parameters.add(parameter);
                }
            }
            return parameters;
        }

        private ObjectNode filter(String name, String about, FilterOperator operator, ObjectNode schema)
        {
            ObjectNode parameter = query(name, "Rows whose %s is %s.".formatted(about, operator.description()));
            parameter.set("schema", schema);
            return parameter;
        }

        private ObjectNode rowSchema(String dataset, Dataset contract)
        {
            ObjectNode schema = JSON.objectNode();
            schema.put("type", "object");
            schema.put("description", "A row of %s: each column by name. A request with `fields` gets only the columns it names.".formatted(dataset));
            ObjectNode properties = schema.putObject("properties");
            ArrayNode required = JSON.arrayNode();
            for (Column column : contract.columns()) {
                ContractType type = ContractType.of(column.type());
                ObjectNode property = ColumnSchemas.value(type, column.required());
                property.put("description", "%s%s; %s%s.".formatted(
                        Optional.ofNullable(column.description()).map(text -> text + " (").orElse("("),
                        type.sqlType() + (column.unique() ? ", unique" : "") + ")",
                        ColumnSchemas.describe(type),
                        column.required() ? ", never null" : ", or null"));
                if (!column.classification().isEmpty()) {
                    ArrayNode classification = property.putArray("x-mesh-classification");
                    column.classification().forEach(classification::add);
                }
                properties.set(column.name(), property);
                if (column.required()) {
                    required.add(column.name());
                }
            }
            if (!required.isEmpty()) {
                schema.set("required", required);
            }
            return schema;
        }

        private ObjectNode pageSchema(String dataset, Dataset contract, String row)
        {
            ObjectNode schema = JSON.objectNode();
            schema.put("type", "object");
            schema.put("description", "A page of rows of %s.".formatted(dataset));
            ObjectNode properties = schema.putObject("properties");
            properties.putObject("product").put("const", product.name());
            properties.putObject("dataset").put("const", dataset);
            properties.putObject("version").put("type", "string").put("description", "The product's version");
            properties.putObject("snapshot").put("format", "int64")
                    .put("description", "The lake snapshot read (also in Mesh-Snapshot); null when the dataset is not read from one lake table")
                    .set("type", JSON.arrayNode().add("integer").add("null"));
            ObjectNode column = properties.putObject("columns").put("type", "array").put("description", "The columns of the rows, in order, with their contract types")
                    .putObject("items").put("type", "object");
            column.putArray("required").add("name").add("type");
            ArrayNode names = column.putObject("properties").putObject("name").put("type", "string").putArray("enum");
            columnNames(contract).forEach(names::add);
            ((ObjectNode) column.get("properties")).putObject("type").put("type", "string").put("description", "The Trino type of the column");
            properties.putObject("rows").put("type", "array").set("items", reference("#/components/schemas/" + row));
            properties.putObject("rowCount").put("type", "integer").put("format", "int64").put("minimum", 0);
            properties.putObject("truncated").put("type", "boolean").put("description", "Whether more rows match: read them with `next`");
            properties.putObject("next").put("description", "The cursor of the next page (send it as `cursor`), or null after the last page")
                    .set("type", JSON.arrayNode().add("string").add("null"));
            properties.putObject("truncatedBecause").put("type", "string").put("description", "Why the page ended before the last row (its limit, or the response size); present only then");
            ArrayNode required = schema.putArray("required");
            List.of("product", "dataset", "version", "snapshot", "columns", "rows", "rowCount", "truncated", "next").forEach(required::add);
            return schema;
        }

        private ObjectNode metricOperation(Dataset dataset)
        {
            Metric metric = dataset.metric();
            Map<String, Column> columns = new LinkedHashMap<>();
            dataset.columns().forEach(column -> columns.put(column.name(), column));
            String name = typeName(dataset.name());
            String answer = schemaName(name + "Answer");
            String row = schemaName(name + "MetricRow");
            schemas.set(row, metricRowSchema(metric, columns));
            schemas.set(answer, answerSchema(dataset, row));

            ObjectNode operation = JSON.objectNode();
            operation.putArray("tags").add(dataset.name());
            operation.put("operationId", operationId("metric" + name));
            operation.put("summary", "Values of metric %s".formatted(dataset.name()));
            operation.put("description", """
                    %s

                    The metric's measure `%s`%s by %s. Grouping by fewer dimensions than the metric has adds the measure up \
                    over the others (right for additive measures such as revenue or counts).""".formatted(
                    Optional.ofNullable(dataset.description()).orElse("Metric " + dataset.name()),
                    metric.measure(),
                    Optional.ofNullable(metric.unit()).map(unit -> " (" + unit + ")").orElse(""),
                    metric.dimensions().isEmpty() ? "nothing (it is a single value)" : "its dimensions " + String.join(", ", metric.dimensions())));
            if (product.status() == ProductStatus.DEPRECATED) {
                operation.put("deprecated", true);
            }
            ArrayNode parameters = operation.putArray("parameters");
            if (!metric.dimensions().isEmpty()) {
                ObjectNode by = query("by", "The dimensions to group by, separated by commas; all of them when absent.");
                by.put("style", "form").put("explode", false);
                ArrayNode names = by.putObject("schema").put("type", "array").put("uniqueItems", true).putObject("items").put("type", "string").putArray("enum");
                metric.dimensions().forEach(names::add);
                parameters.add(by);
            }
            Optional<Column> time = metric.dimensions().stream()
                    .map(columns::get)
                    .filter(column -> column != null && isTime(ContractType.of(column.type())))
                    .findFirst();
            time.ifPresent(dimension -> {
                ContractType type = ContractType.of(dimension.type());
                parameters.add(query("from", "Values from this %s on (inclusive)".formatted(dimension.name())).set("schema", ColumnSchemas.filterValue(type)));
                parameters.add(query("to", "Values before this %s (exclusive)".formatted(dimension.name())).set("schema", ColumnSchemas.filterValue(type)));
            });
            ObjectNode limit = query("limit", "The most rows to return (default and most %s); `truncated` says whether more matched.".formatted(pageMaxRows));
            limit.putObject("schema").put("type", "integer").put("format", "int32").put("minimum", 1).put("maximum", pageMaxRows).put("default", pageMaxRows);
            parameters.add(limit);

            ObjectNode responses = operation.putObject("responses");
            responses.putObject("200").put("description", "The metric's values")
                    .putObject("content").putObject("application/json").set("schema", reference("#/components/schemas/" + answer));
            errors(responses, List.of("400", "401", "403", "404", "406", "410", "429", "503"));
            return JSON.objectNode().set("get", operation);
        }

        private ObjectNode metricRowSchema(Metric metric, Map<String, Column> columns)
        {
            ObjectNode schema = JSON.objectNode();
            schema.put("type", "object");
            schema.put("description", "The measure for one combination of the dimensions asked for in `by` (each by name).");
            ObjectNode properties = schema.putObject("properties");
            for (String dimension : metric.dimensions()) {
                Column column = columns.get(dimension);
                ContractType type = ContractType.of(column == null ? "varchar" : column.type());
                ObjectNode property = ColumnSchemas.value(type, column != null && column.required());
                property.put("description", "%s (%s; %s)".formatted(
                        Optional.ofNullable(column).map(Column::description).orElse("Dimension " + dimension), type.sqlType(), ColumnSchemas.describe(type)));
                properties.set(dimension, property);
            }
            ContractType measureType = Optional.ofNullable(columns.get(metric.measure())).map(column -> ContractType.of(column.type())).orElse(ContractType.of("double"));
            ObjectNode measure = ColumnSchemas.measure(measureType);
            measure.put("description", "%s (%s%s); null when there is no value".formatted(
                    Optional.ofNullable(columns.get(metric.measure())).map(Column::description).orElse("The measure"),
                    measureType.sqlType(), Optional.ofNullable(metric.unit()).map(unit -> ", in " + unit).orElse("")));
            properties.set(metric.measure(), measure);
            schema.putArray("required").add(metric.measure());
            return schema;
        }

        private ObjectNode answerSchema(Dataset dataset, String row)
        {
            Metric metric = dataset.metric();
            ObjectNode schema = JSON.objectNode();
            schema.put("type", "object");
            schema.put("description", "The values of metric %s by the dimensions asked for.".formatted(dataset.name()));
            ObjectNode properties = schema.putObject("properties");
            properties.putObject("product").put("const", product.name());
            properties.putObject("version").put("type", "string").put("description", "The product's version");
            properties.putObject("metric").put("const", dataset.name());
            properties.putObject("description").put("type", "string");
            properties.putObject("measure").put("const", metric.measure());
            properties.putObject("unit").put("type", "string");
            properties.putObject("grain").put("type", "string").put("description", "The time granularity of the metric's time dimension");
            properties.putObject("dimensions").put("type", "array").put("description", "Every dimension of the metric").putObject("items").put("type", "string");
            properties.putObject("by").put("type", "array").put("description", "The dimensions the rows are grouped by").putObject("items").put("type", "string");
            properties.putObject("from").put("type", "string").put("description", "The `from` asked for, when one was");
            properties.putObject("to").put("type", "string").put("description", "The `to` asked for, when one was");
            properties.putObject("rows").put("type", "array").set("items", reference("#/components/schemas/" + row));
            properties.putObject("rowCount").put("type", "integer").put("format", "int32").put("minimum", 0);
            properties.putObject("truncated").put("type", "boolean").put("description", "Whether more rows matched than `limit`");
            ArrayNode required = schema.putArray("required");
            List.of("product", "version", "metric", "measure", "dimensions", "by", "rows", "rowCount", "truncated").forEach(required::add);
            return schema;
        }

        private void errors(ObjectNode responses, List<String> statuses)
        {
            for (String status : statuses) {
                responses.set(status, reference("#/components/responses/" + ERROR_RESPONSES.get(status)));
            }
            responses.set("default", reference("#/components/responses/InternalError"));
        }

        private String operationId(String candidate)
        {
            String id = candidate;
            for (int i = 2; !operationIds.add(id); i++) {
                id = candidate + i;
            }
            return id;
        }

        private String schemaName(String candidate)
        {
            String name = candidate;
            for (int i = 2; schemas.has(name) || RESERVED_SCHEMAS.contains(name); i++) {
                name = candidate + i;
            }
            return name;
        }
    }

    private ObjectNode sharedParameters()
    {
        ObjectNode parameters = JSON.objectNode();
        ObjectNode limit = query("limit", "The most rows to return. A JSON page: default %s, at most %s. A stream (NDJSON, CSV, Arrow): default and most %s. More matching rows are read with the cursor the answer ends with."
                .formatted(pageDefaultRows, pageMaxRows, streamMaxRows));
        limit.putObject("schema").put("type", "integer").put("format", "int64").put("minimum", 1).put("maximum", Math.max(pageMaxRows, streamMaxRows));
        parameters.set("limit", limit);
        parameters.set("cursor", query("cursor", "The cursor a previous answer ended with (`next`, or the trailer %s): reads on from there, on the same snapshot, with the same fields, filters and order. Send it with `limit` only; it is valid for a while, and for you only."
                .formatted(DataResource.NEXT_CURSOR_TRAILER)).set("schema", JSON.objectNode().put("type", "string")));
        ObjectNode format = query("format", "The format of the answer, instead of `Accept` (for a browser or a spreadsheet's web import): json (pages), ndjson, csv or arrow (streams).");
        ArrayNode formats = format.putObject("schema").put("type", "string").putArray("enum");
        for (ResultFormat candidate : ResultFormat.values()) {
            formats.add(candidate.wireName());
        }
        parameters.set("format", format);
        return parameters;
    }

    private static ObjectNode headers()
    {
        ObjectNode headers = JSON.objectNode();
        headers.putObject("Mesh-Snapshot")
                .put("description", "The lake snapshot the rows were read at: every page of one read (its cursors) reads the same one. Absent when the dataset is not read from one lake table.")
                .putObject("schema").put("type", "integer").put("format", "int64");
        headers.putObject("Deprecation")
                .put("description", "Present when what was read is deprecated (a deprecated product, or a previous major version): since when, as `@<epoch seconds>` (RFC 9745).")
                .putObject("schema").put("type", "string").put("pattern", "^@-?\\d+$");
        headers.putObject("Sunset")
                .put("description", "Present on a previous major version: when it stops being served, an HTTP date (RFC 8594).")
                .putObject("schema").put("type", "string");
        headers.putObject("Link")
                .put("description", "With Deprecation: the current version (rel=\"successor-version\") or the product's page (rel=\"deprecation\").")
                .putObject("schema").put("type", "string");
        headers.putObject("Trailer")
                .put("description", "On a stream (NDJSON, CSV, Arrow) to a request that says `TE: trailers`: the trailers that end it, %s (whether more rows match) and %s (the cursor that reads them)."
                        .formatted(DataResource.TRUNCATED_TRAILER, DataResource.NEXT_CURSOR_TRAILER))
                .putObject("schema").put("type", "string");
        headers.putObject("Retry-After")
                .put("description", "Seconds to wait before asking again.")
                .putObject("schema").put("type", "integer").put("minimum", 0);
        headers.putObject("WWW-Authenticate")
                .put("description", "Bearer: the request needs a valid token.")
                .putObject("schema").put("type", "string");
        return headers;
    }

    private static ObjectNode errorResponses()
    {
        ObjectNode responses = JSON.objectNode();
        error(responses, "BadRequest", "The request does not fit the contract or the API: `violations` names each parameter, the value sent and the rule it breaks.");
        error(responses, "Unauthorized", "No valid bearer token.").putObject("headers").set("WWW-Authenticate", reference("#/components/headers/WWW-Authenticate"));
        error(responses, "Forbidden", "Trino refused the read: you may not read this dataset (ask for access in the portal).");
        error(responses, "NotFound", "No such product, version, dataset or metric, or one you may not see (answered alike).");
        error(responses, "NotAcceptable", "None of the formats in `Accept` is one the API answers in.");
        error(responses, "Gone", "Retired: the product, a previous major version past its sunset, a cursor's snapshot that has expired.");
        error(responses, "TooManyRequests", "Too many requests at once or too fast (the per-person limits); wait as `Retry-After` says.")
                .putObject("headers").set("Retry-After", reference("#/components/headers/Retry-After"));
        error(responses, "Unavailable", "Trino could not answer now (out of reach, too slow), or the dataset is stopped by its circuit breaker (the message names the failed check).");
        error(responses, "InternalError", "An unexpected failure: the message names the incident in the service log.");
        return responses;
    }

    private static ObjectNode error(ObjectNode responses, String name, String description)
    {
        ObjectNode response = responses.putObject(name).put("description", description);
        response.putObject("content").putObject("application/json").set("schema", reference(ERROR));
        return response;
    }

    private static Map<String, ObjectNode> errorSchemas()
    {
        ObjectNode error = JSON.objectNode();
        error.put("type", "object");
        error.put("description", "The body of every error: the status repeated, what kind of refusal, the explanation and, for a bad request, each broken rule.");
        error.putArray("required").add("status").add("error").add("message");
        ObjectNode properties = error.putObject("properties");
        properties.putObject("status").put("type", "integer").put("format", "int32");
        properties.putObject("error").put("type", "string").put("description", "What kind of refusal: BadRequest, Unauthorized, Forbidden, NotFound, Gone, TooManyRequests, ServiceUnavailable, InternalError, or a protocol error's reason (NotAcceptable)");
        properties.putObject("message").put("type", "string");
        properties.putObject("violations").put("type", "array").put("description", "Every broken rule of the request; absent when there is none")
                .set("items", reference("#/components/schemas/Violation"));

        ObjectNode violation = JSON.objectNode();
        violation.put("type", "object");
        violation.put("description", "One broken rule: where (`path`, a parameter's name), what was given (`value`) and what is expected (`rule`).");
        violation.putArray("required").add("path").add("rule");
        ObjectNode fields = violation.putObject("properties");
        fields.putObject("path").put("type", "string");
        fields.putObject("value").put("type", "string");
        fields.putObject("rule").put("type", "string");
        Map<String, ObjectNode> schemas = new LinkedHashMap<>();
        schemas.put("ApiError", error);
        schemas.put("Violation", violation);
        return schemas;
    }

    private static ObjectNode securityScheme()
    {
        return JSON.objectNode()
                .put("type", "http")
                .put("scheme", "bearer")
                .put("description", """
                        A token of yours: a personal token (`mesh_...`, from `./mesh login`, `./mesh tokens create` or \
                        `POST /v1/tokens`), a JWT of the service's OpenID Connect issuer, or a service token. Reads run in \
                        Trino as the token's user. A missing, unknown, expired or revoked token is refused with 401.""");
    }

    private static ObjectNode query(String name, String description)
    {
        return JSON.objectNode()
                .put("name", name)
                .put("in", "query")
                .put("description", description);
    }

    private static ObjectNode reference(String target)
    {
        return JSON.objectNode().put("$ref", target);
    }

    private static List<String> columnNames(Dataset contract)
    {
        return contract.columns().stream().map(Column::name).toList();
    }

    private static boolean isTime(ContractType type)
    {
        return type.kind() == ContractType.Kind.DATE || type.kind() == ContractType.Kind.TIMESTAMP || type.kind() == ContractType.Kind.TIMESTAMP_TZ;
    }

    /** {@code monthly_net_revenue} as a type name: {@code MonthlyNetRevenue}; anything but letters and digits is a word break. */
    static String typeName(String name)
    {
        StringBuilder type = new StringBuilder();
        boolean upper = true;
        for (char c : name.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128) {
                type.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
            else {
                upper = true;
            }
        }
        if (type.isEmpty() || !Character.isLetter(type.charAt(0))) {
            type.insert(0, "Dataset");
        }
        return type.toString();
    }

    private static String firstLine(String text)
    {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 199) + "…" : line;
    }
}
