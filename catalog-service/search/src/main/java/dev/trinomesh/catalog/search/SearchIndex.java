package dev.trinomesh.catalog.search;

import dev.trinomesh.catalog.registry.api.ProductCatalog;
import dev.trinomesh.catalog.registry.api.ServedHealth;
import io.airlift.log.Logger;
import io.airlift.units.Duration;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;

import static io.airlift.concurrent.Threads.daemonThreadsNamed;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.Executors.newSingleThreadExecutor;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * The current index generation, rebuilt whenever the registry revision has moved (a descriptor, a status or a
 * dataset's health changed). The first search builds it; later ones start a rebuild on the index's own thread and
 * wait for it at most {@code search.rebuild-wait}, answering from the previous generation when it takes longer:
 * a small catalog is always searched fresh, a large one never makes a search slow.
 */
public final class SearchIndex
{
    private static final Logger log = Logger.get(SearchIndex.class);

    private final ProductCatalog catalog;
    private final ServedHealth health;
    private final IndexBuilder builder;
    private final long rebuildWaitMillis;
    private final ExecutorService executor = newSingleThreadExecutor(daemonThreadsNamed("search-index-%s"));
    private volatile IndexGeneration generation;
    // Guarded by this.
    private CompletableFuture<IndexGeneration> rebuild;

    @Inject
    public SearchIndex(ProductCatalog catalog, ServedHealth health, SearchConfig config)
    {
        this(catalog, health, new TextAnalysis(), config.getRebuildWait());
    }

    SearchIndex(ProductCatalog catalog, ServedHealth health, TextAnalysis analysis, Duration rebuildWait)
    {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.health = requireNonNull(health, "health is null");
        this.builder = new IndexBuilder(analysis);
        this.rebuildWaitMillis = rebuildWait.toMillis();
    }

    @PreDestroy
    public void stop()
    {
        executor.shutdownNow();
    }

    IndexGeneration current()
    {
        long revision = catalog.registryRevision();
        IndexGeneration served = generation;
        if (served == null) {
            return first();
        }
        if (served.revision() >= revision) {
            return served;
        }
        try {
            return rebuild().get(rebuildWaitMillis, MILLISECONDS);
        }
        catch (TimeoutException e) {
            return served;
        }
        catch (ExecutionException e) {
            log.error(e.getCause(), "rebuilding the search index failed; searching the index of registry revision %s", served.revision());
            return served;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return served;
        }
    }

    private synchronized IndexGeneration first()
    {
        if (generation == null) {
            generation = build();
        }
        return generation;
    }

    /** The rebuild under way, or a new one. */
    private synchronized CompletableFuture<IndexGeneration> rebuild()
    {
        if (rebuild == null || rebuild.isDone()) {
            rebuild = CompletableFuture.supplyAsync(() -> {
                IndexGeneration built = build();
                synchronized (this) {
                    if (built.revision() > generation.revision()) {
                        generation = built;
                    }
                    return generation;
                }
            }, executor);
        }
        return rebuild;
    }

    private IndexGeneration build()
    {
        long start = System.nanoTime();
        // Read before what is indexed: a generation may be newer than its revision, never older.
        long revision = catalog.registryRevision();
        IndexGeneration built = builder.build(revision, catalog.snapshot(), health.all());
        log.debug("search index of registry revision %s: %s products in %.1f ms", built.revision(), built.products().size(), (System.nanoTime() - start) / 1e6);
        return built;
    }
}
