package dev.trinomesh.catalog.registry;

import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.DomainInfo;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.model.ProductStatus;
import dev.trinomesh.api.model.RevisionInfo;
import dev.trinomesh.catalog.core.database.OptionalConditions;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SQL of the product registry. Every method runs on a caller's {@link Handle}, so that the registry
 * composes them into one transaction per request.
 */
public final class RegistryStore
{
    private static final String PRODUCT_COLUMNS = """
            p.name, p.revision, p.created_at, r.created_at AS updated_at, r.author, r.descriptor
            """;

    private RegistryStore() {}

    /** Orders this transaction's writes after every other writer's, until it ends. */
    public static void lockRevision(Handle handle)
    {
        handle.createQuery("SELECT revision FROM registry_state WHERE id = 1 FOR UPDATE").mapTo(Long.class).one();
    }

    /** Advances the registry revision; the row lock it takes orders concurrent writers. */
    public static long advanceRevision(Handle handle)
    {
        handle.execute("UPDATE registry_state SET revision = revision + 1 WHERE id = 1");
        return currentRevision(handle);
    }

    public static long currentRevision(Handle handle)
    {
        return handle.createQuery("SELECT revision FROM registry_state WHERE id = 1").mapTo(Long.class).one();
    }

    public static Optional<ProductRecord> findProduct(Handle handle, String name, boolean forUpdate)
    {
        return handle.createQuery("SELECT " + PRODUCT_COLUMNS + """
                        FROM products p JOIN product_revisions r ON r.product = p.name AND r.revision = p.revision
                        WHERE p.name = :name""" + (forUpdate ? " FOR UPDATE" : ""))
                .bind("name", name)
                .map((rs, _) -> productRecord(rs))
                .findOne();
    }

    public static Optional<ProductRecord> findRevision(Handle handle, String name, int revision)
    {
        return handle.createQuery("""
                        SELECT p.name, r.revision, p.created_at, r.created_at AS updated_at, r.author, r.descriptor
                        FROM products p JOIN product_revisions r ON r.product = p.name
                        WHERE p.name = :name AND r.revision = :revision""")
                .bind("name", name)
                .bind("revision", revision)
                .map((rs, _) -> productRecord(rs))
                .findOne();
    }

    /** The newest revision of {@code name} at major version {@code major} that consumers were served (published or deprecated). */
    public static Optional<ProductRecord> latestServedRevision(Handle handle, String name, BigInteger major)
    {
        return handle.createQuery("""
                        SELECT p.name, r.revision, p.created_at, r.created_at AS updated_at, r.author, r.descriptor
                        FROM products p JOIN product_revisions r ON r.product = p.name
                        WHERE p.name = :name AND r.version LIKE :major AND r.status IN ('published', 'deprecated')
                        ORDER BY r.revision DESC
                        LIMIT 1""")
                .bind("name", name)
                .bind("major", major + ".%")
                .map((rs, _) -> productRecord(rs))
                .findOne();
    }

    static List<RevisionInfo> revisions(Handle handle, String name)
    {
        return handle.createQuery("""
                        SELECT revision, version, status, created_at, author, summary
                        FROM product_revisions WHERE product = :name ORDER BY revision""")
                .bind("name", name)
                .map((rs, _) -> new RevisionInfo(
                        rs.getInt("revision"),
                        rs.getString("version"),
                        ProductStatus.fromWireName(rs.getString("status")),
                        instant(rs, "created_at"),
                        rs.getString("author"),
                        rs.getString("summary")))
                .list();
    }

    static void insertProduct(Handle handle, DataProduct descriptor, Instant now, String author)
    {
        handle.createUpdate("""
                        INSERT INTO products (name, domain, owner, status, version, revision, created_at, updated_at, updated_by, lake_namespace)
                        VALUES (:name, :domain, :owner, :status, :version, 1, :now, :now, :author, :lakeNamespace)""")
                .bind("lakeNamespace", descriptor.lakeNamespace())
                .bind("name", descriptor.name())
                .bind("domain", descriptor.metadata().domain())
                .bind("owner", descriptor.metadata().owner())
                .bind("status", descriptor.metadata().status().wireName())
                .bind("version", descriptor.metadata().version())
                .bind("now", Timestamp.from(now))
                .bind("author", author)
                .execute();
    }

    /** Moves a product from {@code expectedRevision} to the next; false when another writer got there first. */
    static boolean updateProduct(Handle handle, DataProduct descriptor, int expectedRevision, Instant now, String author)
    {
        return handle.createUpdate("""
                        UPDATE products SET domain = :domain, owner = :owner, status = :status, version = :version,
                            revision = revision + 1, updated_at = :now, updated_by = :author, lake_namespace = :lakeNamespace
                        WHERE name = :name AND revision = :expected""")
                .bind("lakeNamespace", descriptor.lakeNamespace())
                .bind("name", descriptor.name())
                .bind("domain", descriptor.metadata().domain())
                .bind("owner", descriptor.metadata().owner())
                .bind("status", descriptor.metadata().status().wireName())
                .bind("version", descriptor.metadata().version())
                .bind("now", Timestamp.from(now))
                .bind("author", author)
                .bind("expected", expectedRevision)
                .execute() == 1;
    }

    static void insertRevision(Handle handle, DataProduct descriptor, int revision, Instant now, String author, String summary, long registryRevision)
    {
        handle.createUpdate("""
                        INSERT INTO product_revisions (product, revision, version, status, descriptor, author, summary, created_at, registry_revision)
                        VALUES (:product, :revision, :version, :status, :descriptor, :author, :summary, :now, :registryRevision)""")
                .bind("product", descriptor.name())
                .bind("revision", revision)
                .bind("version", descriptor.metadata().version())
                .bind("status", descriptor.metadata().status().wireName())
                .bind("descriptor", DescriptorDocuments.toJson(descriptor))
                .bind("author", author)
                .bind("summary", summary)
                .bind("now", Timestamp.from(now))
                .bind("registryRevision", registryRevision)
                .execute();
    }

