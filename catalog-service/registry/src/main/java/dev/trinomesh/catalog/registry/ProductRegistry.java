package dev.trinomesh.catalog.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.model.ApplyResult;
import dev.trinomesh.api.model.ApplyResult.Outcome;
import dev.trinomesh.api.model.CatalogSnapshot;
import dev.trinomesh.api.model.ContractImpact;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.DescriptorChange;
import dev.trinomesh.api.model.DescriptorDiff;
import dev.trinomesh.api.model.DomainDescriptor;
import dev.trinomesh.api.model.DomainInfo;
import dev.trinomesh.api.model.PreviousMajor;
import dev.trinomesh.api.model.ProductPage;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.model.ProductStatus;
import dev.trinomesh.api.model.ProductSummary;
import dev.trinomesh.api.model.QualifiedTableName;
import dev.trinomesh.api.model.RevisionInfo;
import dev.trinomesh.api.model.VersionBump;
import dev.trinomesh.api.model.VersionCheck;
import dev.trinomesh.api.model.Violation;
import dev.trinomesh.catalog.core.RevisionCache;
import dev.trinomesh.catalog.core.ServiceConfig;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.core.http.EntityTag;
import dev.trinomesh.catalog.identity.api.Caller;
import dev.trinomesh.catalog.identity.api.Callers;
import dev.trinomesh.catalog.registry.access.AccessRequestStore;
import dev.trinomesh.catalog.registry.api.ProductCatalog;
import dev.trinomesh.catalog.registry.api.ProductHistory;
import dev.trinomesh.catalog.registry.api.Viewer;
import dev.trinomesh.catalog.registry.api.Visibility;
import dev.trinomesh.catalog.registry.descriptor.ContractChanges;
import dev.trinomesh.catalog.registry.descriptor.DescriptorDiffer;
import dev.trinomesh.catalog.registry.descriptor.DescriptorValidator;
import dev.trinomesh.catalog.registry.descriptor.SemanticVersion;
import dev.trinomesh.catalog.registry.descriptor.VersionRule;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

import static java.time.temporal.ChronoUnit.MILLIS;
import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.joining;

/**
 * The product registry: validates descriptors, keeps every revision, enforces the lifecycle and
 * optimistic concurrency, and serves the snapshot the mesh connector caches.
 * Each write is one transaction; writers are ordered by the registry revision row lock.
 */
