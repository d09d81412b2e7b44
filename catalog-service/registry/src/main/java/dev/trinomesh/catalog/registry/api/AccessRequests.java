package dev.trinomesh.catalog.registry.api;

import dev.trinomesh.api.access.AccessRequest;
import dev.trinomesh.api.access.AccessRequestStatus;

import java.util.List;
import java.util.Optional;

/**
 * People ask for a product they cannot read; its owners (the product's, its domain's, governance admins) decide.
 * Asking is by name and answered alike whether the product exists or not, so a request tells the requester nothing
 * they could not list in Trino. An approval is a new descriptor revision adding the requester to the product's
 * consumers: the history and the governance snapshot stay the one truth of who reads what.
 */
public interface AccessRequests
{
    /** Records {@code user}'s request for {@code product}; the same answer whether or not the product exists or is visible. */
    AccessRequest request(String product, String reason, String user);

    /** The requests {@code user} may see: their own, and those for products they may decide on; newest first. */
    List<AccessRequest> list(Optional<String> product, Optional<AccessRequestStatus> status, String user);

    /** Adds the requester to the product's consumers in a new revision; refused unless {@code user} may operate the product. */
    AccessRequest approve(long id, Optional<String> note, String user);

    AccessRequest deny(long id, Optional<String> note, String user);
}
