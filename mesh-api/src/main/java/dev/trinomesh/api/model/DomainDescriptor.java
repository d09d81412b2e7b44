package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import static java.util.Objects.requireNonNull;

/** A domain descriptor ({@code kind: Domain}): names a business domain, its owner and purpose. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"apiVersion", "kind", "metadata"})
public record DomainDescriptor(String apiVersion, String kind, Metadata metadata)
{
    public static final String KIND = "Domain";

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Metadata(String name, String owner, String description)
    {
        public Metadata
        {
            requireNonNull(name, "name is null");
        }
    }

    public DomainDescriptor
    {
        requireNonNull(apiVersion, "apiVersion is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(metadata, "metadata is null");
    }
}