public class ProductRegistry
        implements ProductCatalog, ProductHistory
{
    private final Jdbi jdbi;
    private final String lakeCatalog;
    private final Callers callers;
    // A provider: visibility is decided on what this registry serves.
    private final Provider<Visibility> visibility;
    private final AccessRequestStore accessRequests;
    private final RevisionCache<CatalogSnapshot> snapshots = new RevisionCache<>();

    @Inject
    public ProductRegistry(Jdbi jdbi, ServiceConfig config, Callers callers, Provider<Visibility> visibility, AccessRequestStore accessRequests)
    {
        this.accessRequests = requireNonNull(accessRequests, "accessRequests is null");
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.lakeCatalog = config.getLakeCatalog();
        this.callers = requireNonNull(callers, "callers is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
    }

    /** What an apply may do to a product that exists. */
    public enum Creation
    {
        /** Update it (with If-Match). */
        CREATE_OR_UPDATE,
        /** Refuse: the request creates products (POST), and this one exists (409). */
        CREATE_ONLY,
        /** Refuse: the request's If-None-Match: * does not hold (412). */
        IF_NONE_MATCH,
    }

    /**
     * Creates or updates product {@code name} from a YAML/JSON descriptor. An existing product is
     * only replaced when {@code ifMatch} names its current revision (or is {@code *}), and while it is
     * published or deprecated, only with a version that follows its changes ({@link VersionRule}).
     * A dry run reports a version the apply would refuse ({@link ApplyResult#versionCheck()}) instead of
     * refusing it, so that the changes that need the new version are shown.
     */
    public ApplyResult apply(String name, String text, Optional<EntityTag> ifMatch, Creation creation, boolean dryRun, String author)
    {
        DataProduct requested = parseProduct(name, text);
        // Decided before the transaction, which holds the registry's lock: deciding may read the registry.
        Viewer viewer = visibility.get().viewer(author);
        if (dryRun) {
            return jdbi.withHandle(handle -> plan(handle, requested, ifMatch, creation, author, viewer).result(true));
        }
        return jdbi.inTransaction(handle -> {
            RegistryStore.lockRevision(handle);
            Plan plan = plan(handle, requested, ifMatch, creation, author, viewer);
            plan.checkVersion();
            plan.write(handle);
            return plan.result(false);
        });
    }

    /** Moves a product along its lifecycle, as a new revision. */
    public ProductRecord changeStatus(String name, ProductStatus status, Optional<EntityTag> ifMatch, String author)
    {
        Viewer viewer = visibility.get().viewer(author);
        // A product the caller may not see is moved as one that does not exist.
        if (!viewer.canSee(name)) {
            throw unknownProduct(name);
        }
        return jdbi.inTransaction(handle -> {
            RegistryStore.lockRevision(handle);
            ProductRecord current = RegistryStore.findProduct(handle, name, true).orElseThrow(() -> unknownProduct(name));
            Plan plan = plan(handle, current.descriptor().withStatus(status), Optional.of(ifMatch.orElse(EntityTag.ANY)), Creation.CREATE_OR_UPDATE, author, viewer);
            plan.checkVersion();
            plan.write(handle);
            return plan.result(false).product();
        });
    }

    /**
     * Writes {@code updated}, a change of product {@code current} decided elsewhere (an approved access request), as its
     * next revision within the caller's transaction, which holds the registry's lock ({@link RegistryStore#lockRevision}):
     * refused as an apply by {@code author} would be, and recorded with {@code summary} as its change note.
     */
    public ApplyResult applyWithin(Handle handle, ProductRecord current, DataProduct updated, Viewer viewer, String author, String summary)
    {
        Plan plan = plan(handle, updated, Optional.of(new EntityTag(String.valueOf(current.revision()))), Creation.CREATE_OR_UPDATE, author, viewer)
                .withSummary(summary);
        plan.checkVersion();
        plan.write(handle);
        return plan.result(false);
    }

    @Override
    public Optional<ProductRecord> product(String name)
    {
        return jdbi.withHandle(handle -> RegistryStore.findProduct(handle, name, false));
    }

    @Override
    public Optional<ProductRecord> findRevision(String name, int revision)
    {
        return jdbi.withHandle(handle -> RegistryStore.findRevision(handle, name, revision));
    }

    public ProductRecord revision(String name, int revision)
    {
        return findRevision(name, revision)
                .orElseThrow(() -> product(name).isEmpty()
                        ? unknownProduct(name)
                        : ServiceException.notFound("product '%s' has no revision %s".formatted(name, revision)));
    }

    @Override
    public List<RevisionInfo> history(String name)
    {
        List<RevisionInfo> revisions = jdbi.withHandle(handle -> RegistryStore.revisions(handle, name));
        if (revisions.isEmpty()) {
            throw unknownProduct(name);
        }
        return revisions;
    }

    /**
     * The changes from revision {@code from} (default: the one before {@code to}) to {@code to} (default: current),
     * classified, with the version bump they call for.
     */
    @Override
    public DescriptorDiff diff(String name, OptionalInt from, OptionalInt to)
    {
        int toRevision = to.orElseGet(() -> product(name).orElseThrow(() -> unknownProduct(name)).revision());
        int fromRevision = from.orElse(toRevision - 1);
        if (fromRevision < 0 || toRevision < 1) {
            throw ServiceException.badRequest("revisions start at 1; got from=%s to=%s".formatted(fromRevision, toRevision));
        }
        JsonNode before = fromRevision == 0 ? null : DescriptorDocuments.toTree(revision(name, fromRevision).descriptor());
        JsonNode after = DescriptorDocuments.toTree(revision(name, toRevision).descriptor());
        List<DescriptorChange> changes = ContractChanges.classify(DescriptorDiffer.diff(before, after));
        return new DescriptorDiff(name, fromRevision, toRevision, changes, ContractChanges.bump(changes));
    }

    /** A page of the products {@code visible} lets through, in name order; pages hold only those, so they stay full. */
    public ProductPage list(ProductFilter filter, Predicate<String> visible)
    {
        // One row more than asked tells whether there is a next page; hidden products are read past.
        List<ProductRecord> products = new ArrayList<>();
        Optional<String> after = filter.after();
        while (products.size() <= filter.limit()) {
            int batch = Math.max(filter.limit() + 1, 100);
            ProductFilter probe = new ProductFilter(filter.domain(), filter.status(), filter.tag(), filter.owner(), after, batch);
            List<ProductRecord> read = jdbi.withHandle(handle -> RegistryStore.listProducts(handle, probe));
            read.stream().filter(record -> visible.test(record.name())).forEach(products::add);
            if (read.size() < batch) {
                break;
            }
            after = Optional.of(read.getLast().name());
        }
        boolean more = products.size() > filter.limit();
        List<ProductSummary> page = products.stream().limit(filter.limit()).map(ProductSummary::of).toList();
        return new ProductPage(page, more ? PageToken.after(page.getLast().name()) : null);
    }

    /** Every product at its current revision; rebuilt only when the registry revision has moved. */
    @Override
    public CatalogSnapshot snapshot()
    {
        return jdbi.withHandle(handle -> {
            // Read the revision before the products: a snapshot may then be newer than its tag, never older.
            long revision = RegistryStore.currentRevision(handle);
            return snapshots.get(revision, () -> {
                List<ProductRecord> products = RegistryStore.allProducts(handle);
                return new CatalogSnapshot(revision, products, ServedVariants.previousMajors(handle, products), List.of());
            });
        });
    }

    @Override
    public long registryRevision()
    {
        return jdbi.withHandle(RegistryStore::currentRevision);
    }

    @Override
    public Map<String, Integer> productRevisions()
    {
        return jdbi.withHandle(RegistryStore::productRevisions);
    }

    @Override
    public Map<String, String> lakeNamespaces()
    {
        return jdbi.withHandle(RegistryStore::lakeNamespaces);
    }

    @Override
    public long advanceRevision()
    {
        return jdbi.inTransaction(handle -> {
            RegistryStore.lockRevision(handle);
            return RegistryStore.advanceRevision(handle);
        });
    }

    /** Whether {@code user} may operate product {@code product} (see {@link #checkCanOperate}); false for one that does not exist. */
    public boolean mayOperate(String product, String user)
    {
        Caller caller = callers.resolve(user);
        if (!visibility.get().viewer(user).canSee(product)) {
            return false;
        }
        return jdbi.withHandle(handle -> RegistryStore.findProduct(handle, product, false)
                .map(current -> Ownership.mayWrite(handle, caller, current))
                .orElse(false));
    }

    @Override
    public void checkCanOperate(String product, String user)
    {
        Caller caller = callers.resolve(user);
        Viewer viewer = visibility.get().viewer(user);
        if (!viewer.canSee(product)) {
            throw unknownProduct(product);
        }
        jdbi.useHandle(handle -> {
            ProductRecord current = RegistryStore.findProduct(handle, product, false).orElseThrow(() -> unknownProduct(product));
            Ownership.checkCanWrite(handle, caller, viewer, Optional.of(current), current.descriptor());
        });
    }

    public DomainInfo applyDomain(String name, String text, String author)
    {
        JsonNode document = DescriptorText.parse(text);
        List<Violation> violations = DescriptorValidator.validateDomain(document);
        if (!violations.isEmpty()) {
            throw ServiceException.invalid("domain descriptor is invalid (%s problem%s)".formatted(violations.size(), violations.size() == 1 ? "" : "s"), violations);
        }
        DomainDescriptor domain = DescriptorDocuments.bind(document, DomainDescriptor.class);
        DescriptorChecks.checkNamed("domain", name, domain.metadata().name());
        Caller caller = callers.resolve(author);
        Viewer viewer = visibility.get().viewer(author);
        return jdbi.inTransaction(handle -> {
            RegistryStore.lockRevision(handle);
            Ownership.checkCanWriteDomain(handle, caller, viewer, name);
            Instant now = Instant.now().truncatedTo(MILLIS);
            Optional<String> owner = Optional.ofNullable(domain.metadata().owner());
            Optional<String> description = Optional.ofNullable(domain.metadata().description());
            Optional<DomainInfo> existing = RegistryStore.domains(handle, Optional.of(name)).stream().findFirst();
            if (existing.isPresent()
                    && Optional.ofNullable(existing.orElseThrow().owner()).equals(owner)
                    && Optional.ofNullable(existing.orElseThrow().description()).equals(description)) {
                return existing.orElseThrow();
            }
            if (existing.isPresent()) {
                RegistryStore.updateDomain(handle, name, owner, description, now);
            }
            else {
                RegistryStore.insertDomain(handle, name, owner, description, now);
            }
            RegistryStore.advanceRevision(handle);
            return RegistryStore.domains(handle, Optional.of(name)).getFirst();
        });
    }

    public List<DomainInfo> domains()
    {
        return jdbi.withHandle(handle -> RegistryStore.domains(handle, Optional.empty()));
    }

    public DomainInfo domain(String name)
    {
        return jdbi.withHandle(handle -> RegistryStore.domains(handle, Optional.of(name))).stream().findFirst()
                .orElseThrow(() -> ServiceException.notFound("no domain named '%s'".formatted(name)));
    }

    private Plan plan(Handle handle, DataProduct requested, Optional<EntityTag> ifMatch, Creation creation, String author, Viewer viewer)
    {
        // Everything that can refuse the change is decided here, so that a dry run refuses what the apply would
        // (the version rule is decided here too; Plan.checkVersion applies it, and a dry run reports it).
        checkLakeSources(requested);
        RegistryStore.lakeNamespaceOwner(handle, requested.lakeNamespace(), requested.name()).ifPresent(owner -> {
            throw ServiceException.conflict("lake namespace '%s' belongs to %s; choose another with spec.lake.namespace"
                    .formatted(requested.lakeNamespace(), viewer.seesEverything() || viewer.canSee(owner) ? "product '%s'".formatted(owner) : "another product"));
        });
        Instant now = Instant.now().truncatedTo(MILLIS);
        Optional<ProductRecord> current = RegistryStore.findProduct(handle, requested.name(), true);
        Ownership.checkCanWrite(handle, callers.resolve(author), viewer, current, requested);
        checkPreviousMajor(handle, requested);
        if (current.isEmpty()) {
            if (ifMatch.isPresent() && !ifMatch.orElseThrow().isAny()) {
                throw ServiceException.preconditionFailed("product '%s' does not exist, but If-Match expected revision %s".formatted(requested.name(), ifMatch.orElseThrow().value()));
            }
            DataProduct created = requested.metadata().status() == null ? requested.withStatus(ProductStatus.DRAFT) : requested;
            return new Plan(Optional.empty(), created, ContractChanges.classify(DescriptorDiffer.diff(null, DescriptorDocuments.toTree(created))), Optional.empty(), author, now, List.of(), Optional.empty());
        }
        ProductRecord existing = current.orElseThrow();
        if (creation != Creation.CREATE_OR_UPDATE) {
            String message = "product '%s' already exists (revision %s); update it with PUT /v1/products/%s and If-Match: \"%s\""
                    .formatted(existing.name(), existing.revision(), existing.name(), existing.revision());
            throw creation == Creation.CREATE_ONLY ? ServiceException.conflict(message) : ServiceException.preconditionFailed(message);
        }
        EntityTag expected = ifMatch.orElseThrow(() -> ServiceException.preconditionRequired(
                "product '%s' exists at revision %s: send If-Match: \"%s\" to update it (or If-Match: * to overwrite whatever is there)"
                        .formatted(existing.name(), existing.revision(), existing.revision())));
        if (!expected.matches(existing.revision())) {
            throw ServiceException.preconditionFailed(
                    "product '%s' changed since you read it: you expected revision %s, it is at revision %s (by %s at %s); review the change (GET /v1/products/%s/diff) and apply again"
                            .formatted(existing.name(), expected.value(), existing.revision(), existing.updatedBy(), existing.updatedAt(), existing.name()));
        }
        DataProduct updated = requested.metadata().status() == null ? requested.withStatus(existing.status()) : requested;
        checkTransition(existing, updated);
        List<DescriptorChange> changes = ContractChanges.classify(DescriptorDiffer.diff(DescriptorDocuments.toTree(existing.descriptor()), DescriptorDocuments.toTree(updated)));
        // Drafts change freely while they are designed; consumers depend on published and deprecated products.
        VersionCheck versionCheck = VersionRule.check(existing.metadata().version(), updated.metadata().version(), ContractChanges.bump(changes), existing.status().isServed());
        return new Plan(current, updated, changes, Optional.of(versionCheck), author, now, removedGrants(handle, existing, updated), Optional.empty());
    }

    /** A warning for each consumer an approved access request added that {@code updated} drops: the apply may undo a decision unknowingly. */
    private List<String> removedGrants(Handle handle, ProductRecord existing, DataProduct updated)
    {
        List<String> warnings = new ArrayList<>();
        for (String consumer : existing.descriptor().spec().access().consumers()) {
            if (updated.spec().access().consumers().contains(consumer)) {
                continue;
            }
            accessRequests.latestApproval(handle, existing.name(), consumer).ifPresent(approval -> warnings.add("removes %s, added by access request #%s approved by %s on %s"
                    .formatted(consumer, approval.id(), approval.decidedBy(), LocalDate.ofInstant(approval.decidedAt(), ZoneOffset.UTC))));
        }
        return warnings;
    }

    /**
     * A dataset may only be bound to lake tables of its product's own namespace: binding another
     * product's table would freeze it under a contract its owners did not make.
     */
    private void checkLakeSources(DataProduct product)
    {
        List<Violation> violations = new ArrayList<>();
        List<Dataset> datasets = product.spec().datasets();
        for (int i = 0; i < datasets.size(); i++) {
            Dataset dataset = datasets.get(i);
            if (!dataset.source().hasTable()) {
                continue;
            }
            QualifiedTableName table = QualifiedTableName.parse(dataset.source().table());
            if (table.catalog().equals(lakeCatalog) && !table.schema().equals(product.lakeNamespace())) {
                violations.add(new Violation("spec.datasets[%s].source.table".formatted(i), dataset.source().table(),
                        "a lake table of product '%s' must be in its lake namespace '%s'; to build on another product's data, read its dataset from the mesh catalog (source.sql)"
                                .formatted(product.name(), product.lakeNamespace())));
            }
        }
        if (!violations.isEmpty()) {
            throw ServiceException.invalid("descriptor of product '%s' binds lake tables it does not own".formatted(product.name()), violations);
        }
    }

    /**
     * {@code spec.previousMajor} needs a previous major that consumers were served, and the tables that
     * serve its datasets ({@code orders_v1}) must not take the name of a current dataset.
     */
    private static void checkPreviousMajor(Handle handle, DataProduct product)
    {
        if (product.spec().previousMajor() == null) {
            return;
        }
        SemanticVersion version = SemanticVersion.parse(product.metadata().version()).orElseThrow();
        String field = "spec.previousMajor";
        if (version.major().signum() == 0) {
            throw ServiceException.invalid("product '%s' has no previous major".formatted(product.name()), List.of(new Violation(field, product.metadata().version(),
                    "version %s is major 0, which has no previous major to serve; remove spec.previousMajor".formatted(version))));
        }
        BigInteger previous = version.major().subtract(BigInteger.ONE);
        ProductRecord old = RegistryStore.latestServedRevision(handle, product.name(), previous).orElseThrow(() ->
                ServiceException.invalid("product '%s' has no previous major to serve".formatted(product.name()), List.of(new Violation(field, null,
                        "no version %s.x of product '%s' was ever published, so there is nothing to serve beside %s; remove spec.previousMajor".formatted(previous, product.name(), version)))));
        List<Violation> clashes = new ArrayList<>();
        for (Dataset dataset : old.descriptor().spec().datasets()) {
            String table = PreviousMajor.tableName(dataset.name(), previous.intValueExact());
            if (product.spec().dataset(table).isPresent()) {
                clashes.add(new Violation(field, table, "dataset '%s' of version %s is served as '%s', which is also the name of a dataset of %s; rename that dataset"
                        .formatted(dataset.name(), old.metadata().version(), table, version)));
            }
        }
        if (!clashes.isEmpty()) {
            throw ServiceException.invalid("product '%s' cannot serve its previous major beside its datasets".formatted(product.name()), clashes);
        }
    }

    private static void checkTransition(ProductRecord existing, DataProduct updated)
    {
        ProductStatus from = existing.status();
        ProductStatus to = updated.metadata().status();
        if (!from.canMoveTo(to)) {
            String allowed = from.successors().isEmpty() ? "none: a retired product is final" : from.successors().stream().map(ProductStatus::wireName).sorted().collect(joining(", "));
            throw ServiceException.invalidChange("product '%s' cannot change status".formatted(existing.name()), List.of(
                    new Violation("metadata.status", to.wireName(), "cannot move from %s to %s; allowed next: %s".formatted(from.wireName(), to.wireName(), allowed))));
        }
        SemanticVersion currentVersion = SemanticVersion.parse(existing.metadata().version()).orElseThrow();
        SemanticVersion newVersion = SemanticVersion.parse(updated.metadata().version()).orElseThrow();
        if (newVersion.compareTo(currentVersion) < 0) {
            throw ServiceException.invalidChange("product '%s' cannot go back to an older version".formatted(existing.name()), List.of(
                    new Violation("metadata.version", newVersion.text(), "is lower than the current version %s (revision %s); versions never go backwards"
                            .formatted(currentVersion, existing.revision()))));
        }
    }

    private DataProduct parseProduct(String name, String text)
    {
        JsonNode document = DescriptorText.parse(text);
        List<Violation> violations = DescriptorValidator.validateProduct(document);
        if (!violations.isEmpty()) {
            throw ServiceException.invalid("descriptor of product '%s' is invalid (%s problem%s)".formatted(name, violations.size(), violations.size() == 1 ? "" : "s"), violations);
        }
        DataProduct product = DescriptorDocuments.bind(document, DataProduct.class);
        DescriptorChecks.checkNamed("product", name, product.name());
        return product;
    }

    public static ServiceException unknownProduct(String name)
    {
        return ServiceException.notFound("no product named '%s'".formatted(name));
    }

    /** What an apply will do, decided before anything is written. */
    private record Plan(
            Optional<ProductRecord> current,
            DataProduct descriptor,
            List<DescriptorChange> changes,
            Optional<VersionCheck> versionCheck,
            String author,
            Instant now,
            List<String> warnings,
            Optional<String> note)
    {
        /** This plan, its revision's change note being {@code note} rather than a list of the changed paths. */
        Plan withSummary(String note)
        {
            return new Plan(current, descriptor, changes, versionCheck, author, now, warnings, Optional.of(note));
        }

        Outcome outcome()
        {
            if (current.isEmpty()) {
                return Outcome.CREATED;
            }
            return changes.isEmpty() ? Outcome.UNCHANGED : Outcome.UPDATED;
        }

        void write(Handle handle)
        {
            if (outcome() == Outcome.UNCHANGED) {
                return;
            }
            String domain = descriptor.metadata().domain();
            if (!RegistryStore.domainExists(handle, domain)) {
                RegistryStore.insertDomain(handle, domain, Optional.empty(), Optional.empty(), now);
            }
            long registryRevision = RegistryStore.advanceRevision(handle);
            if (current.isEmpty()) {
                RegistryStore.insertProduct(handle, descriptor, now, author);
            }
            else if (!RegistryStore.updateProduct(handle, descriptor, current.orElseThrow().revision(), now, author)) {
                throw ServiceException.preconditionFailed("product '%s' was changed by another writer meanwhile; apply again".formatted(descriptor.name()));
            }
            RegistryStore.insertRevision(handle, descriptor, nextRevision(), now, author, summary(), registryRevision);
            RegistryStore.replaceTags(handle, descriptor.name(), descriptor.metadata().tags());
        }

        ApplyResult result(boolean dryRun)
        {
            ProductRecord product = switch (outcome()) {
                case UNCHANGED -> current.orElseThrow();
                case CREATED, UPDATED -> new ProductRecord(descriptor.name(), nextRevision(), current.map(ProductRecord::createdAt).orElse(now), now, author, descriptor);
            };
            return new ApplyResult(outcome(), dryRun, product, changes, versionCheck.orElse(null), warnings);
        }

        /** Refuses an update of a published or deprecated product whose version does not follow its changes. */
        void checkVersion()
        {
            if (versionCheck.isEmpty() || !versionCheck.orElseThrow().refuses()) {
                return;
            }
            VersionCheck check = versionCheck.orElseThrow();
            ContractImpact counted = check.bump() == VersionBump.MAJOR ? ContractImpact.BREAKING : ContractImpact.COMPATIBLE;
            List<DescriptorChange> reasons = changes.stream().filter(change -> change.impact() == counted).toList();
            String needs = check.bump() == VersionBump.MAJOR
                    ? "%s breaking change%s need%s a new major version".formatted(reasons.size(), reasons.size() == 1 ? "" : "s", reasons.size() == 1 ? "s" : "")
                    : "%s compatible contract change%s need%s a new minor version".formatted(reasons.size(), reasons.size() == 1 ? "" : "s", reasons.size() == 1 ? "s" : "");
            String rule = "%s, %s or later (current: %s): %s".formatted(needs, check.lowestVersion(), check.currentVersion(),
                    reasons.stream().map(change -> "%s (%s)".formatted(change.path(), change.reason())).collect(joining("; ")));
            throw ServiceException.versionBumpRequired(
                    "product '%s' is %s: its changes need version %s or later (the registry holds published and deprecated products to semantic versions; drafts change freely)"
                            .formatted(descriptor.name(), current.orElseThrow().status().wireName(), check.lowestVersion()),
                    List.of(new Violation("metadata.version", check.version(), rule)));
        }

        private int nextRevision()
        {
            return current.map(record -> record.revision() + 1).orElse(1);
        }

        private String summary()
        {
            if (note.isPresent()) {
                return note.orElseThrow();
            }
            if (current.isEmpty()) {
                return "created at version %s (%s)".formatted(descriptor.metadata().version(), descriptor.metadata().status().wireName());
            }
            List<String> paths = changes.stream().map(DescriptorChange::path).distinct().collect(ImmutableList.toImmutableList());
            String shown = String.join(", ", paths.subList(0, Math.min(3, paths.size())));
            return "%s change%s: %s%s".formatted(changes.size(), changes.size() == 1 ? "" : "s", shown, paths.size() > 3 ? ", …" : "");
        }
    }
}
