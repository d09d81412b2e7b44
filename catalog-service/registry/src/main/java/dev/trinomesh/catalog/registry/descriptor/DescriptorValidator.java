package dev.trinomesh.catalog.registry.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.DomainDescriptor;
import dev.trinomesh.api.model.ProductStatus;
import dev.trinomesh.api.model.Violation;
import io.trino.sql.parser.ParsingException;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.Query;
import io.trino.sql.tree.Statement;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static dev.trinomesh.catalog.registry.descriptor.Names.COLUMN;
import static dev.trinomesh.catalog.registry.descriptor.Names.COLUMN_RULE;
import static dev.trinomesh.catalog.registry.descriptor.Names.DOMAIN;
import static dev.trinomesh.catalog.registry.descriptor.Names.DOMAIN_RULE;
import static dev.trinomesh.catalog.registry.descriptor.Names.DURATION;
import static dev.trinomesh.catalog.registry.descriptor.Names.DURATION_RULE;
import static dev.trinomesh.catalog.registry.descriptor.Names.IDENTIFIER;
import static dev.trinomesh.catalog.registry.descriptor.Names.IDENTIFIER_RULE;
import static dev.trinomesh.catalog.registry.descriptor.Names.OWNER;
import static dev.trinomesh.catalog.registry.descriptor.Names.OWNER_RULE;
import static dev.trinomesh.catalog.registry.descriptor.Names.PRINCIPAL;
import static dev.trinomesh.catalog.registry.descriptor.Names.PRINCIPAL_RULE;
import static dev.trinomesh.catalog.registry.descriptor.Names.QUALIFIED_TABLE;
import static dev.trinomesh.catalog.registry.descriptor.Names.QUALIFIED_TABLE_RULE;
import static dev.trinomesh.catalog.registry.descriptor.Names.RESERVED_SCHEMAS;
import static dev.trinomesh.catalog.registry.descriptor.Names.TAG;
import static dev.trinomesh.catalog.registry.descriptor.Names.TAG_RULE;

/**
 * Checks a descriptor document against every rule of the contract format and reports all violations
 * at once, each with its field path, the offending value and the rule. Only a document without
 * violations is bound to the model.
 */
public final class DescriptorValidator
{
    private static final SqlParser SQL_PARSER = new SqlParser();
    private static final Pattern ANY = Pattern.compile("(?s).+");

    private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec");
    private static final Set<String> METADATA_FIELDS = Set.of("name", "domain", "owner", "version", "status", "description", "tags");
    private static final Set<String> SPEC_FIELDS = Set.of("datasets", "access", "lake", "checks", "previousMajor");
    private static final Set<String> PREVIOUS_MAJOR_FIELDS = Set.of("until");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Set<String> CHECKS_FIELDS = Set.of("every", "afterCommit");
    private static final Set<String> LAKE_FIELDS = Set.of("namespace");
    private static final Set<String> DATASET_FIELDS = Set.of("name", "description", "owner", "metric", "source", "columns", "freshness", "quality");
    private static final Set<String> SOURCE_FIELDS = Set.of("table", "sql");
    private static final Set<String> COLUMN_FIELDS = Set.of("name", "type", "required", "unique", "description", "classification");
    private static final Set<String> FRESHNESS_FIELDS = Set.of("column", "maxAge");
    private static final Set<String> ACCESS_FIELDS = Set.of("consumers");
    private static final Set<String> DOMAIN_METADATA_FIELDS = Set.of("name", "owner", "description");

    private DescriptorValidator() {}

    public static List<Violation> validateProduct(JsonNode document)
    {
        List<Violation> violations = new ArrayList<>();
        Fields.object(document, "", ROOT_FIELDS, violations).ifPresent(root -> {
            checkHeader(root, DataProduct.KIND);
            Fields.object(root.get("metadata"), "metadata", METADATA_FIELDS, violations).ifPresent(DescriptorValidator::checkMetadata);
            Fields.object(root.get("spec"), "spec", SPEC_FIELDS, violations).ifPresent(DescriptorValidator::checkSpec);
        });
        return violations;
    }

