package dev.trinomesh.api.governance;

import com.google.common.collect.ImmutableSet;
import dev.trinomesh.api.governance.GovernedDataset.ColumnMask;
import dev.trinomesh.api.governance.GovernedDataset.Deny;
import dev.trinomesh.api.governance.GovernedDataset.RowFilter;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.DatasetVariant;
import dev.trinomesh.api.model.GovernanceSnapshot;
import dev.trinomesh.api.model.Pipeline;
import dev.trinomesh.api.model.Policy;
import dev.trinomesh.api.model.PolicyRule;
import dev.trinomesh.api.model.PolicyScope;
import dev.trinomesh.api.policy.ExpressionTemplate;
import dev.trinomesh.api.policy.ExpressionTemplate.Attribute;
import dev.trinomesh.api.policy.ExpressionTemplate.Groups;
import dev.trinomesh.api.policy.ExpressionTemplate.MaskedColumn;
import dev.trinomesh.api.policy.ExpressionTemplate.User;
import dev.trinomesh.api.policy.SqlLiterals;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * A governance snapshot compiled for decisions: every rule resolved to the datasets and columns it
 * reaches, products indexed by schema and by lake namespace. Immutable; a new snapshot makes a new one.
 */
public final class CompiledGovernance
{
    private final long revision;
    private final Set<String> admins;
    private final Map<String, GovernedProduct> products;
    private final Map<String, GovernedProduct> productsByNamespace;
    private final Map<String, Map<String, String>> userAttributes;
    private final Map<String, Set<String>> pipelineUpstreams;

    private CompiledGovernance(long revision, Set<String> admins, Map<String, GovernedProduct> products, Map<String, Map<String, String>> userAttributes,
            Map<String, Set<String>> pipelineUpstreams)
    {
        this.revision = revision;
        this.admins = Set.copyOf(admins);
        this.products = Map.copyOf(products);
        Map<String, GovernedProduct> byNamespace = new HashMap<>();
        products.values().forEach(product -> byNamespace.put(product.lakeNamespace(), product));
        this.productsByNamespace = Map.copyOf(byNamespace);
        this.userAttributes = Map.copyOf(userAttributes);
        this.pipelineUpstreams = Map.copyOf(pipelineUpstreams);
    }

    public static CompiledGovernance compile(GovernanceSnapshot snapshot, Collection<String> admins)
    {
        Map<String, DataProduct> descriptors = new LinkedHashMap<>();
        Map<String, Map<String, GovernedDataset>> datasets = new HashMap<>();
        for (DataProduct product : snapshot.products()) {
            descriptors.put(product.name(), product);
            Map<String, GovernedDataset> productDatasets = new LinkedHashMap<>();
            for (Dataset dataset : product.spec().datasets()) {
                productDatasets.put(dataset.name(), readable(product, dataset.name()));
            }
            datasets.put(product.name(), productDatasets);
        }
        // A variant (a previous major's dataset, a release) is governed as the dataset it stands for, over its own columns.
        Map<String, List<DatasetVariant>> variants = new HashMap<>();
        for (DatasetVariant variant : snapshot.variants()) {
            DataProduct product = descriptors.get(variant.product());
            if (product != null) {
                // A variant never takes a dataset's place (the registry refuses such names; this keeps it so).
                if (datasets.get(product.name()).putIfAbsent(variant.table(), readable(product, variant.table())) == null) {
                    variants.computeIfAbsent(product.name(), _ -> new ArrayList<>()).add(variant);
                }
            }
        }
        // Precedence: global guardrails first, then domain policies; within a scope by name.
        List<Policy> policies = snapshot.policies().stream()
                .sorted(Comparator.comparingInt((Policy policy) -> policy.scope() == PolicyScope.GLOBAL ? 0 : 1).thenComparing(Policy::name))
                .toList();
        for (Policy policy : policies) {
            List<PolicyRule> rules = policy.spec().rules();
            for (int index = 0; index < rules.size(); index++) {
                PolicyRule rule = rules.get(index);
                RuleSource source = new RuleSource(policy.name(), policy.scope(), index);
                // One audience (and template) per rule, shared by every dataset it reaches.
                CompiledRule compiled = CompiledRule.of(rule, source);
                for (DataProduct product : targetProducts(policy, rule, descriptors)) {
                    for (Dataset dataset : product.spec().datasets()) {
                        if (rule.datasets().isEmpty() || rule.datasets().contains(dataset.name())) {
                            compiled.applyTo(dataset, datasets.get(product.name()).get(dataset.name()));
                        }
                    }
                    for (DatasetVariant variant : variants.getOrDefault(product.name(), List.of())) {
                        if (rule.datasets().isEmpty() || rule.datasets().contains(variant.dataset())) {
                            compiled.applyTo(variant.definition(), datasets.get(product.name()).get(variant.table()));
                        }
                    }
                }
            }
        }
        Map<String, GovernedProduct> products = new HashMap<>();
        descriptors.values().forEach(product -> products.put(product.name(), GovernedProduct.of(product, datasets.get(product.name()))));
        // A pipeline of a product governance does not know (retired, or unknown) has nothing to run as.
        Map<String, Set<String>> pipelineUpstreams = new HashMap<>();
        snapshot.pipelineUpstreams().forEach((product, upstreams) -> {
            if (products.containsKey(product)) {
                pipelineUpstreams.put(product, Set.copyOf(upstreams));
            }
        });
        return new CompiledGovernance(snapshot.revision(), Set.copyOf(admins), products, snapshot.userAttributes(), pipelineUpstreams);
    }

