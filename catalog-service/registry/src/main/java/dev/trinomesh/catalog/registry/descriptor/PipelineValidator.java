package dev.trinomesh.catalog.registry.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinomesh.api.model.CronSchedule;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.Pipeline;
import dev.trinomesh.api.model.ProductStatus;
import dev.trinomesh.api.model.QualifiedTableName;
import dev.trinomesh.api.model.Violation;
import dev.trinomesh.catalog.registry.api.PlannedStep;
import dev.trinomesh.catalog.registry.descriptor.PipelineSql.Analysis;
import dev.trinomesh.catalog.registry.descriptor.PipelineSql.TableName;
import io.airlift.units.Duration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.trinomesh.catalog.registry.descriptor.Names.DURATION;
import static dev.trinomesh.catalog.registry.descriptor.Names.DURATION_RULE;
import static dev.trinomesh.catalog.registry.descriptor.Names.IDENTIFIER;
import static dev.trinomesh.catalog.registry.descriptor.Names.IDENTIFIER_RULE;
import static dev.trinomesh.catalog.registry.descriptor.Names.RESERVED_SCHEMAS;

/**
 * Checks a pipeline document: its form, its product and upstream products (as the author sees the registry), its
 * trigger, and each step's SQL as Trino parses it: a statement that writes one table of the product's lake namespace
 * and reads other products only through the mesh catalog. Reports every problem at once, each with its field path,
 * value and rule, naming the step.
 */
public final class PipelineValidator
{
    /**
     * The mesh connector's catalog, through which steps read products. The registry has no setting for its name (the
     * data, lineage and portal areas each have their own, all {@code mesh} by default), so the name is fixed here.
     */
    public static final String MESH_CATALOG = "mesh";
    public static final Duration MIN_EVERY = Duration.valueOf("10s");
    public static final Duration MIN_TIMEOUT = Duration.valueOf("1s");
    public static final Duration MAX_TIMEOUT = Duration.valueOf("24h");
    public static final int MAX_RETRIES = 10;

    private static final Pattern ANY = Pattern.compile("(?s).*\\S.*");
    private static final Pattern DATASET_REFERENCE = Pattern.compile("[a-z][a-z0-9_]{0,127}\\.[a-z][a-z0-9_]{0,127}");
    private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec");
    private static final Set<String> METADATA_FIELDS = Set.of("name", "product", "description");
    private static final Set<String> SPEC_FIELDS = Set.of("upstream", "trigger", "steps", "timeout", "retries");
    private static final Set<String> TRIGGER_FIELDS = Set.of("every", "cron", "on");
    private static final Set<String> STEP_FIELDS = Set.of("name", "sql");

    /** What the registry holds, as far as a pipeline can refer to it. */
    public interface Registry
    {
        /** The product as the author may see it; empty when it does not exist or the author may not see it. */
        Optional<DataProduct> product(String name);
    }

    /** Every violation; without any, each step as it will run. */
    public record Result(List<Violation> violations, List<PlannedStep> steps)
    {
        public Result
        {
            violations = List.copyOf(violations);
            steps = List.copyOf(steps);
        }
    }

    private PipelineValidator() {}

    /** Checks {@code document} against {@code registry}, whose lake catalog is {@code lakeCatalog}. */
    public static Result validate(JsonNode document, Registry registry, String lakeCatalog)
    {
        List<Violation> violations = new ArrayList<>();
        List<PlannedStep> steps = new ArrayList<>();
        Fields.object(document, "", ROOT_FIELDS, violations).ifPresent(root -> {
            root.requiredText("apiVersion", Pattern.compile(Pattern.quote(DataProduct.API_VERSION)), "must be '%s'".formatted(DataProduct.API_VERSION));
            root.requiredText("kind", Pattern.compile(Pattern.quote(Pipeline.KIND)), "must be '%s'".formatted(Pipeline.KIND));
            Optional<DataProduct> product = Fields.object(root.get("metadata"), "metadata", METADATA_FIELDS, violations)
                    .flatMap(metadata -> checkMetadata(metadata, registry));
            Fields.object(root.get("spec"), "spec", SPEC_FIELDS, violations)
                    .ifPresent(spec -> new SpecCheck(spec, product, registry, lakeCatalog, steps).check());
        });
        return new Result(violations, violations.isEmpty() ? steps : List.of());
    }

