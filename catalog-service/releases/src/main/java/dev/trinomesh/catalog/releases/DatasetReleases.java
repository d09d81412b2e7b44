package dev.trinomesh.catalog.releases;

import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.DatasetRelease;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.model.ProductStatus;
import dev.trinomesh.api.model.QualifiedTableName;
import dev.trinomesh.api.model.Violation;
import dev.trinomesh.catalog.core.RevisionCache;
import dev.trinomesh.catalog.core.ServiceConfig;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.lake.api.LakeTables;
import dev.trinomesh.catalog.registry.api.ProductCatalog;
import dev.trinomesh.catalog.registry.api.ServedReleases;
import io.airlift.log.Logger;
import jakarta.inject.Inject;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.time.temporal.ChronoUnit.MILLIS;
import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.joining;

/**
 * Data releases: a dataset's lake table pinned at its current Iceberg snapshot by an Iceberg tag that
 * never expires (so snapshot expiry keeps the pinned files), recorded with the contract's columns and the
 * product's version of the moment. The tag and the record are made and removed together: the tag first,
 * the record after, and the tag is removed again when the record cannot be written. Every change moves
 * the registry revision, so that the Trinos polling the catalog snapshot serve it.
 */
public class DatasetReleases
        implements ServedReleases
{
    private static final Logger log = Logger.get(DatasetReleases.class);
    static final String TAG_PREFIX = "mesh-release-";
    static final int DESCRIPTION_LIMIT = 2000;

    private final ReleaseStore store;
    private final ProductCatalog registry;
    private final LakeTables lake;
    private final Jdbi jdbi;
    private final String lakeCatalog;
    private final RevisionCache<List<DatasetRelease>> all = new RevisionCache<>();

    @Inject
    public DatasetReleases(ReleaseStore store, ProductCatalog registry, LakeTables lake, ServiceConfig config, Jdbi jdbi)
    {
        this.store = requireNonNull(store, "store is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.lake = requireNonNull(lake, "lake is null");
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.lakeCatalog = config.getLakeCatalog();
    }

    /** The Iceberg tag that keeps a release's snapshot: {@code mesh-release-<dataset>-<release>} (dataset names have no '-'). */
    public static String tagName(String dataset, String release)
    {
        return TAG_PREFIX + dataset + "-" + release;
    }

    /**
     * Pins {@code dataset}'s lake table at its current snapshot as release {@code name}. Its owners, its
     * domain's owner and governance admins may; the product must not be retired, the dataset must read a
     * table of the lake that has data, and the name must be new for the dataset.
     */
    public DatasetRelease create(String product, String dataset, String name, Optional<String> description, String user)
    {
        ProductRecord record = registry.product(product).orElseThrow(() -> unknownProduct(product));
        registry.checkCanOperate(product, user);
        if (record.status() == ProductStatus.RETIRED) {
            throw ServiceException.conflict("product '%s' is retired; its datasets get no new releases (the existing ones are no longer served; delete them to free their Iceberg tags)".formatted(product));
        }
        Dataset declared = dataset(record, dataset);
        if (!DatasetRelease.NAME.matcher(name).matches()) {
            throw ServiceException.unprocessable("release name '%s' is not valid".formatted(name), List.of(new Violation("name", name,
                    "must be 1 to 64 lower case letters, digits, '_', '-' or '.', starting with a letter or digit, e.g. 2026-q3 or v1.2")));
        }
        if (description.isPresent() && description.orElseThrow().length() > DESCRIPTION_LIMIT) {
            throw ServiceException.badRequest("the description is too long", List.of(new Violation("description", description.orElseThrow().substring(0, 40) + "…",
                    "is %s characters; at most %s are allowed".formatted(description.orElseThrow().length(), DESCRIPTION_LIMIT))));
        }
        TableIdentifier table = lakeTable(product, declared);
        store.find(product, dataset, name).ifPresent(existing -> {
            throw alreadyExists(existing);
        });

        Table lakeTable = loadTable(table, product, declared);
        Snapshot current = lakeTable.currentSnapshot();
        if (current == null) {
            throw ServiceException.conflict("lake table %s of dataset '%s' has no snapshot yet: write data to it first, then make the release"
                    .formatted(declared.source().table(), dataset));
        }
        String tag = tagName(dataset, name);
        SnapshotRef taken = lakeTable.refs().get(tag);
        if (taken != null) {
            throw ServiceException.conflict(("lake table %s already has a tag '%s' (on snapshot %s) that no release records; it is left from an earlier attempt or made by hand: "
                    + "remove it (ALTER TABLE ... EXECUTE or the Iceberg API) and make the release again").formatted(declared.source().table(), tag, taken.snapshotId()));
        }
        try {
            // A tag without max-ref-age is kept by snapshot expiry forever; set it anyway, so a table property cannot shorten it.
            lakeTable.manageSnapshots()
                    .createTag(tag, current.snapshotId())
                    .setMaxRefAgeMs(tag, Long.MAX_VALUE)
                    .commit();
        }
        catch (CommitFailedException e) {
            throw ServiceException.conflict("lake table %s changed while the release was tagged (%s); make the release again".formatted(declared.source().table(), e.getMessage()));
        }
        catch (IllegalArgumentException e) {
            // Another request made the same tag meanwhile.
            throw store.find(product, dataset, name).map(DatasetReleases::alreadyExists)
                    .orElseGet(() -> ServiceException.conflict("cannot tag lake table %s: %s; make the release again".formatted(declared.source().table(), e.getMessage())));
        }
        DatasetRelease release = new DatasetRelease(product, dataset, name, record.metadata().version(), declared.source().table(), current.snapshotId(), tag,
                declared.columns(), description.orElse(null), user, Instant.now().truncatedTo(MILLIS));
        try {
            store.insert(release);
        }
        catch (RuntimeException e) {
            removeTagQuietly(table, tag);
            Optional<DatasetRelease> winner = store.find(product, dataset, name);
            if (winner.isPresent()) {
                throw alreadyExists(winner.orElseThrow());
            }
            throw e;
        }
        registry.advanceRevision();
        return release;
    }

    /** The releases of a product, or of one of its datasets. */
    public List<DatasetRelease> list(String product, Optional<String> dataset)
    {
        ProductRecord record = registry.product(product).orElseThrow(() -> unknownProduct(product));
        dataset.ifPresent(name -> {
            // A dataset no longer declared may still have releases; name the others only when it has none.
            if (store.list(Optional.of(product), dataset).isEmpty()) {
                dataset(record, name);
            }
        });
        return store.list(Optional.of(product), dataset);
    }

    @Override
    public List<DatasetRelease> of(String product)
    {
        return store.list(Optional.of(product), Optional.empty());
    }

    public DatasetRelease get(String product, String dataset, String name)
    {
        return store.find(product, dataset, name).orElseThrow(() -> unknownRelease(product, dataset, name));
    }

    /** Removes a release's record and its tag (the snapshot is then the lake's to expire); as {@link #create}, by the product's operators. */
    public void delete(String product, String dataset, String name, String user)
    {
        registry.checkCanOperate(product, user);
        DatasetRelease release = get(product, dataset, name);
        jdbi.useTransaction(handle -> {
            if (!ReleaseStore.delete(handle, product, dataset, name)) {
                throw unknownRelease(product, dataset, name);
            }
            // Inside the transaction: when the tag cannot be removed, the record stays too.
            removeTag(release);
        });
        registry.advanceRevision();
    }

    /**
     * Every release of every product, ordered by product, dataset and time made; read again only when
     * the registry revision has moved (every release change moves it).
     */
    @Override
    public List<DatasetRelease> all()
    {
        // Read the revision before the releases: the list may then be newer than its revision, never older.
        return all.get(registry.registryRevision(), () -> List.copyOf(store.list(Optional.empty(), Optional.empty())));
    }

    private static Dataset dataset(ProductRecord product, String name)
    {
        List<Dataset> datasets = product.descriptor().spec().datasets();
        return datasets.stream()
                .filter(dataset -> dataset.name().equals(name))
                .findFirst()
                .orElseThrow(() -> ServiceException.notFound("product '%s' has no dataset '%s'; its datasets: %s"
                        .formatted(product.name(), name, datasets.isEmpty() ? "none" : datasets.stream().map(Dataset::name).collect(joining(", ")))));
    }

    private TableIdentifier lakeTable(String product, Dataset dataset)
    {
        Optional<QualifiedTableName> table = Optional.of(dataset.source()).filter(source -> source.hasTable()).map(source -> QualifiedTableName.parse(source.table()));
        if (table.isEmpty() || !table.orElseThrow().catalog().equals(lakeCatalog)) {
            String source = dataset.source().hasTable() ? dataset.source().table() : "SQL";
            throw ServiceException.unprocessable("dataset '%s' of product '%s' cannot have releases".formatted(dataset.name(), product), List.of(new Violation("dataset", dataset.name(),
                    "reads %s; a release pins an Iceberg snapshot of a lake table, so the dataset's source must be a table of the '%s' catalog (%s.<namespace>.<table>)"
                            .formatted(dataset.source().hasTable() ? "table " + source : "a SQL query", lakeCatalog, lakeCatalog))));
        }
        return TableIdentifier.of(Namespace.of(table.orElseThrow().schema()), table.orElseThrow().table());
    }

    private Table loadTable(TableIdentifier table, String product, Dataset dataset)
    {
        try {
            return lake.loadTable(table);
        }
        catch (NoSuchTableException e) {
            throw ServiceException.conflict("lake table %s of dataset '%s' of product '%s' does not exist yet: create it and write data to it first, then make the release"
                    .formatted(dataset.source().table(), dataset.name(), product));
        }
    }

    private void removeTag(DatasetRelease release)
    {
        QualifiedTableName name = QualifiedTableName.parse(release.sourceTable());
        TableIdentifier table = TableIdentifier.of(Namespace.of(name.schema()), name.table());
        Table lakeTable;
        try {
            lakeTable = lake.loadTable(table);
        }
        catch (NoSuchTableException e) {
            // The table is gone (dropped while its product was a draft): so is the tag.
            return;
        }
        if (lakeTable.refs().containsKey(release.tag())) {
            lakeTable.manageSnapshots().removeTag(release.tag()).commit();
        }
    }

    private void removeTagQuietly(TableIdentifier table, String tag)
    {
        try {
            lake.loadTable(table).manageSnapshots().removeTag(tag).commit();
        }
        catch (RuntimeException e) {
            log.error(e, "release not recorded, and its tag %s on lake table %s could not be removed: remove it by hand", tag, table);
        }
    }

    private static ServiceException alreadyExists(DatasetRelease existing)
    {
        return ServiceException.conflict("dataset '%s' of product '%s' already has a release '%s', made by %s at %s (snapshot %s); choose another name, or delete that release first"
                .formatted(existing.dataset(), existing.product(), existing.name(), existing.createdBy(), existing.createdAt(), existing.snapshotId()));
    }

    private static ServiceException unknownProduct(String product)
    {
        return ServiceException.notFound("no product named '%s'".formatted(product));
    }

    private ServiceException unknownRelease(String product, String dataset, String name)
    {
        List<DatasetRelease> releases = store.list(Optional.of(product), Optional.of(dataset));
        return ServiceException.notFound("dataset '%s' of product '%s' has no release '%s'; its releases: %s"
                .formatted(dataset, product, name, releases.isEmpty() ? "none" : releases.stream().map(DatasetRelease::name).collect(joining(", "))));
    }
}
