package dev.trinomesh.catalog.lineage.api;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Who has read each product lately, from the usage the lineage store keeps: for other areas' aggregates (search's
 * "consumers of this product also read"), which decide themselves what of it a person may learn. Without the lineage
 * store ({@code lineage.enabled=false}) nobody has read anything.
 */
public interface ProductReaders
{
    ProductReaders NONE = since -> Map.of();

    /** The distinct users who read any dataset of each product (its mesh datasets or its lake tables) at or after {@code since}, by product. */
    Map<String, Set<String>> readersByProduct(Instant since);
}
