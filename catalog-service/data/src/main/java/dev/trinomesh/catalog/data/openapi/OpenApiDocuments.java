package dev.trinomesh.catalog.data.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Inject;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.DatasetVariant;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.model.ProductStatus;
import dev.trinomesh.catalog.data.read.ServedTables;
import dev.trinomesh.catalog.registry.api.ProductCatalog;
import dev.trinomesh.catalog.registry.api.Viewer;
import dev.trinomesh.catalog.registry.api.Visibility;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The OpenAPI documents of the data API as one caller may use them: a product's describes the datasets they may read
 * (and the previous major's tables still served for those), answered 404 and 410 exactly as its data is; the index
 * links to the document of every product they may read something of.
 */
public final class OpenApiDocuments
{
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ProductCatalog catalog;
    private final ServedTables tables;
    private final Visibility visibility;
    private final OpenApiGenerator generator;
    private final Clock clock;

    @Inject
    public OpenApiDocuments(ProductCatalog catalog, ServedTables tables, Visibility visibility, OpenApiGenerator generator)
    {
        this(catalog, tables, visibility, generator, Clock.systemUTC());
    }

    public OpenApiDocuments(ProductCatalog catalog, ServedTables tables, Visibility visibility, OpenApiGenerator generator, Clock clock)
    {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
        this.generator = requireNonNull(generator, "generator is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** {@code GET /v1/data/{product}/openapi.json}: 404 for a product {@code user} may not see (or a draft), 410 for a retired one. */
    public ObjectNode product(String user, String name)
    {
        Viewer viewer = visibility.viewer(user);
        ProductRecord product = tables.product(viewer, name);
        return generator.generate(product, readable(viewer, product), previousMajors(viewer, product));
    }

    /**
     * {@code GET /v1/data/openapi.json}: a link to the document of each served product {@code user} may read a dataset
     * of, with what it holds. Its {@code urls} are in the form Swagger UI's {@code configUrl} takes, so a viewer can
     * offer every product's document from this one address.
     */
    public ObjectNode index(String user)
    {
        Viewer viewer = visibility.viewer(user);
        ObjectNode index = JSON.objectNode();
        index.put("description", "The OpenAPI 3.1 documents of the data API, one per product you may read, each describing the datasets you may read.");
        ArrayNode urls = index.putArray("urls");
        ArrayNode products = index.putArray("products");
        List<ProductRecord> served = viewer.visibleProducts().stream()
                .map(catalog::product)
                .flatMap(Optional::stream)
                .filter(product -> product.status() == ProductStatus.PUBLISHED || product.status() == ProductStatus.DEPRECATED)
                .sorted(Comparator.comparing(ProductRecord::name))
                .toList();
        for (ProductRecord product : served) {
            List<Dataset> datasets = readable(viewer, product);
            if (datasets.isEmpty()) {
                continue;
            }
            String document = documentPath(product.name());
            urls.addObject().put("name", "%s %s".formatted(product.name(), product.metadata().version())).put("url", document);
            ObjectNode entry = products.addObject();
            entry.put("name", product.name());
            entry.put("version", product.metadata().version());
            entry.put("domain", product.metadata().domain());
            entry.put("status", product.status().wireName());
            Optional.ofNullable(product.metadata().description()).ifPresent(description -> entry.put("description", description));
            entry.put("openapi", document);
            int major = ServedTables.majorOf(product.metadata().version());
            ArrayNode paths = entry.putArray("datasets");
            ArrayNode metrics = entry.putArray("metrics");
            for (Dataset dataset : datasets) {
                paths.addObject().put("name", dataset.name()).put("path", OpenApiGenerator.dataPath(product.name(), major, dataset.name()));
                if (dataset.hasMetric()) {
                    metrics.addObject().put("name", dataset.name()).put("path", OpenApiGenerator.metricPath(product.name(), dataset.name()));
                }
            }
        }
        return index;
    }

    /** Where a product's document is: {@code /v1/data/sales_orders/openapi.json}. */
    public static String documentPath(String product)
    {
        return "/v1/data/%s/openapi.json".formatted(product);
    }

    private static List<Dataset> readable(Viewer viewer, ProductRecord product)
    {
        return product.descriptor().spec().datasets().stream()
                .filter(dataset -> viewer.canRead(product.name(), dataset.name()))
                .toList();
    }

    /** The previous major's tables of the product still served today (as ServedTables serves them), for datasets the viewer may read. */
    private List<DatasetVariant> previousMajors(Viewer viewer, ProductRecord product)
    {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        int current = ServedTables.majorOf(product.metadata().version());
        return catalog.snapshot().variants().stream()
                .filter(variant -> variant.product().equals(product.name()) && variant.kind() == DatasetVariant.Kind.PREVIOUS_MAJOR)
                .filter(variant -> !variant.until().isBefore(today) && ServedTables.majorOf(variant.version()) < current)
                .filter(variant -> viewer.canRead(product.name(), variant.dataset()))
                .sorted(Comparator.comparing(DatasetVariant::table))
                .toList();
    }
}
