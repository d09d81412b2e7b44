package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * A table a product serves beside its datasets, computed by the registry: a dataset of the previous major
 * version during its deprecation window ({@code orders_v1}), or a data release ({@code orders@2026-q3}).
 * {@code definition} is what the table serves (its name is the table's; its columns and source those of
 * the old contract or of the release); {@code dataset} is the dataset it stands for, whose governance
 * (consumers, denies, row filters, masks) it gets.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"product", "table", "dataset", "kind", "version", "until", "snapshotId", "definition"})
public record DatasetVariant(
        String product,
        String table,
        String dataset,
        Kind kind,
        String version,
        LocalDate until,
        Long snapshotId,
        Dataset definition)
{
    public enum Kind
    {
        PREVIOUS_MAJOR,
        RELEASE;

        @JsonValue
        public String wireName()
        {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        @JsonCreator
        public static Kind fromWireName(String value)
        {
            return Arrays.stream(values()).filter(kind -> kind.wireName().equals(value)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown dataset variant kind: " + value));
        }
    }

    public DatasetVariant
    {
        requireNonNull(product, "product is null");
        requireNonNull(table, "table is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(version, "version is null");
        requireNonNull(definition, "definition is null");
        if (!definition.name().equals(table)) {
            throw new IllegalArgumentException("a variant's definition is named after its table");
        }
        if ((kind == Kind.PREVIOUS_MAJOR) != (until != null)) {
            throw new IllegalArgumentException("a previous major, and only it, is served until a date");
        }
        if ((kind == Kind.RELEASE) != (snapshotId != null)) {
            throw new IllegalArgumentException("a release, and only it, pins a snapshot");
        }
    }

    public static DatasetVariant previousMajor(String product, String dataset, int major, String version, LocalDate until, Dataset old)
    {
        String table = PreviousMajor.tableName(dataset, major);
        return new DatasetVariant(product, table, dataset, Kind.PREVIOUS_MAJOR, version, until, null, renamed(old, table));
    }

    public static DatasetVariant release(DatasetRelease release)
    {
        Dataset definition = new Dataset(release.table(),
                Optional.ofNullable(release.description()).orElse("Release %s of %s.%s (version %s, snapshot %s)"
                        .formatted(release.name(), release.product(), release.dataset(), release.productVersion(), release.snapshotId())),
                DatasetSource.ofTable(release.sourceTable()), release.columns(), null, null);
        return new DatasetVariant(release.product(), release.table(), release.dataset(), Kind.RELEASE, release.productVersion(), null, release.snapshotId(), definition);
    }

    /** The same table serving {@code definition} (named after the table) instead. */
    public DatasetVariant withDefinition(Dataset definition)
    {
        return new DatasetVariant(product, table, dataset, kind, version, until, snapshotId, definition);
    }

    /** The pinned snapshot a release reads. */
    public OptionalLong pinnedSnapshot()
    {
        return snapshotId == null ? OptionalLong.empty() : OptionalLong.of(snapshotId);
    }

    private static Dataset renamed(Dataset dataset, String name)
    {
        // Not checked: a variant is frozen (a release) or on its way out (a previous major).
        return new Dataset(name, dataset.description(), dataset.source(), dataset.columns(), null, null);
    }
}
