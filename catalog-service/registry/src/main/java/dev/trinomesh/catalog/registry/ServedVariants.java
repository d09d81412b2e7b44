package dev.trinomesh.catalog.registry;

import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.DatasetRelease;
import dev.trinomesh.api.model.DatasetVariant;
import dev.trinomesh.api.model.PreviousMajor;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.model.ProductSpec;
import dev.trinomesh.catalog.registry.descriptor.SemanticVersion;
import org.jdbi.v3.core.Handle;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static java.util.stream.Collectors.toMap;
import static java.util.stream.Collectors.toSet;

/**
 * The tables served beside the datasets of served products, for the catalog and governance snapshots:
 * the datasets of the previous major while a product declares {@code spec.previousMajor} (the registry's
 * own history), and the releases of its datasets (added by the snapshot resources, which see both). A variant's columns keep the classification its dataset gives them today as
 * well as their own, so a column classified after a release was cut is governed in the release too.
 */
public final class ServedVariants
{
    private ServedVariants() {}

    /** The previous major's datasets of every served product whose window is declared, as of the products read with {@code handle}. */
    public static List<DatasetVariant> previousMajors(Handle handle, List<ProductRecord> products)
    {
        List<DatasetVariant> variants = new ArrayList<>();
        for (ProductRecord product : products) {
            if (!product.status().isServed()) {
                continue;
            }
            previousMajor(handle, product).ifPresent(previous -> {
                PreviousMajor window = product.descriptor().spec().previousMajor();
                int major = SemanticVersion.parse(previous.metadata().version()).orElseThrow().major().intValueExact();
                for (Dataset old : previous.descriptor().spec().datasets()) {
                    variants.add(DatasetVariant.previousMajor(product.name(), old.name(), major, previous.metadata().version(), window.until(),
                            classified(old, product.descriptor().spec().dataset(old.name()))));
                }
            });
        }
        return variants;
    }

    /** {@code variants} and the releases of served products' datasets, ordered by product and table. */
    public static List<DatasetVariant> withReleases(List<DatasetVariant> variants, List<DataProduct> products, List<DatasetRelease> releases)
    {
        Map<String, DataProduct> served = products.stream()
                .filter(product -> product.metadata().status().isServed())
                .collect(toMap(DataProduct::name, Function.identity()));
        List<DatasetVariant> all = new ArrayList<>(variants);
        for (DatasetRelease release : releases) {
            DataProduct product = served.get(release.product());
            if (product != null) {
                DatasetVariant variant = DatasetVariant.release(release);
                all.add(variant.withDefinition(classified(variant.definition(), product.spec().dataset(release.dataset()))));
            }
        }
        all.sort(Comparator.comparing(DatasetVariant::product).thenComparing(DatasetVariant::table));
        return all;
    }

    /**
     * A product as policies may name it: its datasets and columns, and those its variants serve under names
     * the current contract no longer has (a dataset or column of the previous major renamed or dropped since,
     * a released dataset dropped since). Rules match variants by their dataset's and columns' own names, so
     * a policy must be able to name these to reach them.
     */
    public static DataProduct governable(DataProduct product, List<DatasetVariant> variants)
    {
        Map<String, Dataset> datasets = new LinkedHashMap<>();
        product.spec().datasets().forEach(dataset -> datasets.put(dataset.name(), dataset));
        for (DatasetVariant variant : variants) {
            Dataset current = datasets.get(variant.dataset());
            if (current == null) {
                datasets.put(variant.dataset(), new Dataset(variant.dataset(), variant.definition().description(), variant.definition().source(), variant.definition().columns(), null, null));
                continue;
            }
            Set<String> names = current.columns().stream().map(Column::name).collect(toSet());
            List<Column> columns = new ArrayList<>(current.columns());
            variant.definition().columns().stream().filter(column -> !names.contains(column.name())).forEach(columns::add);
            datasets.put(current.name(), new Dataset(current.name(), current.description(), current.owner(), current.metric(), current.source(), columns, current.freshness(), current.quality()));
        }
        ProductSpec spec = product.spec();
        return new DataProduct(product.apiVersion(), product.kind(), product.metadata(),
                new ProductSpec(List.copyOf(datasets.values()), spec.access(), spec.lake(), spec.checks(), spec.previousMajor()));
    }

    /** The newest served revision of the major before the product's current one, when the product serves it. */
    private static Optional<ProductRecord> previousMajor(Handle handle, ProductRecord product)
    {
        if (product.descriptor().spec().previousMajor() == null) {
            return Optional.empty();
        }
        BigInteger major = SemanticVersion.parse(product.metadata().version()).orElseThrow().major();
        if (major.signum() == 0) {
            return Optional.empty();
        }
        return RegistryStore.latestServedRevision(handle, product.name(), major.subtract(BigInteger.ONE));
    }

    private static Dataset classified(Dataset variant, Optional<Dataset> current)
    {
        if (current.isEmpty()) {
            return variant;
        }
        Map<String, Column> currentColumns = current.orElseThrow().columns().stream().collect(toMap(Column::name, Function.identity()));
        List<Column> columns = variant.columns().stream().map(column -> {
            Column now = currentColumns.get(column.name());
            if (now == null) {
                return column;
            }
            Set<String> tags = new LinkedHashSet<>(column.classification());
            tags.addAll(now.classification());
            return new Column(column.name(), column.type(), column.required(), column.unique(), column.description(), List.copyOf(tags));
        }).toList();
        return new Dataset(variant.name(), variant.description(), variant.source(), columns, variant.freshness(), variant.quality());
    }
}