    /** The steps of a pipeline the registry accepted, analysed again (for pipelines read from the store). */
    public static List<PlannedStep> plan(Pipeline pipeline)
    {
        List<PlannedStep> steps = new ArrayList<>();
        for (Pipeline.Step step : pipeline.spec().steps()) {
            Analysis analysis = PipelineSql.analyze(step.sql());
            if (analysis.problem().isPresent() || !analysis.target().orElseThrow().qualified()) {
                throw new IllegalArgumentException("step '%s' of pipeline '%s' %s".formatted(step.name(), pipeline.name(), analysis.problem().orElse("writes a table that is not fully qualified")));
            }
            steps.add(plannedStep(step.name(), analysis));
        }
        return steps;
    }

    private static Optional<DataProduct> checkMetadata(Fields metadata, Registry registry)
    {
        metadata.requiredText("name", IDENTIFIER, IDENTIFIER_RULE);
        metadata.optionalText("description");
        return metadata.requiredText("product", IDENTIFIER, IDENTIFIER_RULE).flatMap(name -> {
            Optional<DataProduct> product = registry.product(name);
            if (product.isEmpty()) {
                metadata.violation("product", metadata.get("product"), "no such product");
                return Optional.empty();
            }
            if (product.orElseThrow().metadata().status() == ProductStatus.RETIRED) {
                metadata.violation("product", metadata.get("product"), "the product is retired: a retired product runs no pipelines");
                return Optional.empty();
            }
            return product;
        });
    }

    private static PlannedStep plannedStep(String name, Analysis analysis)
    {
        TableName target = analysis.target().orElseThrow();
        Set<QualifiedTableName> reads = new LinkedHashSet<>();
        analysis.reads().stream().filter(TableName::qualified).forEach(table -> reads.add(qualified(table)));
        return new PlannedStep(name, analysis.sql(), analysis.kind().orElseThrow(), qualified(target), reads);
    }

    private static QualifiedTableName qualified(TableName table)
    {
        return new QualifiedTableName(table.catalog(), table.schema(), table.table());
    }

    private static String datasetNames(DataProduct product)
    {
        return String.join(", ", product.spec().datasets().stream().map(Dataset::name).toList());
    }

    /** The checks of {@code spec}, which depend on the product and on one another (the upstream products). */
    private static final class SpecCheck
    {
        private final Fields spec;
        private final Optional<DataProduct> product;
        private final Registry registry;
        private final String lakeCatalog;
        private final List<PlannedStep> steps;
        // Every product listed upstream, and those of them that exist, are visible and are not retired.
        private final Set<String> declaredUpstream = new LinkedHashSet<>();
        private final Map<String, DataProduct> upstream = new LinkedHashMap<>();

        SpecCheck(Fields spec, Optional<DataProduct> product, Registry registry, String lakeCatalog, List<PlannedStep> steps)
        {
            this.spec = spec;
            this.product = product;
            this.registry = registry;
            this.lakeCatalog = lakeCatalog;
            this.steps = steps;
        }

        void check()
        {
            checkUpstream();
            if (spec.has("trigger")) {
                Fields.object(spec.get("trigger"), spec.path("trigger"), TRIGGER_FIELDS, spec.violations()).ifPresent(this::checkTrigger);
            }
            spec.optionalText("timeout", DURATION, DURATION_RULE).ifPresent(text -> {
                Duration timeout = Duration.valueOf(text);
                if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
                    spec.violation("timeout", spec.get("timeout"), "must be from 1s to 24h: the time a run may take (each retry has as long again)");
                }
            });
            if (spec.has("retries")) {
                JsonNode retries = spec.get("retries");
                if (!retries.isIntegralNumber() || retries.asLong() < 0 || retries.asLong() > MAX_RETRIES) {
                    spec.violation("retries", retries, "must be a whole number from 0 to %s: how often a failed run is tried again".formatted(MAX_RETRIES));
                }
            }
            // Each element's name (null when it has none), in order.
            List<String> stepNames = new ArrayList<>();
            spec.eachElement("steps", true, element -> {
                int index = stepNames.size();
                stepNames.add(null);
                Fields.object(element.node(), element.path(), STEP_FIELDS, spec.violations()).ifPresent(step -> {
                    Optional<String> name = step.requiredText("name", IDENTIFIER, IDENTIFIER_RULE);
                    name.ifPresent(value -> {
                        if (stepNames.contains(value)) {
                            step.violation("name", step.get("name"), "is also the name of spec.steps[%s]; step names are unique within a pipeline".formatted(stepNames.indexOf(value)));
                        }
                        stepNames.set(index, value);
                    });
                    step.requiredText("sql", ANY, "must be the step's SQL statement (%s)".formatted(PipelineSql.KINDS))
                            .ifPresent(sql -> checkStep(step, name.orElse("#" + (index + 1)), sql));
                });
            });
        }

