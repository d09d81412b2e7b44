package dev.trinomesh.catalog.search.api;

import dev.trinomesh.catalog.registry.api.Viewer;

import java.util.List;

/**
 * "Consumers of this product also read": products that the same people read, from the usage the lineage store keeps.
 * Only products the viewer may see, and only where enough people read both that no one person's reading shows.
 */
public interface Recommendations
{
    /** At most {@code limit} products read by the readers of {@code product}, most telling first; none for a product the viewer may not see. */
    List<Recommended> alsoRead(Viewer viewer, String product, int limit);
}
