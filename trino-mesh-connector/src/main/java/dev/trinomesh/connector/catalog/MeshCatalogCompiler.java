package dev.trinomesh.connector.catalog;

import dev.trinomesh.api.model.CatalogSnapshot;
import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.DatasetSql;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.quality.DatasetQuality;
import dev.trinomesh.connector.MeshCatalogName;
import io.trino.spi.connector.ConnectorViewDefinition;
import io.trino.spi.connector.ConnectorViewDefinition.ViewColumn;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeManager;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Turns a registry snapshot into a {@link MeshCatalog}: each dataset of a served product becomes a
 * definer view owned by its product's principal, typed and commented as its contract says, and keeps
 * the health the snapshot reports for it (which decides whether its circuit breaker is open).
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
        Map<String, ServedProduct> schemas = new LinkedHashMap<>();
        for (ProductRecord product : snapshot.products()) {
            if (product.status().isServed()) {
                schemas.put(product.name(), serve(product, quality));
            }
        }
        return new MeshCatalog(snapshot.revision(), snapshot.products(), schemas, quality);
    }

    private ServedProduct serve(ProductRecord product, Map<SchemaTableName, DatasetQuality> quality)
    {
        Map<String, DatasetView> datasets = new LinkedHashMap<>();
        for (Dataset dataset : product.descriptor().spec().datasets()) {
            SchemaTableName name = new SchemaTableName(product.name(), dataset.name());
            datasets.put(dataset.name(), view(name, product, dataset, Optional.ofNullable(quality.get(name))));
        }
        return new ServedProduct(product, datasets);
    }

    private DatasetView view(SchemaTableName name, ProductRecord product, Dataset dataset, Optional<DatasetQuality> quality)
    {
        List<ViewColumn> columns = new ArrayList<>();
        for (Column column : dataset.columns()) {
            Type type;
            try {
                type = typeManager.fromSqlType(column.type());
            }
            catch (RuntimeException e) {
                return new DatasetView(name, dataset, Optional.empty(), Optional.of(
                        "column %s has type '%s', which this Trino does not know (%s); fix the contract of product %s"
                                .formatted(column.name(), column.type(), e.getMessage(), product.name())), quality);
            }
            columns.add(new ViewColumn(column.name(), type.getTypeId(), Optional.ofNullable(column.description())));
        }
        ConnectorViewDefinition definition = new ConnectorViewDefinition(
                DatasetSql.select(dataset),
                Optional.of(catalogName),
                Optional.of(product.name()),
                columns,
                Optional.ofNullable(dataset.description()),
                Optional.of(PRODUCT_PRINCIPAL_PREFIX + product.name()),
                false,
                List.of());
        return new DatasetView(name, dataset, Optional.of(definition), Optional.empty(), quality);
    }
}
