package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

import static java.util.Objects.requireNonNull;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"name", "domain", "owner", "version", "status", "description", "tags"})
public record ProductMetadata(
        String name,
        String domain,
        String owner,
        String version,
        ProductStatus status,
        String description,
        List<String> tags)
{
    public ProductMetadata
    {
        requireNonNull(name, "name is null");
        requireNonNull(domain, "domain is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(version, "version is null");
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public ProductMetadata withStatus(ProductStatus newStatus)
    {
        return new ProductMetadata(name, domain, owner, version, newStatus, description, tags);
    }
}
