package dev.trinomesh.catalog.registry.pipeline;

import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.model.Pipeline;
import dev.trinomesh.api.model.PipelineRecord;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** SQL of pipelines; every method runs on the caller's transaction. */
public final class PipelineStore
{
    private static final String PIPELINE_COLUMNS = "p.name, p.revision, r.active, r.created_at, r.author, r.descriptor ";

    private PipelineStore() {}

    static Optional<PipelineRecord> find(Handle handle, String name, boolean forUpdate)
    {
        return handle.createQuery("SELECT " + PIPELINE_COLUMNS + """
                         FROM pipelines p JOIN pipeline_revisions r ON r.pipeline = p.name AND r.revision = p.revision
                         WHERE p.name = :name""" + (forUpdate ? " FOR UPDATE" : ""))
                .bind("name", name)
                .map((rs, _) -> pipelineRecord(rs))
                .findOne();
    }

    static Optional<PipelineRecord> findRevision(Handle handle, String name, int revision)
    {
        return handle.createQuery("""
                        SELECT r.pipeline AS name, r.revision, r.active, r.created_at, r.author, r.descriptor
                        FROM pipeline_revisions r WHERE r.pipeline = :name AND r.revision = :revision""")
                .bind("name", name)
                .bind("revision", revision)
                .map((rs, _) -> pipelineRecord(rs))
                .findOne();
    }

    static List<PipelineRecord> revisions(Handle handle, String name)
    {
        return handle.createQuery("""
                        SELECT r.pipeline AS name, r.revision, r.active, r.created_at, r.author, r.descriptor
                        FROM pipeline_revisions r WHERE r.pipeline = :name ORDER BY r.revision""")
                .bind("name", name)
                .map((rs, _) -> pipelineRecord(rs))
                .list();
    }

    /** Pipelines at their current revision, by name: active ones only when {@code activeOnly}, of one product when given. */
    static List<PipelineRecord> list(Handle handle, boolean activeOnly, Optional<String> product)
    {
        String where = activeOnly && product.isPresent() ? " WHERE p.active AND p.product = :product"
                : activeOnly ? " WHERE p.active"
                : product.isPresent() ? " WHERE p.product = :product"
                : "";
        var query = handle.createQuery("SELECT " + PIPELINE_COLUMNS + """
                         FROM pipelines p JOIN pipeline_revisions r ON r.pipeline = p.name AND r.revision = p.revision
                        """ + where + " ORDER BY p.name");
        product.ifPresent(value -> query.bind("product", value));
        return query.map((rs, _) -> pipelineRecord(rs)).list();
    }

    /**
     * For each product with active pipelines, the products they declare upstream (all its pipelines' together, by name):
     * what the governance snapshot serves, so that the access control knows what a pipeline principal may read at all.
     */
    public static Map<String, List<String>> activeUpstreams(Handle handle)
    {
        Map<String, Set<String>> upstreams = new TreeMap<>();
        for (PipelineRecord pipeline : list(handle, true, Optional.empty())) {
            upstreams.computeIfAbsent(pipeline.descriptor().product(), _ -> new TreeSet<>()).addAll(pipeline.descriptor().spec().upstream());
        }
        Map<String, List<String>> result = new TreeMap<>();
        upstreams.forEach((product, names) -> result.put(product, List.copyOf(names)));
        return result;
    }

    static void write(Handle handle, Pipeline pipeline, int revision, boolean active, Instant now, String author, long registryRevision)
    {
        Timestamp time = Timestamp.from(now);
        if (revision == 1) {
            handle.createUpdate("""
                            INSERT INTO pipelines (name, product, revision, active, created_at, updated_at, updated_by)
                            VALUES (:name, :product, 1, :active, :now, :now, :author)""")
                    .bind("name", pipeline.name())
                    .bind("product", pipeline.product())
                    .bind("active", active)
                    .bind("now", time)
                    .bind("author", author)
                    .execute();
        }
        else {
            int updated = handle.createUpdate("""
                            UPDATE pipelines SET product = :product, revision = :revision, active = :active, updated_at = :now, updated_by = :author
                            WHERE name = :name AND revision = :previous""")
                    .bind("name", pipeline.name())
                    .bind("product", pipeline.product())
                    .bind("revision", revision)
                    .bind("previous", revision - 1)
                    .bind("active", active)
                    .bind("now", time)
                    .bind("author", author)
                    .execute();
            if (updated != 1) {
                throw new IllegalStateException("pipeline '%s' moved past revision %s during the write".formatted(pipeline.name(), revision - 1));
            }
        }
        handle.createUpdate("""
                        INSERT INTO pipeline_revisions (pipeline, revision, active, descriptor, author, created_at, registry_revision)
                        VALUES (:name, :revision, :active, :descriptor, :author, :now, :registryRevision)""")
                .bind("name", pipeline.name())
                .bind("revision", revision)
                .bind("active", active)
                .bind("descriptor", DescriptorDocuments.toJson(pipeline))
                .bind("author", author)
                .bind("now", time)
                .bind("registryRevision", registryRevision)
                .execute();
    }

    private static PipelineRecord pipelineRecord(ResultSet rs)
            throws SQLException
    {
        return new PipelineRecord(
                rs.getString("name"),
                rs.getInt("revision"),
                rs.getBoolean("active"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("author"),
                DescriptorDocuments.fromJson(rs.getString("descriptor"), Pipeline.class));
    }
}