    static void replaceTags(Handle handle, String product, List<String> tags)
    {
        handle.createUpdate("DELETE FROM product_tags WHERE product = :product").bind("product", product).execute();
        for (String tag : tags) {
            handle.createUpdate("INSERT INTO product_tags (product, tag) VALUES (:product, :tag)")
                    .bind("product", product)
                    .bind("tag", tag)
                    .execute();
        }
    }

    static List<ProductRecord> listProducts(Handle handle, ProductFilter filter)
    {
        OptionalConditions where = new OptionalConditions()
                .and("p.domain = :domain", "domain", filter.domain())
                .and("p.status = :status", "status", filter.status().map(ProductStatus::wireName))
                .and("p.owner = :owner", "owner", filter.owner())
                .and("EXISTS (SELECT 1 FROM product_tags t WHERE t.product = p.name AND t.tag = :tag)", "tag", filter.tag())
                .and("p.name > :after", "after", filter.after());
        return where.bind(handle.createQuery("SELECT " + PRODUCT_COLUMNS + """
                        FROM products p JOIN product_revisions r ON r.product = p.name AND r.revision = p.revision
                        WHERE 1 = 1""" + where.sql() + " ORDER BY p.name LIMIT :limit"))
                .bind("limit", filter.limit())
                .map((rs, _) -> productRecord(rs))
                .list();
    }

    public static List<ProductRecord> allProducts(Handle handle)
    {
        return handle.createQuery("SELECT " + PRODUCT_COLUMNS + """
                        FROM products p JOIN product_revisions r ON r.product = p.name AND r.revision = p.revision
                        ORDER BY p.name""")
                .map((rs, _) -> productRecord(rs))
                .list();
    }

    /** The distinct owners of a domain's products. */
    public static List<String> productOwners(Handle handle, String domain)
    {
        return handle.createQuery("SELECT DISTINCT owner FROM products WHERE domain = :domain ORDER BY owner")
                .bind("domain", domain)
                .mapTo(String.class)
                .list();
    }

    /** The current revision of every product, by name: what a cache of descriptors needs to stay current. */
    public static Map<String, Integer> productRevisions(Handle handle)
    {
        Map<String, Integer> revisions = new HashMap<>();
        handle.createQuery("SELECT name, revision FROM products")
                .map((rs, _) -> revisions.put(rs.getString("name"), rs.getInt("revision")))
                .list();
        return revisions;
    }

    /** The lake namespace of every product, by product name. */
    public static Map<String, String> lakeNamespaces(Handle handle)
    {
        Map<String, String> namespaces = new HashMap<>();
        handle.createQuery("SELECT name, lake_namespace FROM products")
                .map((rs, _) -> namespaces.put(rs.getString("name"), rs.getString("lake_namespace")))
                .list();
        return namespaces;
    }

    /** The other product that owns lake namespace {@code namespace}, if any. */
    static Optional<String> lakeNamespaceOwner(Handle handle, String namespace, String exceptProduct)
    {
        return handle.createQuery("SELECT name FROM products WHERE lake_namespace = :namespace AND name <> :product")
                .bind("namespace", namespace)
                .bind("product", exceptProduct)
                .mapTo(String.class)
                .findOne();
    }

    public static boolean domainExists(Handle handle, String name)
    {
        return handle.createQuery("SELECT count(*) FROM domains WHERE name = :name").bind("name", name).mapTo(Integer.class).one() > 0;
    }

    static void insertDomain(Handle handle, String name, Optional<String> owner, Optional<String> description, Instant now)
    {
        handle.createUpdate("INSERT INTO domains (name, owner, description, created_at, updated_at) VALUES (:name, :owner, :description, :now, :now)")
                .bind("name", name)
                .bind("owner", owner.orElse(null))
                .bind("description", description.orElse(null))
                .bind("now", Timestamp.from(now))
                .execute();
    }

    static void updateDomain(Handle handle, String name, Optional<String> owner, Optional<String> description, Instant now)
    {
        handle.createUpdate("UPDATE domains SET owner = :owner, description = :description, updated_at = :now WHERE name = :name")
                .bind("name", name)
                .bind("owner", owner.orElse(null))
                .bind("description", description.orElse(null))
                .bind("now", Timestamp.from(now))
                .execute();
    }

    public static List<DomainInfo> domains(Handle handle, Optional<String> name)
    {
        Query query = handle.createQuery("""
                SELECT d.name, d.description, d.owner, (SELECT count(*) FROM products p WHERE p.domain = d.name) AS products
                FROM domains d""" + (name.isPresent() ? " WHERE d.name = :name" : "") + " ORDER BY d.name");
        name.ifPresent(value -> query.bind("name", value));
        return query.map((rs, _) -> new DomainInfo(rs.getString("name"), rs.getString("description"), rs.getString("owner"), rs.getInt("products")))
                .list();
    }

    private static ProductRecord productRecord(ResultSet rs)
            throws SQLException
    {
        return new ProductRecord(
                rs.getString("name"),
                rs.getInt("revision"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                rs.getString("author"),
                DescriptorDocuments.fromJson(rs.getString("descriptor"), DataProduct.class));
    }

    private static Instant instant(ResultSet rs, String column)
            throws SQLException
    {
        return rs.getTimestamp(column).toInstant();
    }
}
