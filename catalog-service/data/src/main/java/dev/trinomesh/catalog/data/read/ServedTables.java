package dev.trinomesh.catalog.data.read;

import com.google.inject.Inject;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.DatasetVariant;
import dev.trinomesh.api.model.PreviousMajor;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.model.ProductStatus;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.lake.api.LakeBindings;
import dev.trinomesh.catalog.registry.api.ProductCatalog;
import dev.trinomesh.catalog.registry.api.Viewer;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Finds the table a data request reads, answering as the registry says: a product the caller may not see exactly as
 * one that does not exist (404), a retired product or major as gone (410), a previous major during its window with
 * {@code Deprecation}, {@code Sunset} and a {@code Link} to its successor, a deprecated product with
 * {@code Deprecation}. Whether the caller may read the rows is Trino's to decide, not this class's.
 */
public final class ServedTables
{
    private final ProductCatalog catalog;
    private final LakeBindings bindings;
    private final Clock clock;

    @Inject
    public ServedTables(ProductCatalog catalog, LakeBindings bindings)
    {
        this(catalog, bindings, Clock.systemUTC());
    }

    public ServedTables(ProductCatalog catalog, LakeBindings bindings, Clock clock)
    {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.bindings = requireNonNull(bindings, "bindings is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The product as {@code viewer} may know it: 404 when it does not exist for them, 410 when retired. */
    public ProductRecord product(Viewer viewer, String name)
    {
        Optional<ProductRecord> product = catalog.product(name).filter(_ -> viewer.canSee(name));
        if (product.isEmpty() || product.orElseThrow().status() == ProductStatus.DRAFT) {
            throw ServiceException.notFound("there is no product '%s' (or you may not see it); GET /v1/search lists the products you may read".formatted(name));
        }
        if (product.orElseThrow().status() == ProductStatus.RETIRED) {
            throw ServiceException.gone("product '%s' is retired: its data is no longer served".formatted(name));
        }
        return product.orElseThrow();
    }

    public ServedTable resolve(Viewer viewer, String productName, int major, String dataset)
    {
        ProductRecord product = product(viewer, productName);
        int current = majorOf(product.metadata().version());
        Map<String, String> headers = new LinkedHashMap<>();
        if (product.status() == ProductStatus.DEPRECATED) {
            headers.put("Deprecation", "@" + product.updatedAt().getEpochSecond());
            headers.put("Link", "</portal/products/%s>; rel=\"deprecation\"; type=\"text/html\"".formatted(productName));
        }
        if (major == current) {
            Dataset contract = product.descriptor().spec().datasets().stream()
                    .filter(candidate -> candidate.name().equals(dataset))
                    .findFirst()
                    .orElseThrow(() -> ServiceException.notFound("product '%s' (version %s) has no dataset '%s'; its datasets are %s"
                            .formatted(productName, product.metadata().version(), dataset, datasetNames(product))));
            return new ServedTable(product, dataset, major, product.metadata().version(), dataset, contract, bindings.boundTable(contract), headers);
        }
        if (major > current) {
            throw ServiceException.notFound("product '%s' is at version %s: there is no v%s yet; read /v1/data/%s/v%s/%s"
                    .formatted(productName, product.metadata().version(), major, productName, current, dataset));
        }
        String table = PreviousMajor.tableName(dataset, major);
        Optional<DatasetVariant> variant = catalog.snapshot().variants().stream()
                .filter(candidate -> candidate.product().equals(productName) && candidate.kind() == DatasetVariant.Kind.PREVIOUS_MAJOR && candidate.table().equals(table))
                .findFirst();
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (variant.isEmpty() || variant.orElseThrow().until().isBefore(today)) {
            throw ServiceException.gone("version %s of product '%s' is retired%s; read /v1/data/%s/v%s/%s (version %s)".formatted(
                    major, productName, variant.map(served -> ", its deprecation window ended on " + served.until()).orElse(""),
                    productName, current, dataset, product.metadata().version()));
        }
        DatasetVariant served = variant.orElseThrow();
        headers.put("Deprecation", "@" + product.updatedAt().getEpochSecond());
        // Served through its last day: gone from the first moment of the next one.
        headers.put("Sunset", DateTimeFormatter.RFC_1123_DATE_TIME.format(served.until().plusDays(1).atStartOfDay(ZoneOffset.UTC)));
        headers.put("Link", "</v1/data/%s/v%s/%s>; rel=\"successor-version\"".formatted(productName, current, dataset));
        return new ServedTable(product, dataset, major, served.version(), table, served.definition(), bindings.boundTable(served.definition()), headers);
    }

    /** The major of a semantic version: {@code 2} of {@code 2.1.0}. */
    public static int majorOf(String version)
    {
        int dot = version.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        }
        catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String datasetNames(ProductRecord product)
    {
        List<String> names = product.descriptor().spec().datasets().stream().map(Dataset::name).toList();
        return String.join(", ", names);
    }
}
