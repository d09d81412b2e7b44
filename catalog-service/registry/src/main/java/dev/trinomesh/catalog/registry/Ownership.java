package dev.trinomesh.catalog.registry;

import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.DomainInfo;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.identity.api.Caller;
import dev.trinomesh.catalog.registry.api.Viewer;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Optional;

/**
 * Who may change what in the registry. A product is changed by its owner, its domain's owner or a
 * governance admin. A product joins a domain only with the domain's consent: its owner's, or, for a
 * domain without an owner, that of one of its products' owners; a new domain is anyone's to start.
 * A domain's descriptor follows the same rule. Domain policies are written by the owners vetted this way, and a
 * product's pipelines by those who may change it.
 * A refusal names the owners only to a caller who may see the product or domain (see {@code Visibility}).
 */
public final class Ownership
{
    private Ownership() {}

    static void checkCanWrite(Handle handle, Caller caller, Viewer viewer, Optional<ProductRecord> current, DataProduct requested)
    {
        if (caller.admin()) {
            return;
        }
        if (current.isPresent()) {
            ProductRecord existing = current.orElseThrow();
            String domain = existing.metadata().domain();
            Optional<String> domainOwner = domainOwner(handle, domain);
            if (!mayWrite(handle, caller, existing)) {
                if (!viewer.canSee(existing.name())) {
                    throw ServiceException.forbidden("product '%s' exists, and only its owners and governance admins may change it; %s is none of them (a new product needs a name of its own)"
                            .formatted(existing.name(), caller.user()));
                }
                throw ServiceException.forbidden("product '%s' belongs to %s%s; only they and governance admins may change it, and %s is none of them"
                        .formatted(existing.name(), existing.metadata().owner(), domainOwner.map(owner -> " (domain '%s' to %s)".formatted(domain, owner)).orElse(""), caller.user()));
            }
            if (domain.equals(requested.metadata().domain())) {
                return;
            }
        }
        checkCanJoin(handle, caller, viewer, requested.metadata().domain(), "add product '%s' to".formatted(requested.name()));
    }

    /** Whether {@code caller} may change product {@code existing}: its owner, its domain's owner or a governance admin. */
    public static boolean mayWrite(Handle handle, Caller caller, ProductRecord existing)
    {
        return caller.admin() || caller.is(existing.metadata().owner()) || domainOwner(handle, existing.metadata().domain()).map(caller::is).orElse(false);
    }

    static void checkCanWriteDomain(Handle handle, Caller caller, Viewer viewer, String domain)
    {
        if (!caller.admin()) {
            checkCanJoin(handle, caller, viewer, domain, "change");
        }
    }

    private static void checkCanJoin(Handle handle, Caller caller, Viewer viewer, String domain, String action)
    {
        Optional<DomainInfo> existing = RegistryStore.domains(handle, Optional.of(domain)).stream().findFirst();
        if (existing.isEmpty()) {
            return;
        }
        boolean named = viewer.canSeeDomain(domain);
        if (existing.orElseThrow().owner() != null) {
            if (!caller.is(existing.orElseThrow().owner())) {
                throw ServiceException.forbidden(named
                        ? "domain '%s' belongs to %s: only they and governance admins may %s it; %s is neither".formatted(domain, existing.orElseThrow().owner(), action, caller.user())
                        : "domain '%s' has an owner: only they and governance admins may %s it; %s is neither (a governance admin can tell you who owns it)".formatted(domain, action, caller.user()));
            }
            return;
        }
        // Not named even to those who see the domain: some of its products' owners may own products they may not see.
        List<String> productOwners = RegistryStore.productOwners(handle, domain);
        if (!productOwners.isEmpty() && productOwners.stream().noneMatch(caller::is)) {
            throw ServiceException.forbidden("domain '%s' has no owner; only the owners of its products and governance admins may %s it; %s is none of them"
                    .formatted(domain, action, caller.user()));
        }
    }

    public static Optional<String> domainOwner(Handle handle, String domain)
    {
        return RegistryStore.domains(handle, Optional.of(domain)).stream().findFirst().map(DomainInfo::owner);
    }
}
