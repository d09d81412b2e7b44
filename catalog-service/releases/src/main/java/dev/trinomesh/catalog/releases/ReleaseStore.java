package dev.trinomesh.catalog.releases;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.DatasetRelease;
import dev.trinomesh.catalog.core.database.OptionalConditions;
import jakarta.inject.Inject;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The releases of datasets, in the service's database. */
public class ReleaseStore
{
    private static final ObjectMapper JSON = DescriptorDocuments.jsonMapper();
    private static final TypeReference<List<Column>> COLUMNS = new TypeReference<>() {};

    private final Jdbi jdbi;

    @Inject
    public ReleaseStore(Jdbi jdbi)
    {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /** Records a release; fails (a unique key violation) when one of that name exists for the dataset. */
    void insert(DatasetRelease release)
    {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO dataset_releases (product, dataset, name, product_version, source_table, snapshot_id, tag, columns_json, description, created_by, created_at)
                        VALUES (:product, :dataset, :name, :productVersion, :sourceTable, :snapshotId, :tag, :columns, :description, :createdBy, :createdAt)""")
                .bind("product", release.product())
                .bind("dataset", release.dataset())
                .bind("name", release.name())
                .bind("productVersion", release.productVersion())
                .bind("sourceTable", release.sourceTable())
                .bind("snapshotId", release.snapshotId())
                .bind("tag", release.tag())
                .bind("columns", toJson(release.columns()))
                .bind("description", release.description())
                .bind("createdBy", release.createdBy())
                .bind("createdAt", Timestamp.from(release.createdAt()))
                .execute());
    }

    /** Deletes a release's record on {@code handle} (the caller's transaction); false when there was none. */
    static boolean delete(Handle handle, String product, String dataset, String name)
    {
        return handle.createUpdate("DELETE FROM dataset_releases WHERE product = :product AND dataset = :dataset AND name = :name")
                .bind("product", product)
                .bind("dataset", dataset)
                .bind("name", name)
                .execute() == 1;
    }

    Optional<DatasetRelease> find(String product, String dataset, String name)
    {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM dataset_releases WHERE product = :product AND dataset = :dataset AND name = :name")
                .bind("product", product)
                .bind("dataset", dataset)
                .bind("name", name)
                .map((rs, _) -> release(rs))
                .findOne());
    }

    /** The releases of one product (of one of its datasets), or of all products; by product, dataset and time made. */
    List<DatasetRelease> list(Optional<String> product, Optional<String> dataset)
    {
        return jdbi.withHandle(handle -> list(handle, product, dataset));
    }

    private static List<DatasetRelease> list(Handle handle, Optional<String> product, Optional<String> dataset)
    {
        OptionalConditions where = new OptionalConditions()
                .and("product = :product", "product", product)
                .and("dataset = :dataset", "dataset", dataset);
        return where.bind(handle.createQuery("SELECT * FROM dataset_releases WHERE 1 = 1" + where.sql() + " ORDER BY product, dataset, created_at, name"))
                .map((rs, _) -> release(rs))
                .list();
    }

    private static DatasetRelease release(ResultSet rs)
            throws SQLException
    {
        return new DatasetRelease(
                rs.getString("product"),
                rs.getString("dataset"),
                rs.getString("name"),
                rs.getString("product_version"),
                rs.getString("source_table"),
                rs.getLong("snapshot_id"),
                rs.getString("tag"),
                fromJson(rs.getString("columns_json")),
                rs.getString("description"),
                rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant());
    }

    private static String toJson(List<Column> columns)
    {
        try {
            return JSON.writeValueAsString(columns);
        }
        catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Column> fromJson(String json)
    {
        try {
            return JSON.readValue(json, COLUMNS);
        }
        catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
