package dev.trinomesh.catalog.registry.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.model.ApplyResult.Outcome;
import dev.trinomesh.api.model.Pipeline;
import dev.trinomesh.api.model.PipelineApplyResult;
import dev.trinomesh.api.model.PipelineRecord;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.model.ProductStatus;
import dev.trinomesh.catalog.core.RevisionCache;
import dev.trinomesh.catalog.core.ServiceConfig;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.core.http.EntityTag;
import dev.trinomesh.catalog.identity.api.AuditLog;
import dev.trinomesh.catalog.identity.api.Caller;
import dev.trinomesh.catalog.identity.api.Callers;
import dev.trinomesh.catalog.registry.DescriptorChecks;
import dev.trinomesh.catalog.registry.DescriptorText;
import dev.trinomesh.catalog.registry.Ownership;
import dev.trinomesh.catalog.registry.RegistryStore;
import dev.trinomesh.catalog.registry.api.PipelineDefinition;
import dev.trinomesh.catalog.registry.api.PipelineDefinitions;
import dev.trinomesh.catalog.registry.api.PlannedStep;
import dev.trinomesh.catalog.registry.api.Viewer;
import dev.trinomesh.catalog.registry.api.Visibility;
import dev.trinomesh.catalog.registry.descriptor.Names;
import dev.trinomesh.catalog.registry.descriptor.PipelineValidator;
import dev.trinomesh.catalog.registry.revisions.ApplyPlan;
import dev.trinomesh.catalog.registry.revisions.IfMatch;
import io.airlift.log.Logger;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static dev.trinomesh.catalog.registry.pipeline.PipelineStore.PIPELINES;
import static java.time.temporal.ChronoUnit.MILLIS;
import static java.util.Locale.ENGLISH;
import static java.util.Objects.requireNonNull;

/**
 * Pipelines: validated against the registry as their author sees it, written by those who may change their product
 * (its owner, its domain's owner, governance admins), versioned like policies, and read by those
 * {@link PipelineVisibility} allows; any other is answered as a pipeline that does not exist. Every write is one
 * transaction that advances the registry revision: the governance snapshot serves each product's pipeline upstreams.
 */
