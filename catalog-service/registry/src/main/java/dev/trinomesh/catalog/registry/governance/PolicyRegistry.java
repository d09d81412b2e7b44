package dev.trinomesh.catalog.registry.governance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.model.ApplyResult.Outcome;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.DatasetVariant;
import dev.trinomesh.api.model.DomainInfo;
import dev.trinomesh.api.model.GovernanceSnapshot;
import dev.trinomesh.api.model.Policy;
import dev.trinomesh.api.model.PolicyApplyResult;
import dev.trinomesh.api.model.PolicyRecord;
import dev.trinomesh.api.model.PolicyScope;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.model.ProductStatus;
import dev.trinomesh.api.model.Violation;
import dev.trinomesh.catalog.core.RevisionCache;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.core.http.EntityTag;
import dev.trinomesh.catalog.identity.api.AuditLog;
import dev.trinomesh.catalog.identity.api.Caller;
import dev.trinomesh.catalog.identity.api.Callers;
import dev.trinomesh.catalog.registry.DescriptorChecks;
import dev.trinomesh.catalog.registry.DescriptorText;
import dev.trinomesh.catalog.registry.RegistryStore;
import dev.trinomesh.catalog.registry.ServedVariants;
import dev.trinomesh.catalog.registry.api.ServedReleases;
import dev.trinomesh.catalog.registry.api.Viewer;
import dev.trinomesh.catalog.registry.api.Visibility;
import dev.trinomesh.catalog.registry.descriptor.PolicyValidator;
import dev.trinomesh.catalog.registry.pipeline.PipelineStore;
import dev.trinomesh.catalog.registry.revisions.ApplyPlan;
import dev.trinomesh.catalog.registry.revisions.IfMatch;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import static dev.trinomesh.catalog.registry.governance.PolicyStore.POLICIES;
import static java.time.temporal.ChronoUnit.MILLIS;
import static java.util.Locale.ENGLISH;
import static java.util.Objects.requireNonNull;

/**
 * Policies and user attributes: validated against the registry, authorized by scope (global policies by
 * governance admins, domain policies by the domain's owners), versioned, and served with the products
 * as one governance snapshot. Every write is one transaction that advances the registry revision.
 */
public class PolicyRegistry
{
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final int MAX_ATTRIBUTE_LENGTH = 4096;

    private final Jdbi jdbi;
    private final Callers callers;
    private final ServedReleases releases;
    private final AuditLog audit;
    // A provider: visibility is decided on the governance this registry compiles.
    private final Provider<Visibility> visibility;
    private final Map<String, ProductRecord> productCache = new ConcurrentHashMap<>();
    private final RevisionCache<GovernanceSnapshot> snapshots = new RevisionCache<>();

    @Inject
    public PolicyRegistry(Jdbi jdbi, Callers callers, ServedReleases releases, AuditLog audit, Provider<Visibility> visibility)
    {
        this.visibility = requireNonNull(visibility, "visibility is null");
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.callers = requireNonNull(callers, "callers is null");
        this.releases = requireNonNull(releases, "releases is null");
        this.audit = requireNonNull(audit, "audit is null");
    }

    public PolicyApplyResult apply(String name, String text, Optional<EntityTag> ifMatch, boolean dryRun, String user)
    {
        Caller caller = callers.resolve(user);
        JsonNode document = DescriptorText.parse(text);
        // Decided before the transaction, which holds the registry's lock: deciding may read the registry.
        Viewer viewer = visibility.get().viewer(user);
        if (dryRun) {
            return jdbi.withHandle(handle -> plan(handle, name, document, ifMatch, caller, viewer).result(true, PolicyApplyResult::new));
        }
        return jdbi.inTransaction(handle -> {
            RegistryStore.lockRevision(handle);
            ApplyPlan<Policy, PolicyRecord> plan = plan(handle, name, document, ifMatch, caller, viewer);
            if (plan.outcome() != Outcome.UNCHANGED) {
                long registryRevision = RegistryStore.advanceRevision(handle);
                POLICIES.write(handle, plan.next(), registryRevision);
                audit.record(handle, user, "policy.apply", "policy:" + name, Map.of(
                        "revision", String.valueOf(plan.next().revision()),
                        "scope", plan.next().descriptor().scope().name().toLowerCase(ENGLISH),
                        "outcome", plan.outcome().name().toLowerCase(ENGLISH)));
            }
            return plan.result(false, PolicyApplyResult::new);
        });
    }

