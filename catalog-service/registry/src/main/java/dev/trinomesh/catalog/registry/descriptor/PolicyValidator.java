package dev.trinomesh.catalog.registry.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.Policy;
import dev.trinomesh.api.model.PolicyRule;
import dev.trinomesh.api.model.PolicyRule.Mask;
import dev.trinomesh.api.model.PolicyScope;
import dev.trinomesh.api.model.ProductStatus;
import dev.trinomesh.api.model.Violation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.trinomesh.catalog.registry.descriptor.Names.COLUMN;
import static dev.trinomesh.catalog.registry.descriptor.Names.COLUMN_RULE;
import static dev.trinomesh.catalog.registry.descriptor.Names.DOMAIN;
import static dev.trinomesh.catalog.registry.descriptor.Names.DOMAIN_RULE;
import static dev.trinomesh.catalog.registry.descriptor.Names.IDENTIFIER;
import static dev.trinomesh.catalog.registry.descriptor.Names.IDENTIFIER_RULE;
import static dev.trinomesh.catalog.registry.descriptor.Names.PRINCIPAL;
import static dev.trinomesh.catalog.registry.descriptor.Names.PRINCIPAL_RULE;
import static dev.trinomesh.catalog.registry.descriptor.Names.TAG;
import static dev.trinomesh.catalog.registry.descriptor.Names.TAG_RULE;

/**
 * Checks a policy document: its form, and that every rule targets products, datasets and columns that
 * exist within the policy's scope, with expressions that parse as Trino SQL and read real columns.
 * Reports every problem at once, each with its field path, value and rule.
 */
public final class PolicyValidator
{
    private static final Pattern ANY = Pattern.compile("(?s).+");
    private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec");
    private static final Set<String> METADATA_FIELDS = Set.of("name", "scope", "domain", "description");
    private static final Set<String> SPEC_FIELDS = Set.of("rules");
    private static final Set<String> RULE_FIELDS = Set.of("type", "product", "datasets", "columns", "classification", "principals", "except", "mask", "expression", "description");

    /** What the registry holds, as far as a policy can refer to it. */
    public interface Registry
    {
        Optional<DataProduct> product(String name);

        boolean domainExists(String name);
    }

    private PolicyValidator() {}

    public static List<Violation> validate(JsonNode document, Registry registry)
    {
        List<Violation> violations = new ArrayList<>();
        Fields.object(document, "", ROOT_FIELDS, violations).ifPresent(root -> {
            root.requiredText("apiVersion", Pattern.compile(Pattern.quote(DataProduct.API_VERSION)), "must be '%s'".formatted(DataProduct.API_VERSION));
            root.requiredText("kind", Pattern.compile(Pattern.quote(Policy.KIND)), "must be '%s'".formatted(Policy.KIND));
            Optional<Scope> scope = Fields.object(root.get("metadata"), "metadata", METADATA_FIELDS, violations)
                    .flatMap(metadata -> checkMetadata(metadata, registry));
            Fields.object(root.get("spec"), "spec", SPEC_FIELDS, violations).ifPresent(spec ->
                    spec.eachElement("rules", true, element -> Fields.object(element.node(), element.path(), RULE_FIELDS, violations)
                            .ifPresent(rule -> checkRule(rule, scope, registry))));
        });
        return violations;
    }

    private record Scope(PolicyScope scope, Optional<String> domain) {}

    private static Optional<Scope> checkMetadata(Fields metadata, Registry registry)
    {
        metadata.requiredText("name", IDENTIFIER, IDENTIFIER_RULE);
        metadata.optionalText("description");
        Optional<String> domain = metadata.optionalText("domain", DOMAIN, DOMAIN_RULE);
        Optional<PolicyScope> scope = metadata.requiredText("scope", ANY, "must be global or domain").flatMap(value -> {
            Optional<PolicyScope> parsed = PolicyScope.parse(value);
            if (parsed.isEmpty()) {
                metadata.violation("scope", metadata.get("scope"), "must be global (a guardrail for every product, written by governance admins) or domain (written by a domain's owners)");
            }
            return parsed;
        });
        if (scope.isEmpty()) {
            return Optional.empty();
        }
        if (scope.orElseThrow() == PolicyScope.GLOBAL && metadata.has("domain")) {
            metadata.violation("domain", metadata.get("domain"), "a global policy has no domain; remove it, or make the scope domain");
        }
        if (scope.orElseThrow() == PolicyScope.DOMAIN) {
            if (!metadata.has("domain")) {
                metadata.violation("domain", null, "is required for a domain policy: the domain whose products it governs");
            }
            else if (domain.isPresent() && !registry.domainExists(domain.orElseThrow())) {
                metadata.violation("domain", metadata.get("domain"), "no such domain");
            }
        }
        return Optional.of(new Scope(scope.orElseThrow(), domain));
    }