        private void checkUpstream()
        {
            JsonNode listed = spec.get("upstream");
            for (String name : list(spec, "upstream", IDENTIFIER, IDENTIFIER_RULE)) {
                String field = "upstream[%s]".formatted(indexOf(listed, name));
                JsonNode value = listed.get(indexOf(listed, name));
                declaredUpstream.add(name);
                if (product.isPresent() && product.orElseThrow().name().equals(name)) {
                    spec.violation(field, value, "is the pipeline's own product: its steps read its own tables without naming it upstream");
                    continue;
                }
                Optional<DataProduct> found = registry.product(name);
                if (found.isEmpty()) {
                    spec.violation(field, value, "no such product");
                }
                else if (found.orElseThrow().metadata().status() == ProductStatus.RETIRED) {
                    spec.violation(field, value, "the product is retired: a pipeline reads products that are served");
                }
                else {
                    upstream.put(name, found.orElseThrow());
                }
            }
        }

        private void checkTrigger(Fields trigger)
        {
            trigger.optionalText("every", DURATION, DURATION_RULE).ifPresent(text -> {
                if (Duration.valueOf(text).compareTo(MIN_EVERY) < 0) {
                    trigger.violation("every", trigger.get("every"), "must be at least 10s: runs start at most that often");
                }
            });
            trigger.optionalText("cron").ifPresent(text -> {
                try {
                    CronSchedule.parse(text);
                }
                catch (IllegalArgumentException e) {
                    trigger.violation("cron", trigger.get("cron"), "is not a cron schedule (minute hour day-of-month month day-of-week, in UTC): " + e.getMessage());
                }
            });
            JsonNode listed = trigger.get("on");
            for (String reference : list(trigger, "on", DATASET_REFERENCE, "must name a dataset as <product>.<dataset>, e.g. sales_orders.orders")) {
                String field = "on[%s]".formatted(indexOf(listed, reference));
                JsonNode value = listed.get(indexOf(listed, reference));
                String productName = reference.substring(0, reference.indexOf('.'));
                String datasetName = reference.substring(reference.indexOf('.') + 1);
                if (product.isPresent() && product.orElseThrow().name().equals(productName)) {
                    trigger.violation(field, value, "names the pipeline's own product '%s': its runs, writing its tables, would start one another; start it by other products' commits, every or cron"
                            .formatted(productName));
                    continue;
                }
                if (!declaredUpstream.contains(productName)) {
                    trigger.violation(field, value, "names product '%s', which is not in spec.upstream: a run is started only by commits of the products the pipeline reads; add it there"
                            .formatted(productName));
                    continue;
                }
                DataProduct source = upstream.get(productName);
                if (source == null) {
                    // Refused in spec.upstream already.
                    continue;
                }
                Optional<Dataset> dataset = source.spec().dataset(datasetName);
                if (dataset.isEmpty()) {
                    trigger.violation(field, value, "product '%s' has no dataset '%s'; it has: %s".formatted(productName, datasetName, datasetNames(source)));
                }
                else if (!dataset.orElseThrow().source().hasTable() || !QualifiedTableName.parse(dataset.orElseThrow().source().table()).catalog().equals(lakeCatalog)) {
                    trigger.violation(field, value, "dataset '%s' of product '%s' is not a table of the lake (catalog %s), so no commit of it can start a run; use every or cron"
                            .formatted(datasetName, productName, lakeCatalog));
                }
            }
        }