    /** A table of {@code product}, read by its consumers and its owner until policies say more. */
    private static GovernedDataset readable(DataProduct product, String table)
    {
        GovernedDataset governed = new GovernedDataset(product.name(), table);
        governed.addReaders(product.spec().access().consumers());
        governed.addReaders(List.of(product.metadata().owner()));
        return governed;
    }

    /** A domain policy reaches only its domain's products, whatever it names: the scope is enforced here too. */
    private static List<DataProduct> targetProducts(Policy policy, PolicyRule rule, Map<String, DataProduct> products)
    {
        Stream<DataProduct> candidates = rule.productName().map(name -> Stream.ofNullable(products.get(name))).orElseGet(() -> products.values().stream());
        if (policy.scope() == PolicyScope.DOMAIN) {
            candidates = candidates.filter(product -> product.metadata().domain().equals(policy.metadata().domain()));
        }
        return candidates.toList();
    }

    public long revision()
    {
        return revision;
    }

    public Subject subject(String user, Set<String> groups)
    {
        Optional<String> pipelineOf = Pipeline.productOfPrincipal(user);
        if (pipelineOf.isPresent()) {
            return pipelineSubject(user, pipelineOf.orElseThrow());
        }
        ImmutableSet.Builder<String> principals = ImmutableSet.builder();
        principals.add("user:" + user);
        for (String group : groups) {
            principals.add("group:" + group);
        }
        if (user.startsWith("product:")) {
            principals.add(user);
            GovernedProduct product = products.get(user.substring("product:".length()));
            if (product != null) {
                principals.add(product.owner());
            }
        }
        Set<String> held = principals.build();
        return new Subject(user, groups, held, isAdmin(held, admins));
    }

    /**
     * A pipeline reads as its product's view identity does, so that the consumer rules that let the product read
     * let its pipeline read. Groups a group provider might give it are ignored (its rights are its product's alone),
     * and it is never an admin, even when its product's owner is one.
     */
    private Subject pipelineSubject(String user, String productName)
    {
        ImmutableSet.Builder<String> principals = ImmutableSet.builder();
        principals.add("user:" + user);
        principals.add(user);
        GovernedProduct product = products.get(productName);
        if (product != null) {
            principals.add(product.viewPrincipal());
            principals.add(product.owner());
        }
        return new Subject(user, Set.of(), principals.build(), false, Optional.of(productName));
    }

    public static boolean isAdmin(Set<String> principals, Set<String> admins)
    {
        for (String admin : admins) {
            if (principals.contains(admin)) {
                return true;
            }
        }
        return false;
    }

    /** A product served in the mesh catalog (published or deprecated) by its schema name. */
    public Optional<GovernedProduct> servedProduct(String schema)
    {
        return Optional.ofNullable(products.get(schema)).filter(GovernedProduct::served);
    }

    /** The product that owns a lake namespace, whatever its status (owners prepare tables before publishing). */
    public Optional<GovernedProduct> namespaceOwner(String namespace)
    {
        return Optional.ofNullable(productsByNamespace.get(namespace));
    }

    public Collection<GovernedProduct> products()
    {
        return products.values();
    }

    /**
     * The upstream products the active pipelines of {@code product} declare, which its pipeline principal may read
     * (as their consumer rules allow); empty when the product has no active pipeline.
     */
    public Optional<Set<String>> pipelineUpstreams(String product)
    {
        return Optional.ofNullable(pipelineUpstreams.get(product));
    }

    /** A pipeline owns its own product only, though its product's owner may own others. */
    public boolean owns(Subject subject, GovernedProduct product)
    {
        if (subject.pipelineOf().isPresent()) {
            return subject.pipelineOf().orElseThrow().equals(product.name());
        }
        return subject.principals().contains(product.owner());
    }