    /** Deactivates a policy; it stays in the history and can be applied again. */
    public PolicyRecord remove(String name, Optional<EntityTag> ifMatch, String user)
    {
        Caller caller = callers.resolve(user);
        // Decided before the transaction, which holds the registry's lock: deciding may read the registry.
        Viewer viewer = visibility.get().viewer(user);
        return jdbi.inTransaction(handle -> {
            RegistryStore.lockRevision(handle);
            // A policy the caller may not read is removed as one that does not exist; who may is decided before its revision is told.
            PolicyRecord current = POLICIES.find(handle, name, true)
                    .filter(PolicyRecord::active)
                    .filter(policy -> PolicyVisibility.canRead(viewer, policy.descriptor()))
                    .orElseThrow(() -> unknownPolicy(name));
            authorize(handle, caller, current.descriptor(), "remove");
            IfMatch.checkRemove("policy", current, ifMatch);
            PolicyRecord removed = new PolicyRecord(name, current.revision() + 1, false, Instant.now().truncatedTo(MILLIS), user, current.descriptor());
            long registryRevision = RegistryStore.advanceRevision(handle);
            POLICIES.write(handle, removed, registryRevision);
            audit.record(handle, user, "policy.remove", "policy:" + name, Map.of("revision", String.valueOf(removed.revision())));
            return removed;
        });
    }

    public PolicyRecord policy(String name)
    {
        return jdbi.withHandle(handle -> POLICIES.find(handle, name, false)).orElseThrow(() -> unknownPolicy(name));
    }

    public PolicyRecord revision(String name, int revision)
    {
        return jdbi.withHandle(handle -> POLICIES.findRevision(handle, name, revision)).orElseThrow(() -> unknownRevision(name, revision));
    }

    public List<PolicyRecord> history(String name)
    {
        List<PolicyRecord> revisions = jdbi.withHandle(handle -> POLICIES.revisions(handle, name));
        if (revisions.isEmpty()) {
            throw unknownPolicy(name);
        }
        return revisions;
    }

    public List<PolicyRecord> list(boolean includeRemoved)
    {
        return jdbi.withHandle(handle -> POLICIES.list(handle, !includeRemoved));
    }

    public Map<String, String> attributes(String user, String callerName)
    {
        Caller caller = callers.resolve(callerName);
        if (!caller.admin() && !caller.user().equals(user)) {
            throw ServiceException.forbidden("only governance admins and '%s' themselves may read the attributes of '%s'".formatted(user, user));
        }
        return jdbi.withHandle(handle -> PolicyStore.attributes(handle, user));
    }

    /** Replaces all attributes of {@code user}; only governance admins may, since row filters trust them. */
    public Map<String, String> replaceAttributes(String user, Map<String, String> attributes, String callerName)
    {
        Caller caller = callers.resolve(callerName);
        if (!caller.admin()) {
            throw ServiceException.forbidden("only governance admins may set user attributes: row filters and masks trust them (%s is not one; see governance.admins)".formatted(callerName));
        }
        checkAttributes(user, attributes);
        return jdbi.inTransaction(handle -> {
            RegistryStore.lockRevision(handle);
            if (PolicyStore.attributes(handle, user).equals(attributes)) {
                return attributes;
            }
            RegistryStore.advanceRevision(handle);
            PolicyStore.replaceAttributes(handle, user, attributes, Instant.now().truncatedTo(MILLIS), callerName);
            // Which attributes, not their values: the values may be personal.
            audit.record(handle, callerName, "user.attributes", "user:" + user, Map.of("attributes", String.join(",", new TreeSet<>(attributes.keySet()))));
            return PolicyStore.attributes(handle, user);
        });
    }

    /** Refuses callers that may not read the snapshot: it holds every user's attributes. */
    public void checkCanReadSnapshot(String callerName)
    {
        Caller caller = callers.resolve(callerName);
        if (!callers.isAdminOrSnapshotReader(caller)) {
            throw ServiceException.forbidden("the governance snapshot holds every user's attributes: only governance admins and the Trinos (governance.snapshot-readers) may read it, and %s is neither"
                    .formatted(callerName));
        }
    }