    public static List<Violation> validateDomain(JsonNode document)
    {
        List<Violation> violations = new ArrayList<>();
        Fields.object(document, "", ROOT_FIELDS, violations).ifPresent(root -> {
            checkHeader(root, DomainDescriptor.KIND);
            if (root.has("spec")) {
                root.violation("spec", root.get("spec"), "a Domain has no spec");
            }
            Fields.object(root.get("metadata"), "metadata", DOMAIN_METADATA_FIELDS, violations).ifPresent(metadata -> {
                metadata.requiredText("name", DOMAIN, DOMAIN_RULE);
                metadata.optionalText("owner", OWNER, OWNER_RULE);
                metadata.optionalText("description");
            });
        });
        return violations;
    }

    private static void checkHeader(Fields root, String kind)
    {
        root.requiredText("apiVersion", Pattern.compile(Pattern.quote(DataProduct.API_VERSION)), "must be '%s'".formatted(DataProduct.API_VERSION));
        root.requiredText("kind", Pattern.compile(Pattern.quote(kind)), "must be '%s'".formatted(kind));
    }

    private static void checkMetadata(Fields metadata)
    {
        metadata.requiredText("name", IDENTIFIER, IDENTIFIER_RULE + "; it becomes the product's schema name").ifPresent(name -> {
            if (RESERVED_SCHEMAS.contains(name)) {
                metadata.violation("name", metadata.get("name"), "is reserved by the mesh catalog; reserved names: " + String.join(", ", RESERVED_SCHEMAS.stream().sorted().toList()));
            }
        });
        metadata.requiredText("domain", DOMAIN, DOMAIN_RULE);
        metadata.requiredText("owner", OWNER, OWNER_RULE);
        metadata.requiredText("version", ANY, "must be a semantic version MAJOR.MINOR.PATCH such as 1.0.0").ifPresent(version -> {
            if (SemanticVersion.parse(version).isEmpty()) {
                metadata.violation("version", metadata.get("version"), "must be a semantic version MAJOR.MINOR.PATCH such as 1.0.0 (see semver.org)");
            }
        });
        metadata.optionalText("status").ifPresent(status -> {
            if (ProductStatus.parse(status).isEmpty()) {
                metadata.violation("status", metadata.get("status"), "must be one of " + ProductStatus.allWireNames());
            }
        });
        metadata.optionalText("description");
        metadata.textList("tags", TAG, TAG_RULE);
    }

    private static void checkSpec(Fields spec)
    {
        Set<String> datasetNames = new HashSet<>();
        spec.eachElement("datasets", true, element ->
                Fields.object(element.node(), element.path(), DATASET_FIELDS, spec.violations()).ifPresent(dataset -> checkDataset(dataset, datasetNames)));
        if (spec.has("lake")) {
            Fields.object(spec.get("lake"), spec.path("lake"), LAKE_FIELDS, spec.violations())
                    .ifPresent(lake -> lake.optionalText("namespace", IDENTIFIER, IDENTIFIER_RULE + "; it names the product's Iceberg namespace"));
        }
        if (spec.has("access")) {
            Fields.object(spec.get("access"), spec.path("access"), ACCESS_FIELDS, spec.violations())
                    .ifPresent(access -> access.textList("consumers", PRINCIPAL, PRINCIPAL_RULE));
        }
        if (spec.has("previousMajor")) {
            Fields.object(spec.get("previousMajor"), spec.path("previousMajor"), PREVIOUS_MAJOR_FIELDS, spec.violations()).ifPresent(previous ->
                    previous.requiredText("until", ANY, "must be the last day the previous major is served, as YYYY-MM-DD").ifPresent(until -> {
                        if (!DATE.matcher(until).matches() || parseDate(until).isEmpty()) {
                            previous.violation("until", previous.get("until"), "must be a date YYYY-MM-DD such as 2027-03-31: the last day the previous major's datasets are served");
                        }
                    }));
        }
        if (spec.has("checks")) {
            Fields.object(spec.get("checks"), spec.path("checks"), CHECKS_FIELDS, spec.violations()).ifPresent(checks -> {
                checks.optionalText("every", DURATION, DURATION_RULE + "; the quality checks then run that often");
                checks.optionalBoolean("afterCommit");
            });
        }
    }

