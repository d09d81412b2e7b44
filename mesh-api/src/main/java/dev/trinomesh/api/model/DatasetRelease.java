package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A named data release of a dataset: the dataset's lake table pinned at one Iceberg snapshot (kept by an
 * Iceberg tag), with the contract's columns as they were when it was cut. The mesh catalog serves it as
 * its own table, {@code <dataset>@<name>}, which returns the same rows however the table changes later.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"product", "dataset", "name", "productVersion", "sourceTable", "snapshotId", "tag", "columns", "description", "createdBy", "createdAt"})
public record DatasetRelease(
        String product,
        String dataset,
        String name,
        String productVersion,
        String sourceTable,
        long snapshotId,
        String tag,
        List<Column> columns,
        String description,
        String createdBy,
        Instant createdAt)
{
    /**
     * Release names: lower case letters, digits, '_', '-' and '.', starting with a letter or digit, at most 64 characters.
     * Never a ':', so that no release table ({@code orders@2026-q3}) is ever named like a pinned one ({@link PinnedSnapshot}).
     */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    /** Separates a dataset's name from a release's name in the mesh table that serves the release. */
    public static final String TABLE_SEPARATOR = "@";

    public DatasetRelease
    {
        requireNonNull(product, "product is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(name, "name is null");
        requireNonNull(productVersion, "productVersion is null");
        requireNonNull(sourceTable, "sourceTable is null");
        requireNonNull(tag, "tag is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        requireNonNull(createdBy, "createdBy is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    /** The mesh table that serves this release, in its product's schema: {@code orders@2026-q3}. */
    public String table()
    {
        return tableName(dataset, name);
    }

    public static String tableName(String dataset, String release)
    {
        return dataset + TABLE_SEPARATOR + release;
    }
}
