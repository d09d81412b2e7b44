package dev.trinomesh.catalog.registry;

import dev.trinomesh.api.model.ProductStatus;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Which products a listing returns; {@code after} is the last name of the previous page. */
public record ProductFilter(
        Optional<String> domain,
        Optional<ProductStatus> status,
        Optional<String> tag,
        Optional<String> owner,
        Optional<String> after,
        int limit)
{
    public ProductFilter
    {
        requireNonNull(domain, "domain is null");
        requireNonNull(status, "status is null");
        requireNonNull(tag, "tag is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(after, "after is null");
    }
}
