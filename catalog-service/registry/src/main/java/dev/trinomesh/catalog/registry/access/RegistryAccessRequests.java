package dev.trinomesh.catalog.registry.access;

import dev.trinomesh.api.access.AccessRequest;
import dev.trinomesh.api.access.AccessRequestStatus;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.model.Violation;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.identity.api.AuditLog;
import dev.trinomesh.catalog.identity.api.Caller;
import dev.trinomesh.catalog.identity.api.Callers;
import dev.trinomesh.catalog.registry.ProductRegistry;
import dev.trinomesh.catalog.registry.RegistryStore;
import dev.trinomesh.catalog.registry.api.AccessRequests;
import dev.trinomesh.catalog.registry.api.Viewer;
import dev.trinomesh.catalog.registry.api.Visibility;
import dev.trinomesh.catalog.registry.descriptor.Names;
import jakarta.inject.Inject;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.time.temporal.ChronoUnit.MILLIS;
import static java.util.Objects.requireNonNull;

/**
 * Access requests on the registry: asked by name, decided by those who may operate the product, and approved as a new
 * descriptor revision written under the registry's lock (as every registry write), so that concurrent approvals for
 * one product each add their consumer and the governance snapshot follows.
 */
public class RegistryAccessRequests
        implements AccessRequests
{
    public static final int MAX_TEXT_LENGTH = 2_000;
    public static final int MAX_PENDING = 50;
    public static final int MAX_LISTED = 500;

    private final Jdbi jdbi;
    private final ProductRegistry registry;
    private final AccessRequestStore store;
    private final Callers callers;
    private final Visibility visibility;
    private final AuditLog audit;

    @Inject
    public RegistryAccessRequests(Jdbi jdbi, ProductRegistry registry, AccessRequestStore store, Callers callers, Visibility visibility, AuditLog audit)
    {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.store = requireNonNull(store, "store is null");
        this.callers = requireNonNull(callers, "callers is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
        this.audit = requireNonNull(audit, "audit is null");
    }

    @Override
    public AccessRequest request(String product, String reason, String user)
    {
        checkPerson(user);
        checkProductName(product);
        checkText("reason", reason, true);
        // Decided before the transaction, which holds the registry's lock: deciding may read the registry.
        Viewer viewer = visibility.viewer(user);
        // Told only about a product the requester may see: of any other, even whether it exists stays unsaid.
        if (viewer.canSee(product) && registry.product(product).map(current -> readsAll(viewer, current)).orElse(false)) {
            throw ServiceException.conflict("%s can already read every dataset of product '%s' (as its consumer or owner): there is nothing to ask for".formatted(user, product));
        }
        return jdbi.inTransaction(handle -> {
            // Orders requests as every registry write, so that one person's two requests for a product cannot both be kept.
            RegistryStore.lockRevision(handle);
            Optional<AccessRequest> pending = store.findPending(handle, product, user);
            if (pending.isPresent()) {
                return pending.orElseThrow();
            }
            if (store.countPending(handle, user) >= MAX_PENDING) {
                throw ServiceException.tooManyRequests("%s has %s pending access requests, the most one person may have; ask again once some are decided (mesh access requests --status pending)"
                        .formatted(user, MAX_PENDING));
            }
            return store.insert(handle, product, user, "user:" + user, reason, Instant.now().truncatedTo(MILLIS));
        });
    }

    @Override
    public List<AccessRequest> list(Optional<String> product, Optional<AccessRequestStatus> status, String user)
    {
        Caller caller = callers.resolve(user);
        return jdbi.withHandle(handle -> store.list(handle, caller, product, status, MAX_LISTED));
    }

    @Override
    public AccessRequest approve(long id, Optional<String> note, String user)
    {
        return decide(id, AccessRequestStatus.APPROVED, note, user);
    }

    @Override
    public AccessRequest deny(long id, Optional<String> note, String user)
    {
        return decide(id, AccessRequestStatus.DENIED, note, user);
    }

    private AccessRequest decide(long id, AccessRequestStatus decision, Optional<String> note, String user)
    {
        Optional<String> text = note.filter(value -> !value.isBlank());
        text.ifPresent(value -> checkText("note", value, false));
        // Decided before the transaction, which holds the registry's lock: deciding may read the registry.
        Viewer viewer = visibility.viewer(user);
        AccessRequest request = jdbi.withHandle(handle -> store.find(handle, id, false)).orElseThrow(() -> unknownRequest(id));
        checkMayDecide(request, viewer);
        return jdbi.inTransaction(handle -> {
            RegistryStore.lockRevision(handle);
            AccessRequest current = store.find(handle, id, true).orElseThrow(() -> unknownRequest(id));
            if (current.status() != AccessRequestStatus.PENDING) {
                throw ServiceException.conflict("access request %s was already %s by %s at %s".formatted(id, current.status().wireName(), current.decidedBy(), current.decidedAt()));
            }
            Optional<Integer> revision = decision == AccessRequestStatus.APPROVED ? Optional.of(grant(handle, current, viewer, user)) : Optional.empty();
            Instant now = Instant.now().truncatedTo(MILLIS);
            store.decide(handle, id, decision, user, now, text, revision);
            audit.record(handle, user, "access-request." + (decision == AccessRequestStatus.APPROVED ? "approve" : "deny"), current.principal(), Map.of(
                    "request", String.valueOf(id),
                    "product", current.product(),
                    "revision", revision.map(String::valueOf).orElse("")));
            return store.find(handle, id, false).orElseThrow();
        });
    }

    /** Adds the requester to the product's consumers as a new revision (unless they are among them already); its number. */
    private int grant(Handle handle, AccessRequest request, Viewer viewer, String user)
    {
        ProductRecord product = RegistryStore.findProduct(handle, request.product(), true).orElseThrow(() -> ServiceException.conflict(
                "product '%s' does not exist (any more), so access request %s cannot be approved; deny it instead".formatted(request.product(), request.id())));
        if (product.descriptor().spec().access().consumers().contains(request.principal())) {
            return product.revision();
        }
        String summary = "access request #%s: adds %s to spec.access.consumers".formatted(request.id(), request.principal());
        return registry.applyWithin(handle, product, product.descriptor().withConsumer(request.principal()), viewer, user, summary).product().revision();
    }

    /**
     * Only those who may operate the product decide. Anyone else learns no more than they know: the requester that the
     * request is not theirs to decide, someone who sees the product that it is not theirs either, anyone else nothing.
     */
    private void checkMayDecide(AccessRequest request, Viewer viewer)
    {
        String user = viewer.user();
        if (registry.mayOperate(request.product(), user)) {
            return;
        }
        if (request.requester().equals(user)) {
            throw ServiceException.forbidden("%s cannot decide on their own access request %s: the product's owners, its domain's owner and governance admins do".formatted(user, request.id()));
        }
        if (!viewer.canSee(request.product())) {
            throw unknownRequest(request.id());
        }
        throw ServiceException.forbidden("access request %s is for product '%s', whose owners, domain owner and governance admins decide on it; %s is none of them"
                .formatted(request.id(), request.product(), user));
    }

    private static boolean readsAll(Viewer viewer, ProductRecord product)
    {
        return product.descriptor().spec().datasets().stream().allMatch(dataset -> viewer.canRead(product.name(), dataset.name()));
    }

    private static void checkPerson(String user)
    {
        if (user.equals("anonymous")) {
            throw ServiceException.unauthorized("asking for access needs a person: log in (mesh login) or send a personal token");
        }
        if (user.startsWith("product:")) {
            throw ServiceException.forbidden("a product identity (%s) never asks for access: its product's owners list what its views read, as consumers of those products".formatted(user));
        }
    }

    private static void checkProductName(String product)
    {
        if (product == null || !Names.IDENTIFIER.matcher(product).matches()) {
            throw ServiceException.badRequest("bad product name", List.of(new Violation("product", product, Names.IDENTIFIER_RULE)));
        }
    }

    /** A reason or note: at most {@value #MAX_TEXT_LENGTH} characters, lines but no other control characters (which would forge lines in logs). */
    private static void checkText(String field, String text, boolean required)
    {
        String problem = null;
        if (text == null || text.isBlank()) {
            problem = required ? "is required: say why you need the product" : null;
        }
        else if (text.length() > MAX_TEXT_LENGTH) {
            problem = "is %s characters; at most %s are allowed".formatted(text.length(), MAX_TEXT_LENGTH);
        }
        else if (text.chars().anyMatch(character -> character != '\n' && Character.isISOControl(character))) {
            problem = "must not contain control characters other than line breaks (\\n)";
        }
        if (problem != null) {
            String shown = text == null || text.length() <= 40 ? text : text.substring(0, 40) + "…";
            throw ServiceException.badRequest("bad access request " + field, List.of(new Violation(field, shown, problem)));
        }
    }

    private static ServiceException unknownRequest(long id)
    {
        return ServiceException.notFound("no access request %s".formatted(id));
    }
}
