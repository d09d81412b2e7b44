package dev.trinomesh.api.lineage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The part of the OpenLineage model (spec 2-0-2) that the mesh writes and reads: run events with job,
 * run, inputs and outputs, the standard {@code schema}, {@code columnLineage}, {@code sql},
 * {@code errorMessage} and statistics facets, and two mesh facets ({@code meshQuery} on the run,
 * {@code meshAccess} on an input) for usage and audit. Facets of other producers are ignored when read.
 */
public final class OpenLineage
{
    public static final String SPEC = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
    public static final String SCHEMA_FACET = "https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet";
    public static final String COLUMN_LINEAGE_FACET = "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet";
    public static final String SQL_FACET = "https://openlineage.io/spec/facets/1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet";
    public static final String ERROR_FACET = "https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet";
    public static final String INPUT_STATISTICS_FACET = "https://openlineage.io/spec/facets/1-0-0/InputStatisticsInputDatasetFacet.json#/$defs/InputStatisticsInputDatasetFacet";
    public static final String OUTPUT_STATISTICS_FACET = "https://openlineage.io/spec/facets/1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet";
    /** The mesh's own facets; docs/architecture.md (Lineage) describes their fields. */
    public static final String MESH_QUERY_FACET = "urn:trino-mesh:openlineage:MeshQueryRunFacet:1";
    public static final String MESH_ACCESS_FACET = "urn:trino-mesh:openlineage:MeshAccessDatasetFacet:1";

    private OpenLineage() {}

    /** Deterministic run id of a Trino query, so that a replayed event is recognised as the same run. */
    public static UUID runId(String namespace, String queryId)
    {
        return UUID.nameUUIDFromBytes((namespace + "/" + queryId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RunEvent(
            String eventType,
            Instant eventTime,
            String producer,
            String schemaURL,
            Run run,
            Job job,
            List<InputDataset> inputs,
            List<OutputDataset> outputs)
    {
        public RunEvent
        {
            inputs = inputs == null ? List.of() : List.copyOf(inputs);
            outputs = outputs == null ? List.of() : List.copyOf(outputs);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Run(UUID runId, RunFacets facets) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RunFacets(MeshQueryFacet meshQuery, ErrorMessageFacet errorMessage) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Job(String namespace, String name, JobFacets facets) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record JobFacets(SqlFacet sql) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record InputDataset(String namespace, String name, DatasetFacets facets, InputFacets inputFacets) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OutputDataset(String namespace, String name, DatasetFacets facets, OutputFacets outputFacets) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DatasetFacets(SchemaFacet schema, ColumnLineageFacet columnLineage, MeshAccessFacet meshAccess) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record InputFacets(StatisticsFacet inputStatistics) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OutputFacets(StatisticsFacet outputStatistics) {}

    /** {@code schema}: the columns of a dataset (for an input, the columns the query referenced). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SchemaFacet(
            @JsonProperty("_producer") String producer,
            @JsonProperty("_schemaURL") String schemaUrl,
            List<SchemaField> fields) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SchemaField(String name, String type) {}

    /** {@code columnLineage}: for each output column, the input columns its values come from. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ColumnLineageFacet(
            @JsonProperty("_producer") String producer,
            @JsonProperty("_schemaURL") String schemaUrl,
            Map<String, ColumnLineageField> fields,
            List<InputField> dataset) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ColumnLineageField(List<InputField> inputFields) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record InputField(String namespace, String name, String field, List<Transformation> transformations) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Transformation(String type, String subtype, String description, Boolean masking) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SqlFacet(
            @JsonProperty("_producer") String producer,
            @JsonProperty("_schemaURL") String schemaUrl,
            String query,
            String dialect) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ErrorMessageFacet(
            @JsonProperty("_producer") String producer,
            @JsonProperty("_schemaURL") String schemaUrl,
            String message,
            String programmingLanguage) {}

    /** {@code inputStatistics} / {@code outputStatistics}: rows and bytes read or written. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StatisticsFacet(
            @JsonProperty("_producer") String producer,
            @JsonProperty("_schemaURL") String schemaUrl,
            Long rowCount,
            Long size) {}

    /** {@code meshQuery}: who ran the query, how, and what it cost; the basis of usage and audit. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MeshQueryFacet(
            @JsonProperty("_producer") String producer,
            @JsonProperty("_schemaURL") String schemaUrl,
            String queryId,
            String user,
            Set<String> groups,
            String source,
            String clientInfo,
            String queryType,
            String updateType,
            String state,
            String errorCode,
            Instant createTime,
            Instant executionStartTime,
            Instant endTime,
            Long wallMillis,
            Long cpuMillis,
            Long physicalInputRows,
            Long physicalInputBytes,
            Long outputRows,
            Long writtenRows,
            String impersonator,
            String door)
    {
        public MeshQueryFacet
        {
            requireNonNull(queryId, "queryId is null");
            requireNonNull(user, "user is null");
            groups = groups == null ? Set.of() : Set.copyOf(groups);
        }
    }

    /**
     * {@code meshAccess}: how an input was reached and what governance did to it: whether the query named it
     * or reached it through views ({@code via}, innermost first), and the row filters and column masks applied.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MeshAccessFacet(
            @JsonProperty("_producer") String producer,
            @JsonProperty("_schemaURL") String schemaUrl,
            boolean directlyReferenced,
            List<String> via,
            List<String> rowFilters,
            List<ColumnMask> columnMasks)
    {
        public MeshAccessFacet
        {
            via = via == null ? List.of() : List.copyOf(via);
            rowFilters = rowFilters == null ? List.of() : List.copyOf(rowFilters);
            columnMasks = columnMasks == null ? List.of() : List.copyOf(columnMasks);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ColumnMask(String column, String expression) {}
}