public class PipelineRegistry
        implements PipelineDefinitions
{
    private static final Logger log = Logger.get(PipelineRegistry.class);

    private final Jdbi jdbi;
    private final String lakeCatalog;
    private final Callers callers;
    private final AuditLog audit;
    // A provider: visibility is decided on the governance the registry compiles.
    private final Provider<Visibility> visibility;
    private final RevisionCache<List<PipelineDefinition>> definitions = new RevisionCache<>();
    // Steps analysed, by pipeline and revision: a registry revision moves far more often than a pipeline.
    private final Map<String, List<PlannedStep>> plannedSteps = new ConcurrentHashMap<>();

    @Inject
    public PipelineRegistry(Jdbi jdbi, ServiceConfig config, Callers callers, AuditLog audit, Provider<Visibility> visibility)
    {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.lakeCatalog = config.getLakeCatalog();
        this.callers = requireNonNull(callers, "callers is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
    }

    public PipelineApplyResult apply(String name, String text, Optional<EntityTag> ifMatch, boolean dryRun, String user)
    {
        Caller caller = callers.resolve(user);
        JsonNode document = DescriptorText.parse(text);
        // Decided before the transaction, which holds the registry's lock: deciding may read the registry.
        Viewer viewer = visibility.get().viewer(user);
        if (dryRun) {
            return jdbi.withHandle(handle -> plan(handle, name, document, ifMatch, caller, viewer).result(true, PipelineApplyResult::new));
        }
        return jdbi.inTransaction(handle -> {
            RegistryStore.lockRevision(handle);
            ApplyPlan<Pipeline, PipelineRecord> plan = plan(handle, name, document, ifMatch, caller, viewer);
            if (plan.outcome() != Outcome.UNCHANGED) {
                long registryRevision = RegistryStore.advanceRevision(handle);
                PIPELINES.write(handle, plan.next(), registryRevision);
                audit.record(handle, user, "pipeline.apply", "pipeline:" + name, Map.of(
                        "revision", String.valueOf(plan.next().revision()),
                        "product", plan.next().descriptor().product(),
                        "outcome", plan.outcome().name().toLowerCase(ENGLISH)));
            }
            return plan.result(false, PipelineApplyResult::new);
        });
    }

    /** Deactivates a pipeline; it stays in the history and can be applied again. */
    public PipelineRecord remove(String name, Optional<EntityTag> ifMatch, String user)
    {
        Caller caller = callers.resolve(user);
        // Decided before the transaction, which holds the registry's lock: deciding may read the registry.
        Viewer viewer = visibility.get().viewer(user);
        return jdbi.inTransaction(handle -> {
            RegistryStore.lockRevision(handle);
            // A pipeline the caller may not read is removed as one that does not exist; who may is decided before its revision is told.
            PipelineRecord current = PIPELINES.find(handle, name, true)
                    .filter(PipelineRecord::active)
                    .filter(pipeline -> PipelineVisibility.canRead(viewer, pipeline.descriptor()))
                    .orElseThrow(() -> unknownPipeline(name));
            authorize(handle, caller, name, current.descriptor().product(), "remove");
            IfMatch.checkRemove("pipeline", current, ifMatch);
            PipelineRecord removed = new PipelineRecord(name, current.revision() + 1, false, Instant.now().truncatedTo(MILLIS), user, current.descriptor());
            long registryRevision = RegistryStore.advanceRevision(handle);
            PIPELINES.write(handle, removed, registryRevision);
            audit.record(handle, user, "pipeline.remove", "pipeline:" + name, Map.of(
                    "revision", String.valueOf(removed.revision()),
                    "product", removed.descriptor().product()));
            return removed;
        });
    }

    /** The pipeline at its current revision, a removed one included; one {@code viewer} may not read does not exist. */
    public PipelineRecord pipeline(String name, Viewer viewer)
    {
        return readable(viewer, name).orElseThrow(() -> unknownPipeline(name));
    }

    @Override
    public Optional<PipelineRecord> readable(Viewer viewer, String name)
    {
        return jdbi.withHandle(handle -> PIPELINES.find(handle, name, false))
                .filter(pipeline -> PipelineVisibility.canRead(viewer, pipeline.descriptor()));
    }

    public PipelineRecord revision(String name, int revision, Viewer viewer)
    {
        return jdbi.withHandle(handle -> PIPELINES.findRevision(handle, name, revision))
                .filter(pipeline -> PipelineVisibility.canRead(viewer, pipeline.descriptor()))
                .orElseThrow(() -> unknownRevision(name, revision));
    }

    /** Every revision, oldest first, each as its reader may read it: an earlier one may have named other products. */
    public List<PipelineRecord> history(String name, Viewer viewer)
    {
        List<PipelineRecord> readable = jdbi.withHandle(handle -> PIPELINES.revisions(handle, name)).stream()
                .filter(pipeline -> PipelineVisibility.canRead(viewer, pipeline.descriptor()))
                .toList();
        if (readable.isEmpty()) {
            throw unknownPipeline(name);
        }
        return readable;
    }

    /** The pipelines {@code viewer} may read, by name: active ones unless {@code includeRemoved}, of {@code product} only when given. */
    public List<PipelineRecord> list(Viewer viewer, Optional<String> product, boolean includeRemoved)
    {
        return jdbi.withHandle(handle -> PipelineStore.list(handle, !includeRemoved, product)).stream()
                .filter(pipeline -> PipelineVisibility.canRead(viewer, pipeline.descriptor()))
                .toList();
    }

    @Override
    public List<PipelineRecord> visible(Viewer viewer, Optional<String> product)
    {
        return list(viewer, product, false);
    }

    @Override
    public List<PipelineDefinition> active()
    {
        return jdbi.inTransaction(handle -> {
            // Read the revision first: the definitions may then be newer than it, never older.
            long revision = RegistryStore.currentRevision(handle);
            return definitions.get(revision, () -> {
                List<PipelineDefinition> active = new ArrayList<>();
                List<String> planned = new ArrayList<>();
                for (PipelineRecord pipeline : PIPELINES.list(handle, true)) {
                    Optional<ProductRecord> product = RegistryStore.findProduct(handle, pipeline.descriptor().product(), false)
                            .filter(record -> record.status() != ProductStatus.RETIRED);
                    if (product.isEmpty()) {
                        continue;
                    }
                    String key = pipeline.name() + "@" + pipeline.revision();
                    planned.add(key);
                    List<PlannedStep> steps;
                    try {
                        steps = plannedSteps.computeIfAbsent(key, _ -> PipelineValidator.plan(pipeline.descriptor()));
                    }
                    catch (IllegalArgumentException e) {
                        // Accepted when applied; a parser that reads it otherwise since must not stop every other pipeline.
                        log.warn("pipeline '%s' at revision %s is left out of the active pipelines: %s", pipeline.name(), pipeline.revision(), e.getMessage());
                        continue;
                    }
                    active.add(new PipelineDefinition(pipeline, product.orElseThrow().descriptor().lakeNamespace(), steps));
                }
                plannedSteps.keySet().retainAll(planned);
                return List.copyOf(active);
            });
        });
    }

    @Override
    public Optional<PipelineDefinition> active(String name)
    {
        return active().stream().filter(definition -> definition.name().equals(name)).findFirst();
    }

    private ApplyPlan<Pipeline, PipelineRecord> plan(Handle handle, String name, JsonNode document, Optional<EntityTag> ifMatch, Caller caller, Viewer viewer)
    {
        // Who may write the product named is decided before the steps are validated, so that someone who may not write it
        // is refused alike whatever the steps read (validation answers as the author sees the registry).
        Optional.of(document.path("metadata").path("product").asText(""))
                .filter(product -> Names.IDENTIFIER.matcher(product).matches())
                .filter(product -> viewer.seesEverything() || viewer.canSee(product))
                .filter(product -> RegistryStore.findProduct(handle, product, false).isPresent())
                .ifPresent(product -> authorize(handle, caller, name, product, "write"));
        PipelineValidator.Result validation = PipelineValidator.validate(document, product -> RegistryStore.findProduct(handle, product, false)
                .filter(record -> viewer.seesEverything() || viewer.canSee(record.name()))
                .map(ProductRecord::descriptor), lakeCatalog);
        DescriptorChecks.checkValid("pipeline", name, validation.violations());
        Pipeline pipeline = DescriptorDocuments.bind(document, Pipeline.class);
        DescriptorChecks.checkNamed("pipeline", name, pipeline.name());
        authorize(handle, caller, name, pipeline.product(), "write");
        Optional<PipelineRecord> current = PIPELINES.find(handle, name, true);
        if (current.isEmpty() && ifMatch.isPresent() && !ifMatch.orElseThrow().isAny()) {
            throw ServiceException.preconditionFailed("pipeline '%s' does not exist, but If-Match expected revision %s".formatted(name, ifMatch.orElseThrow().value()));
        }
        if (current.isPresent()) {
            PipelineRecord existing = current.orElseThrow();
            // Whoever replaces a pipeline must also have been allowed to write the one it replaces (it may have been another
            // product's); decided before anything of it is told, and without a word of it to someone who may not read it.
            if (!mayWrite(handle, caller, existing.descriptor().product()) && !PipelineVisibility.canRead(viewer, existing.descriptor())) {
                throw ServiceException.forbidden("pipeline '%s' exists, and only the owners of its product and governance admins may replace it; %s is none of them (a new pipeline needs a name of its own)"
                        .formatted(name, caller.user()));
            }
            authorize(handle, caller, name, existing.descriptor().product(), "replace");
            IfMatch.checkReplace("pipeline", existing, ifMatch);
        }
        return ApplyPlan.of(name, pipeline, current, caller.user(), PipelineRecord::new);
    }

    /** A product's pipelines are written by those who may change the product: its owner, its domain's owner, governance admins. */
    private static void authorize(Handle handle, Caller caller, String name, String product, String action)
    {
        if (mayWrite(handle, caller, product)) {
            return;
        }
        // The caller may see the product (else it is one that does not exist to them), so its owners are named.
        ProductRecord record = RegistryStore.findProduct(handle, product, false).orElseThrow(() -> ServiceException.forbidden(
                "only governance admins may %s pipeline '%s'; %s is not one".formatted(action, name, caller.user())));
        String domain = record.metadata().domain();
        throw ServiceException.forbidden("only the owners of product '%s' (%s%s) and governance admins may %s its pipeline '%s'; %s is none of them"
                .formatted(product, record.metadata().owner(), Ownership.domainOwner(handle, domain).map(owner -> ", and %s, owner of domain '%s'".formatted(owner, domain)).orElse(""),
                        action, name, caller.user()));
    }

    private static boolean mayWrite(Handle handle, Caller caller, String product)
    {
        return caller.admin() || RegistryStore.findProduct(handle, product, false).map(record -> Ownership.mayWrite(handle, caller, record)).orElse(false);
    }

    public static ServiceException unknownPipeline(String name)
    {
        return ServiceException.notFound("no pipeline named '%s'".formatted(name));
    }

    public static ServiceException unknownRevision(String name, int revision)
    {
        return ServiceException.notFound("pipeline '%s' has no revision %s".formatted(name, revision));
    }
}