        private void checkStep(Fields step, String name, String sql)
        {
            Analysis analysis = PipelineSql.analyze(sql);
            if (analysis.problem().isPresent()) {
                step.violation("sql", step.get("sql"), "step '%s' %s".formatted(name, analysis.problem().orElseThrow()));
                return;
            }
            int before = spec.violations().size();
            TableName target = analysis.target().orElseThrow();
            String kind = analysis.kind().orElseThrow();
            Optional<String> namespace = product.map(DataProduct::lakeNamespace);
            String into = "%s.%s.<table>".formatted(lakeCatalog, namespace.orElse("<namespace>"));
            if (!target.qualified()) {
                step.violation("sql", step.get("sql"), "step '%s' writes table '%s' (%s), which is not fully qualified: write into %s".formatted(name, target.text(), kind, into));
            }
            else if (namespace.isPresent() && !(target.catalog().equals(lakeCatalog) && target.schema().equals(namespace.orElseThrow()))) {
                step.violation("sql", step.get("sql"), "step '%s' writes %s (%s), outside the lake namespace of product '%s': a step writes only into %s"
                        .formatted(name, target.text(), kind, product.orElseThrow().name(), into));
            }
            for (TableName function : analysis.functions()) {
                step.violation("sql", step.get("sql"), "step '%s' calls table function %s: a step reads tables only, named catalog.schema.table".formatted(name, function.text()));
            }
            for (TableName read : analysis.reads()) {
                checkRead(step, name, read, namespace);
            }
            if (spec.violations().size() == before && target.qualified()) {
                steps.add(plannedStep(name, analysis));
            }
        }

        private void checkRead(Fields step, String name, TableName read, Optional<String> namespace)
        {
            if (!read.qualified()) {
                step.violation("sql", step.get("sql"), "step '%s' reads table '%s', which is not fully qualified: name it catalog.schema.table (another product's dataset as %s.<product>.<dataset>)"
                        .formatted(name, read.text(), MESH_CATALOG));
                return;
            }
            if (read.catalog().equals(lakeCatalog)) {
                if (namespace.isPresent() && !read.schema().equals(namespace.orElseThrow())) {
                    step.violation("sql", step.get("sql"), "step '%s' reads lake table %s directly: read other products through the mesh catalog, as %s.<product>.<dataset> (in the lake, a step reads only %s.%s.<table>)"
                            .formatted(name, read.text(), MESH_CATALOG, lakeCatalog, namespace.orElseThrow()));
                }
                return;
            }
            if (!read.catalog().equals(MESH_CATALOG)) {
                // Other catalogs (TPC-H, federated databases) are governed by Trino's access control alone.
                return;
            }
            String productName = read.schema();
            if (RESERVED_SCHEMAS.contains(productName)) {
                step.violation("sql", step.get("sql"), "step '%s' reads %s, in the mesh catalog's %s schema: a step reads datasets only, as %s.<product>.<dataset>"
                        .formatted(name, read.text(), productName, MESH_CATALOG));
                return;
            }
            Optional<DataProduct> source = product.filter(own -> own.name().equals(productName)).or(() -> Optional.ofNullable(upstream.get(productName)));
            if (source.isEmpty()) {
                if (!declaredUpstream.contains(productName) && product.isPresent()) {
                    step.violation("sql", step.get("sql"), "step '%s' reads %s of product '%s', which is not in spec.upstream: list there every product the steps read"
                            .formatted(name, read.text(), productName));
                }
                return;
            }
            if (source.orElseThrow().spec().dataset(read.table()).isEmpty()) {
                step.violation("sql", step.get("sql"), "step '%s' reads %s, but product '%s' has no dataset '%s'; it has: %s"
                        .formatted(name, read.text(), productName, read.table(), datasetNames(source.orElseThrow())));
            }
        }

        /** A list of strings; unlike {@link Fields#textList}, a lone string is not taken for one. */
        private static List<String> list(Fields fields, String field, Pattern pattern, String rule)
        {
            if (fields.has(field) && !fields.get(field).isArray()) {
                fields.violation(field, fields.get(field), "must be a list, e.g. [a, b]");
                return List.of();
            }
            return fields.textList(field, pattern, rule);
        }

        private static int indexOf(JsonNode list, String value)
        {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).asText().equals(value)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
