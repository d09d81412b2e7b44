package dev.trinomesh.catalog.search;

import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.search.IndexSearcher;

import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The index of the registry at one revision, searched as a whole and replaced as a whole. Its reader is left open
 * when a newer generation replaces it: searches may still run on it, and an in-memory index holds nothing but heap.
 * Without products there is nothing to search ({@code searcher} empty: Lucene has no facet state of no documents).
 */
record IndexGeneration(long revision, Optional<Searchable> searcher, Map<String, IndexedProduct> products)
{
    IndexGeneration
    {
        requireNonNull(searcher, "searcher is null");
        products = Map.copyOf(products);
    }

    record Searchable(IndexSearcher searcher, FacetsConfig facetsConfig, SortedSetDocValuesReaderState facetsState)
    {
        Searchable
        {
            requireNonNull(searcher, "searcher is null");
            requireNonNull(facetsConfig, "facetsConfig is null");
            requireNonNull(facetsState, "facetsState is null");
        }
    }
}