    /** Products, active policies, user attributes and pipeline upstreams; rebuilt only when the registry revision has moved. */
    public GovernanceSnapshot snapshot()
    {
        return jdbi.inTransaction(handle -> {
            // Read the revision first: a snapshot may then be newer than its tag, never older.
            long revision = RegistryStore.currentRevision(handle);
            return snapshots.get(revision, () -> {
                List<ProductRecord> records = currentProducts(handle).stream()
                        .filter(product -> product.status() != ProductStatus.RETIRED)
                        .toList();
                List<DataProduct> products = records.stream().map(ProductRecord::descriptor).toList();
                List<Policy> policies = POLICIES.list(handle, true).stream().map(PolicyRecord::descriptor).toList();
                // A retired product runs no pipelines, and its principal reads nothing.
                Map<String, List<String>> pipelineUpstreams = new TreeMap<>(PipelineStore.activeUpstreams(handle));
                pipelineUpstreams.keySet().retainAll(records.stream().map(ProductRecord::name).toList());
                return new GovernanceSnapshot(revision, products, ServedVariants.previousMajors(handle, records), policies, PolicyStore.allAttributes(handle), pipelineUpstreams);
            });
        });
    }

    /**
     * Every product at its current revision. Descriptors are cached by (name, revision), so a policy
     * change re-reads one small row per product rather than parsing every descriptor again.
     */
    private List<ProductRecord> currentProducts(Handle handle)
    {
        Map<String, Integer> revisions = RegistryStore.productRevisions(handle);
        productCache.keySet().retainAll(revisions.keySet());
        List<ProductRecord> products = new ArrayList<>(revisions.size());
        revisions.forEach((name, revision) -> {
            ProductRecord cached = productCache.get(name);
            if (cached == null || cached.revision() != revision) {
                cached = RegistryStore.findProduct(handle, name, false).orElseThrow();
                productCache.put(name, cached);
            }
            products.add(cached);
        });
        products.sort(Comparator.comparing(ProductRecord::name));
        return products;
    }

    public long revision()
    {
        return jdbi.withHandle(RegistryStore::currentRevision);
    }

    private ApplyPlan<Policy, PolicyRecord> plan(Handle handle, String name, JsonNode document, Optional<EntityTag> ifMatch, Caller caller, Viewer viewer)
    {
        // Who may write the scope named is decided before the rules are validated, so that someone who may not write it
        // is refused alike whatever products it names (validation answers as the author sees them).
        JsonNode metadata = document.path("metadata");
        PolicyScope.parse(metadata.path("scope").asText("")).ifPresent(scope -> {
            Optional<String> domain = Optional.of(metadata.path("domain").asText("")).filter(value -> !value.isBlank());
            if (scope == PolicyScope.GLOBAL || domain.filter(value -> RegistryStore.domainExists(handle, value)).isPresent()) {
                authorize(handle, caller, name, scope, domain, "write");
            }
        });
        List<Violation> violations = PolicyValidator.validate(document, new PolicyValidator.Registry()
        {
            @Override
            public Optional<DataProduct> product(String product)
            {
                // A product the author may not see is one that does not exist: its datasets and columns are not told.
                // With the names its previous major and releases serve, so that a policy can reach them after a rename.
                return RegistryStore.findProduct(handle, product, false).filter(record -> viewer.seesEverything() || viewer.canSee(record.name())).map(record -> {
                    List<DatasetVariant> variants = new ArrayList<>(ServedVariants.previousMajors(handle, List.of(record)));
                    releases.of(product).forEach(release -> variants.add(DatasetVariant.release(release)));
                    return ServedVariants.governable(record.descriptor(), variants);
                });
            }

            @Override
            public boolean domainExists(String domain)
            {
                return RegistryStore.domainExists(handle, domain);
            }
        });
        DescriptorChecks.checkValid("policy", name, violations);
        Policy policy = DescriptorDocuments.bind(document, Policy.class);
        DescriptorChecks.checkNamed("policy", name, policy.name());
        authorize(handle, caller, policy, "write");
        Optional<PolicyRecord> current = POLICIES.find(handle, name, true);
        if (current.isPresent()) {
            Policy existing = current.orElseThrow().descriptor();
            // Whoever replaces a policy must also have been allowed to write the one it replaces; decided before anything
            // of it is told, and without a word of it to someone who may not read it.
            if (!mayWrite(handle, caller, existing.scope(), Optional.ofNullable(existing.metadata().domain())) && !PolicyVisibility.canRead(viewer, existing)) {
                throw ServiceException.forbidden("policy '%s' exists, and only those who may write it and governance admins may replace it; %s is none of them (a new policy needs a name of its own)"
                        .formatted(name, caller.user()));
            }
            authorize(handle, caller, existing, "replace");
            IfMatch.checkReplace("policy", current.orElseThrow(), ifMatch);
        }
        return ApplyPlan.of(name, policy, current, caller.user(), PolicyRecord::new);
    }

