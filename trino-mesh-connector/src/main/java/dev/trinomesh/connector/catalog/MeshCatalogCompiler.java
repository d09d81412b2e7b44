package dev.trinomesh.connector.catalog;

import dev.trinomesh.api.model.CatalogSnapshot;
import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.DatasetVariant;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.model.ProductStatus;
import dev.trinomesh.api.quality.DatasetQuality;
import dev.trinomesh.connector.MeshCatalogName;
import io.trino.spi.connector.ConnectorViewDefinition;
import io.trino.spi.connector.ConnectorViewDefinition.ViewColumn;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeManager;
import jakarta.inject.Inject;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * Turns a registry snapshot into a {@link MeshCatalog}: each dataset of a served product becomes a
 * definer view owned by its product's principal, typed and commented as its contract says, and keeps
 * the health the snapshot reports for it (which decides whether its circuit breaker is open). The
 * variants beside them (a previous major's datasets, releases) become views the same way; the deprecated
 * ones (a previous major's, every table of a deprecated product) warn their readers ({@link DeprecationNotices}).
 */
public class MeshCatalogCompiler
{
    /** The user a product's views run as, e.g. {@code product:sales_orders}. */
    public static final String PRODUCT_PRINCIPAL_PREFIX = "product:";

    private final String catalogName;
    private final TypeManager typeManager;

    @Inject
    public MeshCatalogCompiler(MeshCatalogName catalogName, TypeManager typeManager)
    {
        this.catalogName = requireNonNull(catalogName, "catalogName is null").value();
        this.typeManager = requireNonNull(typeManager, "typeManager is null");
    }

    public MeshCatalog compile(CatalogSnapshot snapshot)
    {
        Map<SchemaTableName, DatasetQuality> quality = new HashMap<>();
        for (DatasetQuality health : snapshot.quality()) {
            quality.put(new SchemaTableName(health.product(), health.dataset()), health);
        }
        Map<String, List<DatasetVariant>> variants = new HashMap<>();
        snapshot.variants().forEach(variant -> variants.computeIfAbsent(variant.product(), _ -> new ArrayList<>()).add(variant));
        Map<String, ServedProduct> schemas = new LinkedHashMap<>();
        for (ProductRecord product : snapshot.products()) {
            if (product.status().isServed()) {
                schemas.put(product.name(), serve(product, variants.getOrDefault(product.name(), List.of()), quality));
            }
        }
        return new MeshCatalog(snapshot.revision(), snapshot.products(), snapshot.variants(), schemas, quality);
    }

    private ServedProduct serve(ProductRecord product, List<DatasetVariant> variants, Map<SchemaTableName, DatasetQuality> quality)
    {
        Optional<String> productDeprecation = product.status() == ProductStatus.DEPRECATED
                ? Optional.of("product %s (version %s) is deprecated; its owner %s can say what replaces it".formatted(product.name(), product.metadata().version(), product.metadata().owner()))
                : Optional.empty();
        Map<String, DatasetView> datasets = new LinkedHashMap<>();
        for (Dataset dataset : product.descriptor().spec().datasets()) {
            SchemaTableName name = new SchemaTableName(product.name(), dataset.name());
            datasets.put(dataset.name(), view(name, product, dataset, OptionalLong.empty(), Optional.ofNullable(quality.get(name)), productDeprecation, Optional.empty()));
        }
        Map<String, DatasetView> served = new LinkedHashMap<>();
        for (DatasetVariant variant : variants) {
            SchemaTableName name = new SchemaTableName(product.name(), variant.table());
            Optional<String> deprecation = switch (variant.kind()) {
                case PREVIOUS_MAJOR -> Optional.of("it serves dataset %s of product %s at version %s until %s; move to %s.%s.%s (version %s)"
                        .formatted(variant.dataset(), product.name(), variant.version(), variant.until(), catalogName, product.name(), variant.dataset(), product.metadata().version()));
                case RELEASE -> productDeprecation;
            };
            // A previous major reads the live data its dataset reads: when a blocking check stops the dataset, it stops
            // the old major too. A release is frozen: its checks passed or failed when it was cut.
            Optional<DatasetQuality> health = variant.kind() == DatasetVariant.Kind.PREVIOUS_MAJOR
                    ? Optional.ofNullable(quality.get(new SchemaTableName(product.name(), variant.dataset())))
                    : Optional.empty();
            served.put(variant.table(), view(name, product, variant.definition(), variant.pinnedSnapshot(), health, deprecation, Optional.ofNullable(variant.until())));
        }
        return new ServedProduct(product, datasets, served);
    }

    private DatasetView view(SchemaTableName name, ProductRecord product, Dataset dataset, OptionalLong snapshot, Optional<DatasetQuality> quality, Optional<String> deprecation, Optional<LocalDate> until)
    {
        Optional<String> notice = deprecation.map(reason -> "%s.%s.%s is deprecated: %s".formatted(catalogName, name.getSchemaName(), name.getTableName(), reason));
        List<ViewColumn> columns = new ArrayList<>();
        for (Column column : dataset.columns()) {
            Type type;
            try {
                type = typeManager.fromSqlType(column.type());
            }
            catch (RuntimeException e) {
                return new DatasetView(name, dataset, Optional.empty(), Optional.of(
                        "column %s has type '%s', which this Trino does not know (%s); fix the contract of product %s"
                                .formatted(column.name(), column.type(), e.getMessage(), product.name())), quality, notice, until, snapshot);
            }
            columns.add(new ViewColumn(column.name(), type.getTypeId(), Optional.ofNullable(column.description())));
        }
        ConnectorViewDefinition definition = new ConnectorViewDefinition(
                DatasetView.query(catalogName, name, dataset, snapshot, notice.isPresent()),
                Optional.of(catalogName),
                Optional.of(product.name()),
                columns,
                Optional.ofNullable(dataset.description()),
                Optional.of(PRODUCT_PRINCIPAL_PREFIX + product.name()),
                false,
                List.of());
        return new DatasetView(name, dataset, Optional.of(definition), Optional.empty(), quality, notice, until, snapshot);
    }
}
