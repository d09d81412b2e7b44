package dev.trinomesh.catalog.search;

import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.ProductMetadata;
import dev.trinomesh.api.quality.QualityStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * What the index knows of a product: its facet values and its text, place by place, most telling first (name, tags,
 * datasets, metrics, columns, ... descriptions last), which is also the order its matches are shown in.
 */
record IndexedProduct(String name, String domain, String status, String health, String description, List<String> tags, List<String> classifications, List<Place> places)
{
    IndexedProduct
    {
        requireNonNull(name, "name is null");
        requireNonNull(domain, "domain is null");
        requireNonNull(status, "status is null");
        requireNonNull(health, "health is null");
        tags = List.copyOf(tags);
        classifications = List.copyOf(classifications);
        places = List.copyOf(places);
    }

    static IndexedProduct of(DataProduct descriptor, QualityStatus health)
    {
        ProductMetadata metadata = descriptor.metadata();
        String name = metadata.name();
        List<Place> places = new ArrayList<>();
        places.add(new Place(SearchField.NAME, "product", name, name));
        metadata.tags().forEach(tag -> places.add(new Place(SearchField.TAG, "tag", name, tag)));
        List<Dataset> datasets = descriptor.spec().datasets();
        for (Dataset dataset : datasets) {
            if (dataset.hasMetric()) {
                places.add(new Place(SearchField.METRIC, "metric", dataset.name(), dataset.name()));
                places.add(new Place(SearchField.METRIC, "metric", dataset.name(), dataset.metric().measure()));
            }
            else {
                places.add(new Place(SearchField.DATASET, "dataset", dataset.name(), dataset.name()));
            }
        }
        TreeSet<String> classifications = new TreeSet<>();
        for (Dataset dataset : datasets) {
            for (Column column : dataset.columns()) {
                places.add(new Place(SearchField.COLUMN, "column", dataset.name() + "." + column.name(), column.name()));
            }
        }
        for (Dataset dataset : datasets) {
            for (Column column : dataset.columns()) {
                for (String classification : column.classification()) {
                    places.add(new Place(SearchField.CLASSIFICATION, "classification", dataset.name() + "." + column.name(), classification));
                    classifications.add(classification);
                }
            }
        }
        places.add(new Place(SearchField.DOMAIN, "domain", metadata.domain(), metadata.domain()));
        places.add(new Place(SearchField.OWNER, "owner", metadata.owner(), metadata.owner()));
        description(places, name, metadata.description());
        for (Dataset dataset : datasets) {
            description(places, dataset.name(), dataset.description());
            dataset.columns().forEach(column -> description(places, dataset.name() + "." + column.name(), column.description()));
        }
        return new IndexedProduct(
                name,
                metadata.domain(),
                metadata.status().wireName(),
                health.wireName(),
                metadata.description(),
                metadata.tags().stream().distinct().sorted(Comparator.naturalOrder()).toList(),
                List.copyOf(classifications),
                places);
    }

    private static void description(List<Place> places, String path, String description)
    {
        if (description != null && !description.isBlank()) {
            places.add(new Place(SearchField.DESCRIPTION, "description", path, description));
        }
    }
}