    /** Global policies are the governance admins'; a domain's policies are its owners' (the domain's and its products'). */
    private static void authorize(Handle handle, Caller caller, Policy policy, String action)
    {
        authorize(handle, caller, policy.name(), policy.scope(), Optional.ofNullable(policy.metadata().domain()), action);
    }

    private static void authorize(Handle handle, Caller caller, String name, PolicyScope scope, Optional<String> policyDomain, String action)
    {
        if (caller.admin()) {
            return;
        }
        if (scope == PolicyScope.GLOBAL) {
            throw ServiceException.forbidden("only governance admins may %s global policy '%s'; %s is not one (see governance.admins)".formatted(action, name, caller.user()));
        }
        String domain = policyDomain.orElseThrow(() -> ServiceException.badRequest("domain policy '%s' names no domain: set metadata.domain".formatted(name)));
        if (!mayWrite(handle, caller, scope, policyDomain)) {
            throw ServiceException.forbidden("only the owners of domain '%s' (its owner and the owners of its products) and governance admins may %s its policy '%s'; %s is none of them"
                    .formatted(domain, action, name, caller.user()));
        }
    }

    /** Whether {@code caller} may write a policy of this scope: admins any, a domain's owners (its own and its products') its policies. */
    private static boolean mayWrite(Handle handle, Caller caller, PolicyScope scope, Optional<String> domain)
    {
        if (caller.admin()) {
            return true;
        }
        if (scope == PolicyScope.GLOBAL || domain.isEmpty()) {
            return false;
        }
        Optional<String> domainOwner = RegistryStore.domains(handle, domain).stream().findFirst().map(DomainInfo::owner);
        return caller.is(domainOwner.orElse(null)) || RegistryStore.productOwners(handle, domain.orElseThrow()).stream().anyMatch(caller::is);
    }

    private static void checkAttributes(String user, Map<String, String> attributes)
    {
        List<Violation> violations = new ArrayList<>();
        if (user.isBlank() || user.length() > 256) {
            violations.add(new Violation("user", user, "must be a user name of 1 to 256 characters"));
        }
        attributes.forEach((name, value) -> {
            if (!ATTRIBUTE_NAME.matcher(name).matches()) {
                violations.add(new Violation(name, value, "attribute names are lower case: a letter, then letters, digits or '_' (at most 64), as in ${user.region}"));
            }
            if (value == null) {
                violations.add(new Violation(name, null, "must be a string; remove the attribute instead of setting null"));
            }
            else if (value.length() > MAX_ATTRIBUTE_LENGTH) {
                violations.add(new Violation(name, value.substring(0, 50) + "…", "is longer than %s characters".formatted(MAX_ATTRIBUTE_LENGTH)));
            }
        });
        if (!violations.isEmpty()) {
            throw ServiceException.invalid("attributes of user '%s' are invalid".formatted(user), violations);
        }
    }

    public static ServiceException unknownPolicy(String name)
    {
        return ServiceException.notFound("no policy named '%s'".formatted(name));
    }

    public static ServiceException unknownRevision(String name, int revision)
    {
        return ServiceException.notFound("policy '%s' has no revision %s".formatted(name, revision));
    }
}
