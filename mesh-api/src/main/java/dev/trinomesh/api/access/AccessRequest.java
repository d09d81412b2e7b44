package dev.trinomesh.api.access;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A person's request to read a data product, and its fate: an approval adds {@code principal} to the product's
 * consumers in a new descriptor revision ({@code revision}), so the descriptor's history stays the one record of who
 * may read it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccessRequest(
        long id,
        String product,
        String requester,
        String principal,
        String reason,
        AccessRequestStatus status,
        Instant createdAt,
        String decidedBy,
        Instant decidedAt,
        String note,
        Integer revision)
{
    public AccessRequest
    {
        requireNonNull(product, "product is null");
        requireNonNull(requester, "requester is null");
        requireNonNull(principal, "principal is null");
        requireNonNull(status, "status is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