    /** Whether {@code subject} may read the dataset, and if not, why (naming the deny policy when there is one). */
    public Decision canRead(Subject subject, GovernedDataset dataset)
    {
        if (subject.admin()) {
            return Decision.ALLOW;
        }
        if (!inPipelineScope(subject, dataset.product())) {
            String own = subject.pipelineOf().orElseThrow();
            return Decision.deny("%s, the pipeline of product '%s', reads only its product and the upstream products its pipeline declares; declare '%s' in the pipeline's spec.upstream"
                    .formatted(subject.user(), own, dataset.product()));
        }
        for (Deny deny : dataset.denies()) {
            if (deny.audience().includes(subject)) {
                return Decision.deny("denied by " + deny.source());
            }
        }
        if (subject.isAny(dataset.readers())) {
            return Decision.ALLOW;
        }
        if (subject.pipelineOf().isPresent()) {
            String own = subject.pipelineOf().orElseThrow();
            return Decision.deny("%s, the pipeline of product '%s', reads as its product, which is not a consumer of product '%s' (ask its owner %s to add product:%s to access.consumers, or a governance policy to grant access)"
                    .formatted(subject.user(), own, dataset.product(), products.get(dataset.product()).owner(), own));
        }
        return Decision.deny("%s is not a consumer of product '%s' (ask its owner %s to add you to access.consumers, or a governance policy to grant access)"
                .formatted(subject.user(), dataset.product(), products.get(dataset.product()).owner()));
    }

    /** {@link #canRead} without the explanation, for listings: the (few) readers are looked at first. */
    public boolean readable(Subject subject, GovernedDataset dataset)
    {
        if (subject.admin()) {
            return true;
        }
        if (!subject.isAny(dataset.readers()) || !inPipelineScope(subject, dataset.product())) {
            return false;
        }
        for (Deny deny : dataset.denies()) {
            if (deny.audience().includes(subject)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code product} is one a pipeline subject may read at all (any other subject: every product). */
    private boolean inPipelineScope(Subject subject, String product)
    {
        if (subject.pipelineOf().isEmpty()) {
            return true;
        }
        String own = subject.pipelineOf().orElseThrow();
        return own.equals(product) || pipelineUpstreams.getOrDefault(own, Set.of()).contains(product);
    }

    public boolean canReadAny(Subject subject, GovernedProduct product)
    {
        for (GovernedDataset dataset : product.datasets().values()) {
            if (readable(subject, dataset)) {
                return true;
            }
        }
        return false;
    }

    /** The row filters for {@code subject}, bound to its values; all of them apply. */
    public List<BoundExpression> rowFilters(Subject subject, GovernedDataset dataset)
    {
        if (subject.admin() || dataset.rowFilters().isEmpty()) {
            return List.of();
        }
        List<BoundExpression> filters = new ArrayList<>(dataset.rowFilters().size());
        for (RowFilter filter : dataset.rowFilters()) {
            if (filter.audience().includes(subject)) {
                filters.add(new BoundExpression(filter.source(), filter.expression().bind(placeholder -> bind(placeholder, subject, null))));
            }
        }
        return filters;
    }

    /**
     * The mask of each column that has one for {@code subject}: the first applicable rule in precedence
     * order, so a domain rule can never lift a global one. {@code types} maps column names to SQL types.
     */
    public Map<String, BoundExpression> columnMasks(Subject subject, GovernedDataset dataset, Map<String, String> types)
    {
        if (subject.admin() || !dataset.hasMasks()) {
            return Map.of();
        }
        Map<String, BoundExpression> masks = new HashMap<>();
        types.forEach((column, type) -> {
            for (ColumnMask mask : dataset.masks(column)) {
                if (mask.audience().includes(subject)) {
                    String sql = mask.preset()
                            .map(preset -> MaskSql.preset(preset, SqlLiterals.identifier(column), type))
                            .orElseGet(() -> MaskSql.expression(mask.expression().orElseThrow().bind(placeholder -> bind(placeholder, subject, column)), type));
                    masks.put(column, new BoundExpression(mask.source(), sql));
                    return;
                }
            }
        });
        return masks;
    }

    private String bind(ExpressionTemplate.Placeholder placeholder, Subject subject, String maskedColumn)
    {
        return switch (placeholder) {
            case User _ -> SqlLiterals.varchar(subject.user());
            case Groups _ -> SqlLiterals.varcharArray(subject.groups());
            case Attribute attribute -> SqlLiterals.varchar(userAttributes.getOrDefault(subject.user(), Map.of()).get(attribute.name()));
            case MaskedColumn _ -> {
                requireNonNull(maskedColumn, "${column} outside a column mask");
                yield SqlLiterals.identifier(maskedColumn);
            }
        };
    }

    public record Decision(boolean allowed, String reason)
    {
        static final Decision ALLOW = new Decision(true, null);

        static Decision deny(String reason)
        {
            return new Decision(false, reason);
        }
    }

    public record BoundExpression(RuleSource source, String sql) {}
}