    private static void checkRule(Fields rule, Optional<Scope> scope, Registry registry)
    {
        Optional<PolicyRule.Type> type = rule.requiredText("type", ANY, "must be one of " + PolicyRule.Type.allWireNames()).flatMap(value -> {
            Optional<PolicyRule.Type> parsed = PolicyRule.Type.parse(value);
            if (parsed.isEmpty()) {
                rule.violation("type", rule.get("type"), "must be one of " + PolicyRule.Type.allWireNames());
            }
            return parsed;
        });
        rule.optionalText("description");
        Optional<DataProduct> product = rule.optionalText("product", IDENTIFIER, IDENTIFIER_RULE).flatMap(name -> targetProduct(rule, name, scope, registry));
        List<String> datasetNames = rule.textList("datasets", IDENTIFIER, IDENTIFIER_RULE);
        List<String> columns = rule.textList("columns", COLUMN, COLUMN_RULE);
        List<String> classification = rule.textList("classification", TAG, TAG_RULE);
        List<String> principals = rule.textList("principals", PRINCIPAL, PRINCIPAL_RULE);
        rule.textList("except", PRINCIPAL, PRINCIPAL_RULE);
        Optional<String> expression = rule.optionalText("expression", ANY, "must not be empty");
        Optional<String> mask = rule.optionalText("mask");
        if (!datasetNames.isEmpty() && !rule.has("product")) {
            rule.violation("datasets", rule.get("datasets"), "datasets belong to a product: name it in 'product'");
        }
        List<Dataset> datasets = product.map(found -> targetDatasets(rule, found, datasetNames)).orElse(List.of());
        if (type.isEmpty()) {
            return;
        }
        switch (type.orElseThrow()) {
            case ACCESS -> {
                forbid(rule, type.orElseThrow(), "columns", "classification", "mask", "expression", "except");
                if (principals.isEmpty()) {
                    rule.violation("principals", rule.get("principals"), "an access rule must name the principals it lets read the target, e.g. [group:analysts]");
                }
            }
            case DENY -> forbid(rule, type.orElseThrow(), "columns", "classification", "mask", "expression");
            case ROW_FILTER -> {
                forbid(rule, type.orElseThrow(), "columns", "classification", "mask");
                if (!rule.has("product")) {
                    rule.violation("product", null, "a row filter reads columns, so it must name the product (and optionally the datasets) it filters");
                }
                if (!rule.has("expression")) {
                    rule.violation("expression", null, "a row filter needs a boolean SQL expression, e.g. region = ${user.region}");
                }
                expression.ifPresent(text -> checkExpression(rule, text, false, datasets, true));
            }
            case COLUMN_MASK -> {
                if (rule.has("columns") == rule.has("classification")) {
                    rule.violation("", null, "a column mask names either 'columns' (of one product) or 'classification' (tags on columns of any product in scope), not both and not neither");
                }
                if (rule.has("columns") && !rule.has("product")) {
                    rule.violation("columns", rule.get("columns"), "columns belong to a product: name it in 'product' (or mask by 'classification')");
                }
                if (rule.has("mask") == rule.has("expression")) {
                    rule.violation("", null, "a column mask needs either 'mask' (%s) or 'expression' (SQL using ${column}), not both".formatted(Mask.allWireNames()));
                }
                mask.ifPresent(value -> {
                    if (Mask.parse(value).isEmpty()) {
                        rule.violation("mask", rule.get("mask"), "must be one of " + Mask.allWireNames() + ", or use 'expression' for your own");
                    }
                });
                checkMaskedColumns(rule, columns, datasets);
                expression.ifPresent(text -> checkExpression(rule, text, true, datasets, !columns.isEmpty()));
                if (!classification.isEmpty() && product.isPresent() && datasets.stream().flatMap(dataset -> dataset.columns().stream())
                        .noneMatch(column -> column.classification().stream().anyMatch(classification::contains))) {
                    rule.violation("classification", rule.get("classification"), "no column of the targeted datasets has this classification");
                }
            }
        }
    }