    private static Optional<LocalDate> parseDate(String text)
    {
        try {
            return Optional.of(LocalDate.parse(text));
        }
        catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static void checkDataset(Fields dataset, Set<String> datasetNames)
    {
        dataset.requiredText("name", IDENTIFIER, IDENTIFIER_RULE + "; it becomes the table name").ifPresent(name -> {
            if (!datasetNames.add(name)) {
                dataset.violation("name", dataset.get("name"), "duplicate dataset name; each dataset of a product needs its own name");
            }
        });
        dataset.optionalText("description");
        dataset.optionalText("owner", OWNER, OWNER_RULE + "; who answers for this dataset instead of the product's owner (it grants no access: the product's consumers read it)");
        if (!dataset.has("source")) {
            dataset.violation("source", null, "is required: {table: catalog.schema.table} or {sql: SELECT ...}");
        }
        else {
            Fields.object(dataset.get("source"), dataset.path("source"), SOURCE_FIELDS, dataset.violations()).ifPresent(DescriptorValidator::checkSource);
        }

        Map<String, String> columnTypes = new LinkedHashMap<>();
        dataset.eachElement("columns", true, element ->
                Fields.object(element.node(), element.path(), COLUMN_FIELDS, dataset.violations()).ifPresent(column -> checkColumn(column, columnTypes)));
        if (dataset.has("metric")) {
            Metrics.validate(dataset, columnTypes);
        }

        if (dataset.has("freshness")) {
            Fields.object(dataset.get("freshness"), dataset.path("freshness"), FRESHNESS_FIELDS, dataset.violations()).ifPresent(freshness -> {
                freshness.optionalText("column").ifPresent(column -> checkTemporalColumn(freshness, "column", column, columnTypes));
                freshness.requiredText("maxAge", DURATION, DURATION_RULE);
            });
        }
        Set<String> checkNames = new HashSet<>();
        dataset.eachElement("quality", false, element -> QualityChecks.validate(element, columnTypes, dataset.has("freshness"), checkNames, dataset.violations()));
    }

    private static void checkSource(Fields source)
    {
        if (source.has("table") == source.has("sql")) {
            source.violation("", null, "exactly one of 'table' and 'sql' must be set");
            return;
        }
        source.optionalText("table", QUALIFIED_TABLE, QUALIFIED_TABLE_RULE);
        source.optionalText("sql").ifPresent(sql -> {
            try {
                Statement statement = SQL_PARSER.createStatement(sql);
                if (!(statement instanceof Query)) {
                    source.violation("sql", source.get("sql"), "must be a query (SELECT, WITH, VALUES or TABLE), not " + statement.getClass().getSimpleName());
                }
            }
            catch (ParsingException e) {
                source.violation("sql", source.get("sql"), "is not valid Trino SQL: line %s:%s: %s".formatted(e.getLineNumber(), e.getColumnNumber(), e.getErrorMessage()));
            }
        });
    }

    private static void checkColumn(Fields column, Map<String, String> columnTypes)
    {
        Optional<String> name = column.requiredText("name", COLUMN, COLUMN_RULE);
        Optional<String> type = column.requiredText("type", ANY, "must be a Trino type such as bigint, varchar or decimal(12,2)");
        type.ifPresent(value -> TrinoTypes.check(value).ifPresent(problem -> column.violation("type", column.get("type"), problem)));
        column.optionalBoolean("required");
        column.optionalBoolean("unique");
        column.optionalText("description");
        column.textList("classification", TAG, TAG_RULE);
        name.ifPresent(value -> {
            if (columnTypes.containsKey(value)) {
                column.violation("name", column.get("name"), "duplicate column name; each column of a dataset needs its own name");
            }
            columnTypes.put(value, type.orElse("").toLowerCase(Locale.ROOT));
        });
    }

    static void checkTemporalColumn(Fields fields, String field, String column, Map<String, String> columnTypes)
    {
        String type = columnTypes.get(column);
        if (type == null) {
            fields.violation(field, fields.get(field), "names no column of this dataset; columns: " + String.join(", ", columnTypes.keySet()));
        }
        else if (!type.startsWith("timestamp") && !type.equals("date")) {
            fields.violation(field, fields.get(field), "must name a date or timestamp column, but %s is %s".formatted(column, type));
        }
    }

    static Optional<String> checkRegex(String pattern)
    {
        try {
            Pattern.compile(pattern);
            return Optional.empty();
        }
        catch (PatternSyntaxException e) {
            return Optional.of("is not a valid regular expression: " + e.getDescription());
        }
    }
}
