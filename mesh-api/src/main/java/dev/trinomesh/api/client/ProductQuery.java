package dev.trinomesh.api.client;

import java.util.Optional;
import java.util.OptionalInt;

/** Filters and paging of a product listing; every filter is optional. */
public record ProductQuery(
        Optional<String> domain,
        Optional<String> status,
        Optional<String> tag,
        Optional<String> owner,
        OptionalInt limit,
        Optional<String> pageToken)
{
    public static ProductQuery all()
    {
        return new ProductQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(), Optional.empty());
    }

    public ProductQuery withPageToken(String token)
    {
        return new ProductQuery(domain, status, tag, owner, limit, Optional.of(token));
    }
}
