package dev.trinomesh.catalog.data.read;

import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.ProductRecord;
import org.apache.iceberg.catalog.TableIdentifier;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The mesh table a request for {@code /v1/data/{product}/v{major}/{dataset}} reads: the dataset itself at the current
 * major, or its previous major's table ({@code orders_v1}) during the deprecation window. {@code contract} is what that
 * table serves; {@code lakeTable} the lake table it reads, when it reads one (then pages can be pinned to a snapshot).
 * {@code version} is the version it serves (the previous major's for its table); {@code headers} tell the client
 * about deprecation ({@code Deprecation}, {@code Sunset}, {@code Link}).
 */
public record ServedTable(
        ProductRecord product,
        String dataset,
        int major,
        String version,
        String table,
        Dataset contract,
        Optional<TableIdentifier> lakeTable,
        Map<String, String> headers)
{
    public ServedTable
    {
        requireNonNull(product, "product is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(version, "version is null");
        requireNonNull(table, "table is null");
        requireNonNull(contract, "contract is null");
        requireNonNull(lakeTable, "lakeTable is null");
        headers = Map.copyOf(headers);
    }

    public List<Column> columns()
    {
        return contract.columns();
    }

    /** The columns whose values identify a row (declared unique in the contract), in contract order. */
    public List<String> uniqueColumns()
    {
        return contract.columns().stream().filter(Column::unique).map(Column::name).toList();
    }
}
