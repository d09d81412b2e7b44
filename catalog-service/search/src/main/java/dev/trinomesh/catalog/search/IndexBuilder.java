package dev.trinomesh.catalog.search;

import dev.trinomesh.api.model.CatalogSnapshot;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.quality.DatasetQuality;
import dev.trinomesh.api.quality.QualityStatus;
import dev.trinomesh.catalog.search.IndexGeneration.Searchable;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Builds a generation: one document per product, in name order (so that equal scores rank by name). */
final class IndexBuilder
{
    static final String NAME_SORT = "name_sort";

    private final TextAnalysis analysis;

    IndexBuilder(TextAnalysis analysis)
    {
        this.analysis = requireNonNull(analysis, "analysis is null");
    }

    IndexGeneration build(long revision, CatalogSnapshot snapshot, List<DatasetQuality> health)
    {
        Map<String, QualityStatus> worst = worstHealth(health);
        Map<String, IndexedProduct> products = new LinkedHashMap<>();
        snapshot.products().stream()
                .sorted(Comparator.comparing(ProductRecord::name))
                .forEach(product -> products.put(product.name(), IndexedProduct.of(product.descriptor(), worst.getOrDefault(product.name(), QualityStatus.UNKNOWN))));
        if (products.isEmpty()) {
            return new IndexGeneration(revision, Optional.empty(), products);
        }
        FacetsConfig facetsConfig = SearchFacet.facetsConfig();
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        try {
            try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analysis.indexAnalyzer()).setOpenMode(IndexWriterConfig.OpenMode.CREATE))) {
                for (IndexedProduct product : products.values()) {
                    writer.addDocument(facetsConfig.build(document(product)));
                }
            }
            DirectoryReader reader = DirectoryReader.open(directory);
            Searchable searchable = new Searchable(new IndexSearcher(reader), facetsConfig, new DefaultSortedSetDocValuesReaderState(reader, facetsConfig));
            return new IndexGeneration(revision, Optional.of(searchable), products);
        }
        catch (IOException e) {
            // An in-memory directory fails only on a bug.
            throw new UncheckedIOException("building the search index failed", e);
        }
    }

    private static Document document(IndexedProduct product)
    {
        Document document = new Document();
        document.add(new StringField(ProductQueries.PRODUCT, product.name(), Field.Store.YES));
        document.add(new SortedDocValuesField(NAME_SORT, new BytesRef(product.name())));
        for (Place place : product.places()) {
            document.add(new TextField(place.field().field(), place.text(), Field.Store.NO));
            document.add(new TextField(place.field().rawField(), place.text(), Field.Store.NO));
        }
        for (SearchFacet facet : SearchFacet.values()) {
            facet.valuesOf(product).forEach(value -> document.add(new SortedSetDocValuesFacetField(facet.dimension(), value)));
        }
        return document;
    }

    /** Each product's worst dataset health; a product none of whose datasets was checked is {@code unknown}. */
    private static Map<String, QualityStatus> worstHealth(List<DatasetQuality> health)
    {
        Map<String, QualityStatus> worst = new HashMap<>();
        health.forEach(quality -> worst.merge(quality.product(), quality.status(), QualityStatus::worst));
        return worst;
    }
}
