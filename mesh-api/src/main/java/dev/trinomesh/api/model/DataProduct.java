package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A data product descriptor ({@code apiVersion: mesh/v1}, {@code kind: DataProduct}): the contract a
 * domain team publishes. The JSON Schema in {@code docs/schema/data-product.schema.json} documents it.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
public record DataProduct(String apiVersion, String kind, ProductMetadata metadata, ProductSpec spec)
{
    public static final String API_VERSION = "mesh/v1";
    public static final String KIND = "DataProduct";

    public DataProduct
    {
        requireNonNull(apiVersion, "apiVersion is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(metadata, "metadata is null");
        requireNonNull(spec, "spec is null");
    }

    public String name()
    {
        return metadata.name();
    }

    /** The lake namespace the product owns: {@code spec.lake.namespace}, or the product's name. */
    public String lakeNamespace()
    {
        return spec.lake() != null && spec.lake().namespace() != null ? spec.lake().namespace() : metadata.name();
    }

    public DataProduct withStatus(ProductStatus status)
    {
        return new DataProduct(apiVersion, kind, metadata.withStatus(status), spec);
    }

    /** This descriptor with {@code principal} among {@code spec.access.consumers} (last), everything else as it is. */
    public DataProduct withConsumer(String principal)
    {
        if (spec.access().consumers().contains(principal)) {
            return this;
        }
        List<String> consumers = new ArrayList<>(spec.access().consumers());
        consumers.add(principal);
        return new DataProduct(apiVersion, kind, metadata, new ProductSpec(spec.datasets(), new Access(consumers), spec.lake(), spec.checks(), spec.previousMajor()));
    }
}
