package dev.trinomesh.catalog.registry.api;

import dev.trinomesh.api.model.CatalogSnapshot;
import dev.trinomesh.api.model.ProductRecord;

import java.util.Map;
import java.util.Optional;

/** What the registry tells other areas about products, and the one change they may make to it. */
public interface ProductCatalog
{
    /** The registry revision: it moves with every change of what the catalog and governance snapshots serve. */
    long registryRevision();

    /** Every product at its current revision (without releases or health); tagged with the registry revision. */
    CatalogSnapshot snapshot();

    Optional<ProductRecord> product(String name);

    /** A product's descriptor as it was at one of its revisions. */
    Optional<ProductRecord> findRevision(String name, int revision);

    /** Each product's current revision, by name. */
    Map<String, Integer> productRevisions();

    /** Each product's lake namespace, by product name. */
    Map<String, String> lakeNamespaces();

    /** Refuses unless {@code user} may operate {@code product} (run its checks, make its releases): its owners, its domain's owner, governance admins. */
    void checkCanOperate(String product, String user);

    /**
     * Moves the registry revision without changing a descriptor: something else the snapshots serve
     * changed (a dataset's health, a release), and the plugins polling them must fetch them again.
     */
    long advanceRevision();
}
