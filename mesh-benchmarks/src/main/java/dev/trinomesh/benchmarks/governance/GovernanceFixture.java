package dev.trinomesh.benchmarks.governance;

import com.google.common.collect.ImmutableList;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.model.Access;
import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.DatasetSource;
import dev.trinomesh.api.model.GovernanceSnapshot;
import dev.trinomesh.api.model.Policy;
import dev.trinomesh.api.model.PolicyRule;
import dev.trinomesh.api.model.PolicyScope;
import dev.trinomesh.api.model.ProductMetadata;
import dev.trinomesh.api.model.ProductSpec;
import dev.trinomesh.api.model.ProductStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A mesh for governance benchmarks: PRODUCTS products of DATASETS datasets of 8 columns, 1,000 policies
 * (10 global guardrails, a domain policy per product with a row filter and a grant), and the same
 * decisions as Trino file-based rules, so that both access controls can be measured side by side.
 */
public final class GovernanceFixture
{
    public static final int GLOBAL_POLICIES = 10;
    public static final int POLICIES = 1_000;
    public static final String USER = "alice";
    public static final List<String> USER_GROUPS = List.of("analysts", "staff");
    public static final String REGION = "EUROPE";

    private final int products;
    private final int datasets;

    public GovernanceFixture(int products, int datasets)
    {
        this.products = products;
        this.datasets = datasets;
    }

    public static String product(int index)
    {
        return "p%04d".formatted(index);
    }

    public static String dataset(int index)
    {
        return "ds%d".formatted(index);
    }

    public int products()
    {
        return products;
    }

    public int datasets()
    {
        return datasets;
    }

    public static List<Column> columns()
    {
        return List.of(
                new Column("id", "bigint", true, true, "Key", List.of()),
                new Column("region", "varchar", false, false, "Region", List.of()),
                new Column("name", "varchar", false, false, "Name", List.of("pii")),
                new Column("email", "varchar", false, false, "Email", List.of("pii", "contact")),
                new Column("amount", "double", false, false, "Amount", List.of("confidential")),
                new Column("status", "varchar", false, false, "Status", List.of()),
                new Column("created", "date", false, false, "Created", List.of()),
                new Column("note", "varchar", false, false, "Note", List.of()));
    }

    public List<DataProduct> descriptors()
    {
        List<DataProduct> descriptors = new ArrayList<>(products);
        for (int p = 0; p < products; p++) {
            List<Dataset> productDatasets = new ArrayList<>();
            for (int d = 0; d < datasets; d++) {
                productDatasets.add(new Dataset(dataset(d), "Dataset " + d, new DatasetSource("tpch.tiny.orders", null), columns(), null, List.of()));
            }
            List<String> consumers = p % 2 == 0 ? List.of("group:analysts", "group:finance") : List.of("group:finance");
            descriptors.add(new DataProduct(DataProduct.API_VERSION, DataProduct.KIND,
                    new ProductMetadata(product(p), "d%02d".formatted(p % 50), "group:team_%02d".formatted(p % 50), "1.0.0", ProductStatus.PUBLISHED, "Product " + p, List.of()),
                    new ProductSpec(productDatasets, new Access(consumers))));
        }
        return descriptors;
    }

    public List<Policy> policies()
    {
        List<Policy> policies = new ArrayList<>(POLICIES);
        policies.add(policy("pii_hashed", PolicyScope.GLOBAL, null, List.of(
                rule(PolicyRule.Type.COLUMN_MASK, null, List.of(), List.of("pii"), List.of(), List.of("group:pii-readers"), PolicyRule.Mask.HASH, null))));
        for (int g = 1; g < GLOBAL_POLICIES; g++) {
            policies.add(policy("guardrail_%02d".formatted(g), PolicyScope.GLOBAL, null, List.of(
                    rule(PolicyRule.Type.DENY, null, List.of(), List.of(), List.of("group:contractors_%02d".formatted(g)), List.of(), null, null))));
        }
        for (int p = 0; policies.size() < POLICIES; p++) {
            String product = product(p % products);
            policies.add(policy("rules_%04d".formatted(p), PolicyScope.DOMAIN, "d%02d".formatted(p % products % 50), List.of(
                    rule(PolicyRule.Type.ROW_FILTER, product, List.of(), List.of(), List.of("group:analysts"), List.of("group:auditors"), null, "region = ${user.region}"),
                    rule(PolicyRule.Type.ACCESS, product, List.of(), List.of(), List.of("group:partners_%04d".formatted(p)), List.of(), null, null))));
        }
        return policies;
    }

    public GovernanceSnapshot snapshot()
    {
        return new GovernanceSnapshot(1, descriptors(), List.of(), policies(), Map.of(USER, Map.of("region", REGION)));
    }

    /**
     * Trino file-based rules making the same decisions for the benchmark's user: the guardrails' denies
     * first, then per product who may select, its row filter and its pii masks (first match wins).
     */
    public String fileBasedRules()
    {
        ImmutableList.Builder<Map<String, Object>> tables = ImmutableList.builder();
        tables.add(Map.of("group", "interns|contractors_.*", "privileges", List.of()));
        List<Map<String, String>> masks = List.of(
                Map.of("name", "name", "mask", "to_hex(sha256(to_utf8(name)))"),
                Map.of("name", "email", "mask", "to_hex(sha256(to_utf8(email)))"));
        for (int p = 0; p < products; p++) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("group", p % 2 == 0 ? "analysts|finance|partners_%04d".formatted(p) : "finance|partners_%04d".formatted(p));
            rule.put("catalog", "mesh");
            rule.put("schema", product(p));
            rule.put("privileges", List.of("SELECT"));
            rule.put("filter", "region = 'EUROPE'");
            rule.put("columns", masks);
            tables.add(rule);
        }
        tables.add(Map.of("catalog", "mesh", "schema", "information_schema|metadata", "privileges", List.of("SELECT")));
        Map<String, Object> rules = new LinkedHashMap<>();
        rules.put("catalogs", List.of(Map.of("allow", "all")));
        rules.put("schemas", List.of(Map.of("owner", false)));
        rules.put("tables", tables.build());
        return DescriptorDocuments.toJson(rules);
    }

    private static Policy policy(String name, PolicyScope scope, String domain, List<PolicyRule> rules)
    {
        return new Policy(DataProduct.API_VERSION, Policy.KIND, new Policy.Metadata(name, scope, domain, null), new Policy.Spec(rules));
    }

    private static PolicyRule rule(PolicyRule.Type type, String product, List<String> columns, List<String> classification, List<String> principals, List<String> exempt, PolicyRule.Mask mask, String expression)
    {
        return new PolicyRule(type, product, List.of(), columns, classification, principals, exempt, mask, expression, null);
    }
}
