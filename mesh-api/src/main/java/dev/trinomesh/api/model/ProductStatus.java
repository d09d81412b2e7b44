package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static java.util.stream.Collectors.joining;

/**
 * Lifecycle of a data product: {@code draft → published → deprecated → retired}.
 * Only published and deprecated products are visible to consumers as schemas.
 */
public enum ProductStatus
{
    DRAFT,
    PUBLISHED,
    DEPRECATED,
    RETIRED;

    @JsonValue
    public String wireName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ProductStatus fromWireName(String value)
    {
        return parse(value).orElseThrow(() -> new IllegalArgumentException(
                "unknown status '%s'; expected one of %s".formatted(value, allWireNames())));
    }

    public static Optional<ProductStatus> parse(String value)
    {
        return Arrays.stream(values())
                .filter(status -> status.wireName().equalsIgnoreCase(value))
                .findFirst();
    }

    public static String allWireNames()
    {
        return Arrays.stream(values()).map(ProductStatus::wireName).collect(joining(", "));
    }

    /** Whether consumers can see and query the product. */
    public boolean isServed()
    {
        return this == PUBLISHED || this == DEPRECATED;
    }

    /** The statuses a product may move to from this one. */
    public Set<ProductStatus> successors()
    {
        return switch (this) {
            case DRAFT -> Set.of(PUBLISHED, RETIRED);
            case PUBLISHED -> Set.of(DEPRECATED);
            case DEPRECATED -> Set.of(PUBLISHED, RETIRED);
            case RETIRED -> Set.of();
        };
    }

    public boolean canMoveTo(ProductStatus target)
    {
        return this == target || successors().contains(target);
    }
}
