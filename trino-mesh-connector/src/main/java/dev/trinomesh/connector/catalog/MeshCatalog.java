package dev.trinomesh.connector.catalog;

import dev.trinomesh.api.model.ProductRecord;
import io.trino.spi.connector.SchemaTableName;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, query-ready view of the registry at one revision: every product, and for the served
 * ones (published, deprecated) their datasets compiled into view definitions. Lookups are map reads.
 */
public record MeshCatalog(long revision, List<ProductRecord> products, Map<String, ServedProduct> schemas)
{
    public MeshCatalog
    {
        products = List.copyOf(products);
        schemas = Map.copyOf(schemas);
    }

    public Optional<ServedProduct> schema(String name)
    {
        return Optional.ofNullable(schemas.get(name));
    }

    public Optional<DatasetView> dataset(SchemaTableName name)
    {
        return schema(name.getSchemaName()).flatMap(product -> product.dataset(name.getTableName()));
    }
}
