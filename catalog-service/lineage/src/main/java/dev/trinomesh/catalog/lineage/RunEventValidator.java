package dev.trinomesh.catalog.lineage;

import dev.trinomesh.api.lineage.Door;
import dev.trinomesh.api.lineage.OpenLineage.ColumnLineageFacet;
import dev.trinomesh.api.lineage.OpenLineage.ColumnLineageField;
import dev.trinomesh.api.lineage.OpenLineage.DatasetFacets;
import dev.trinomesh.api.lineage.OpenLineage.InputDataset;
import dev.trinomesh.api.lineage.OpenLineage.InputField;
import dev.trinomesh.api.lineage.OpenLineage.MeshAccessFacet;
import dev.trinomesh.api.lineage.OpenLineage.MeshQueryFacet;
import dev.trinomesh.api.lineage.OpenLineage.OutputDataset;
import dev.trinomesh.api.lineage.OpenLineage.RunEvent;
import dev.trinomesh.api.lineage.OpenLineage.SchemaField;
import dev.trinomesh.api.model.Violation;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules a run event must meet to be stored; every broken one is reported with its path (prefixed with the
 * event's index in a batch), the value given and what is expected. Facets the store does not use are not checked.
 */
final class RunEventValidator
{
    // Paths are built by concatenation, not String.format: every field of every event is checked on the hot path.
    static final Set<String> EVENT_TYPES = Set.of("START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER");
    static final int MAX_NAME_LENGTH = 1024;
    static final int MAX_USER_LENGTH = 256;

    private RunEventValidator() {}

    static void validate(RunEvent event, String prefix, List<Violation> violations)
    {
        if (event.eventType() != null && !EVENT_TYPES.contains(event.eventType())) {
            violations.add(new Violation(prefix + "eventType", event.eventType(), "must be one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER (upper case), or be left out"));
        }
        if (event.eventTime() == null) {
            violations.add(new Violation(prefix + "eventTime", null, "is required: when the event happened, as an ISO-8601 date-time with offset such as 2025-06-01T12:00:00.000Z"));
        }
        if (event.run() == null || event.run().runId() == null) {
            violations.add(new Violation(prefix + "run.runId", null, "is required: the run's UUID, the same in every event of one run"));
        }
        if (event.run() != null && event.run().facets() != null && event.run().facets().meshQuery() != null) {
            MeshQueryFacet query = event.run().facets().meshQuery();
            checkName(query.queryId(), prefix + "run.facets.meshQuery.queryId", MAX_USER_LENGTH, "the query's id", violations);
            checkName(query.user(), prefix + "run.facets.meshQuery.user", MAX_USER_LENGTH, "who ran the query", violations);
            if (query.impersonator() != null) {
                checkName(query.impersonator(), prefix + "run.facets.meshQuery.impersonator", MAX_USER_LENGTH, "who ran the query for its user", violations);
            }
            if (query.door() != null && Arrays.stream(Door.values()).map(Door::wireName).noneMatch(query.door()::equals)) {
                violations.add(new Violation(prefix + "run.facets.meshQuery.door", query.door(), "must be one of %s".formatted(
                        Arrays.stream(Door.values()).map(Door::wireName).collect(Collectors.joining(", ")))));
            }
        }
        if (event.job() == null) {
            violations.add(new Violation(prefix + "job", null, "is required: the job's namespace and name"));
        }
        else {
            checkName(event.job().namespace(), prefix + "job.namespace", MAX_NAME_LENGTH, "the namespace of the job", violations);
            checkName(event.job().name(), prefix + "job.name", MAX_NAME_LENGTH, "the name of the job", violations);
        }
        for (int i = 0; i < event.inputs().size(); i++) {
            InputDataset input = event.inputs().get(i);
            String path = prefix + "inputs[" + i + "].";
            checkDataset(input.namespace(), input.name(), path, violations);
            checkInputFacets(input.facets(), path + "facets.", violations);
        }
        for (int i = 0; i < event.outputs().size(); i++) {
            OutputDataset output = event.outputs().get(i);
            String path = prefix + "outputs[" + i + "].";
            checkDataset(output.namespace(), output.name(), path, violations);
            if (output.facets() != null && output.facets().columnLineage() != null) {
                checkColumnLineage(output.facets().columnLineage(), path + "facets.columnLineage.", violations);
            }
        }
    }

    private static void checkInputFacets(DatasetFacets facets, String path, List<Violation> violations)
    {
        if (facets == null) {
            return;
        }
        if (facets.schema() != null && facets.schema().fields() != null) {
            List<SchemaField> fields = facets.schema().fields();
            for (int i = 0; i < fields.size(); i++) {
                String fieldPath = path + "schema.fields[" + i + "]";
                if (fields.get(i) == null) {
                    violations.add(new Violation(fieldPath, null, "must be a field object with a name"));
                }
                else {
                    checkName(fields.get(i).name(), fieldPath + ".name", MAX_NAME_LENGTH, "the column's name", violations);
                }
            }
        }
        MeshAccessFacet access = facets.meshAccess();
        if (access != null) {
            for (int i = 0; i < access.via().size(); i++) {
                checkName(access.via().get(i), path + "meshAccess.via[" + i + "]", MAX_NAME_LENGTH, "a view's name, catalog.schema.table", violations);
            }
        }
    }

    private static void checkColumnLineage(ColumnLineageFacet facet, String path, List<Violation> violations)
    {
        if (facet.fields() != null) {
            for (Map.Entry<String, ColumnLineageField> field : facet.fields().entrySet()) {
                String fieldPath = path + "fields." + field.getKey();
                checkName(field.getKey(), fieldPath, MAX_NAME_LENGTH, "the output column's name", violations);
                if (field.getValue() != null) {
                    checkInputFields(field.getValue().inputFields(), fieldPath + ".inputFields", violations);
                }
            }
        }
        checkInputFields(facet.dataset(), path + "dataset", violations);
    }

    private static void checkInputFields(List<InputField> inputFields, String path, List<Violation> violations)
    {
        if (inputFields == null) {
            return;
        }
        for (int i = 0; i < inputFields.size(); i++) {
            InputField field = inputFields.get(i);
            String fieldPath = path + "[" + i + "].";
            if (field == null) {
                violations.add(new Violation(path + "[" + i + "]", null, "must be an input field object (namespace, name, field)"));
                continue;
            }
            checkDataset(field.namespace(), field.name(), fieldPath, violations);
            checkName(field.field(), fieldPath + "field", MAX_NAME_LENGTH, "the input column's name", violations);
        }
    }

    private static void checkDataset(String namespace, String name, String path, List<Violation> violations)
    {
        checkName(namespace, path + "namespace", MAX_NAME_LENGTH, "the dataset's namespace (for Trino, the listener's namespace, such as trino)", violations);
        checkName(name, path + "name", MAX_NAME_LENGTH, "the dataset's name (for Trino, catalog.schema.table)", violations);
    }

    private static void checkName(String value, String path, int maxLength, String what, List<Violation> violations)
    {
        if (value == null || value.isBlank()) {
            violations.add(new Violation(path, value, "is required: " + what));
        }
        else if (value.length() > maxLength) {
            violations.add(new Violation(path, value.substring(0, 64) + "…", "is longer than %s characters".formatted(maxLength)));
        }
    }
}
