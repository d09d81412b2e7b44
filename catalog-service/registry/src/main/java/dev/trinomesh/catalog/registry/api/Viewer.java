package dev.trinomesh.catalog.registry.api;

import java.util.List;
import java.util.Set;

/**
 * One caller's view of the registry, decided on one registry revision (see {@link Visibility} for the rule). Areas
 * filter what they answer with it, and answer what it hides exactly as what does not exist.
 */
public interface Viewer
{
    String user();

    /** Governance admins and the Trinos ({@code governance.snapshot-readers}), who see everything. */
    boolean seesEverything();

    /**
     * This caller's view narrowed to the products Trino lists them in the mesh catalog: of the products Trino serves,
     * those they may read a dataset of (a domain owner who reads none of a product sees it here, not in Trino); products
     * Trino does not serve (drafts, retired ones) as before. The portal lists by it, so it shows no product Trino would not.
     */
    Viewer listedInTrino();

    /** Whether the caller may see product {@code product}; false for a product that does not exist. */
    boolean canSee(String product);

    /** Whether the caller may see domain {@code domain}: its owner, or someone who sees one of its products. */
    boolean canSeeDomain(String domain);

    /** Whether the caller is the domain's owner or the owner of one of its products: who may write its policies. */
    boolean ownsDomain(String domain);

    /** How many of the domain's products the caller sees. */
    int visibleProducts(String domain);

    /** The products the caller may see, by name. */
    List<String> visibleProducts();

    /**
     * Whether the caller may read {@code dataset} of {@code product} in Trino's mesh catalog, as the access control
     * decides it; a table served beside a dataset ({@code orders_v1}, {@code orders@2026-q3}) as that dataset, and a
     * pinned table ({@code orders@snapshot:42}) as the table it pins.
     */
    boolean canRead(String product, String dataset);

    /** Whether the caller may see the product that owns lake namespace {@code namespace}; false when no product does. */
    boolean canSeeLakeNamespace(String namespace);

    /**
     * The tables ({@code catalog.schema.table}) declared as the source of a dataset the caller may read: its
     * descriptor shows them anyway.
     */
    Set<String> readableSources();
}