    private static Optional<DataProduct> targetProduct(Fields rule, String name, Optional<Scope> scope, Registry registry)
    {
        Optional<DataProduct> product = registry.product(name);
        if (product.isEmpty()) {
            rule.violation("product", rule.get("product"), "no such product");
            return Optional.empty();
        }
        if (product.orElseThrow().metadata().status() == ProductStatus.RETIRED) {
            rule.violation("product", rule.get("product"), "the product is retired");
            return Optional.empty();
        }
        Optional<String> domain = scope.flatMap(Scope::domain);
        if (scope.isPresent() && scope.orElseThrow().scope() == PolicyScope.DOMAIN && domain.isPresent() && !product.orElseThrow().metadata().domain().equals(domain.orElseThrow())) {
            rule.violation("product", rule.get("product"), "belongs to domain '%s'; a policy of domain '%s' can only govern that domain's products (a global policy can govern any)"
                    .formatted(product.orElseThrow().metadata().domain(), domain.orElseThrow()));
            return Optional.empty();
        }
        return product;
    }

    private static List<Dataset> targetDatasets(Fields rule, DataProduct product, List<String> names)
    {
        if (names.isEmpty()) {
            return product.spec().datasets();
        }
        List<Dataset> datasets = new ArrayList<>();
        for (String name : names) {
            product.spec().dataset(name).ifPresentOrElse(datasets::add, () -> rule.violation("datasets", rule.get("datasets"),
                    "product '%s' has no dataset '%s'; it has: %s".formatted(product.name(), name, String.join(", ", product.spec().datasets().stream().map(Dataset::name).toList()))));
        }
        return datasets;
    }

    private static void checkMaskedColumns(Fields rule, List<String> columns, List<Dataset> datasets)
    {
        for (String column : columns) {
            if (!datasets.isEmpty() && datasets.stream().noneMatch(dataset -> hasColumn(dataset, column))) {
                rule.violation("columns", rule.get("columns"), "no targeted dataset has a column '%s'".formatted(column));
            }
        }
    }

    /**
     * Checks an expression; with {@code datasetColumns} the columns it reads must exist in every targeted
     * dataset (a row filter, or a mask of named columns), without them it may read no column but the masked one.
     */
    private static void checkExpression(Fields rule, String text, boolean mask, List<Dataset> datasets, boolean datasetColumns)
    {
        PolicyExpressions.Result result = PolicyExpressions.check(text, mask);
        if (!result.ok()) {
            rule.violation("expression", rule.get("expression"), result.problem());
            return;
        }
        for (String column : result.columns()) {
            if (!datasetColumns) {
                rule.violation("expression", rule.get("expression"), "reads column '%s', but a mask by classification applies to columns of many datasets: use ${column} for the masked column and no other".formatted(column));
                continue;
            }
            for (Dataset dataset : datasets) {
                if (!hasColumn(dataset, column)) {
                    rule.violation("expression", rule.get("expression"), "reads column '%s', which dataset '%s' does not have; its columns: %s"
                            .formatted(column, dataset.name(), String.join(", ", dataset.columns().stream().map(Column::name).toList())));
                }
            }
        }
    }

    private static boolean hasColumn(Dataset dataset, String column)
    {
        return dataset.columns().stream().anyMatch(candidate -> candidate.name().equals(column));
    }

    private static void forbid(Fields rule, PolicyRule.Type type, String... fields)
    {
        for (String field : fields) {
            if (rule.has(field)) {
                rule.violation(field, rule.get(field), "has no meaning in a %s rule".formatted(type.wireName()));
            }
        }
    }
}
