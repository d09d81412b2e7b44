package dev.trinomesh.catalog.lineage;

import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.catalog.core.ServiceConfig;
import dev.trinomesh.catalog.lineage.IngestStatements.EdgeWrite;
import dev.trinomesh.catalog.registry.api.ProductCatalog;
import io.airlift.log.Logger;
import jakarta.inject.Inject;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * Keeps the lineage store in step with the product registry: the CONTRACT edges of every served product, and
 * which product each dataset belongs to. The registry revision (one row read) is the change signal, checked
 * before each lineage read; when it moved, the products whose revision differs from the one their CONTRACT
 * edges were written for are rewritten, each in a transaction that locks its row of lineage_contracts, so
 * that replicas of the service do not rewrite one product at once. Lineage writes by the registry itself
 * would bind the registry to the lineage store; following the revision keeps the two apart, and also
 * brings in products registered before the lineage store existed.
 */
public class RegistryFollower
{
    private static final Logger log = Logger.get(RegistryFollower.class);

    private final Jdbi jdbi;
    private final ProductCatalog registry;
    private final WriterLock writerLock;
    private final String trinoNamespace;
    private final String meshCatalog;
    private final String lakeCatalog;
    private volatile Followed followed;

    @Inject
    public RegistryFollower(Jdbi jdbi, ProductCatalog registry, WriterLock writerLock, LineageConfig config, ServiceConfig serviceConfig)
    {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.writerLock = requireNonNull(writerLock, "writerLock is null");
        this.trinoNamespace = config.getTrinoNamespace();
        this.meshCatalog = config.getMeshCatalog();
        this.lakeCatalog = serviceConfig.getLakeCatalog();
        this.followed = new Followed(-1, new ProductIndex(trinoNamespace, meshCatalog, lakeCatalog, Set.of(), Map.of()));
    }

    /** The products as of the registry's current revision, their CONTRACT edges written. */
    public ProductIndex current()
    {
        long revision = registry.registryRevision();
        if (followed.revision() == revision) {
            return followed.index();
        }
        synchronized (this) {
            if (followed.revision() != revision) {
                // Read at or after `revision`: the index may be newer than its tag, never older.
                ProductIndex index = index();
                boolean complete = writerLock.call(this::syncContracts);
                followed = new Followed(complete ? revision : -1, index);
            }
            return followed.index();
        }
    }

    private ProductIndex index()
    {
        Map<String, String> lakeNamespaces = registry.lakeNamespaces();
        Map<String, String> productsByNamespace = new HashMap<>();
        lakeNamespaces.forEach((product, namespace) -> productsByNamespace.put(namespace, product));
        return new ProductIndex(trinoNamespace, meshCatalog, lakeCatalog, lakeNamespaces.keySet(), productsByNamespace);
    }

    /** Rewrites the CONTRACT edges of products changed since; false when one failed (it is tried again on the next read). */
    private boolean syncContracts()
    {
        Map<String, Integer> current = registry.productRevisions();
        Map<String, Integer> written = jdbi.withHandle(handle -> handle.createQuery("SELECT product, revision FROM lineage_contracts")
                .reduceRows(new HashMap<String, Integer>(), (map, row) -> {
                    map.put(row.getColumn("product", String.class), row.getColumn("revision", Integer.class));
                    return map;
                }));
        boolean complete = true;
        for (String product : new TreeMap<>(current).keySet()) {
            if (current.get(product).equals(written.get(product))) {
                continue;
            }
            try {
                jdbi.useTransaction(handle -> syncProduct(handle, product));
            }
            catch (RuntimeException | SQLException e) {
                log.error(e, "writing the CONTRACT edges of product %s failed; lineage reads will try again", product);
                complete = false;
            }
        }
        return complete;
    }

    private void syncProduct(Handle handle, String product)
            throws SQLException
    {
        handle.createUpdate("INSERT INTO lineage_contracts (product, revision) VALUES (:product, 0) ON CONFLICT DO NOTHING").bind("product", product).execute();
        int written = handle.createQuery("SELECT revision FROM lineage_contracts WHERE product = :product FOR UPDATE").bind("product", product).mapTo(Integer.class).one();
        ProductRecord now = registry.product(product).orElseThrow();
        if (written == now.revision()) {
            return;
        }
        List<Edge> before = written == 0 ? List.of() : registry.findRevision(product, written)
                .map(record -> ContractEdges.of(record.descriptor(), trinoNamespace, meshCatalog, record.updatedAt()))
                .orElse(List.of());
        List<Edge> after = ContractEdges.of(now.descriptor(), trinoNamespace, meshCatalog, now.updatedAt());
        Set<EdgeKey> kept = new HashSet<>();
        after.forEach(edge -> kept.add(edge.key()));
        Connection connection = handle.getConnection();
        deleteEdges(connection, before.stream().map(Edge::key).filter(key -> !kept.contains(key)).sorted().toList());
        TreeMap<Long, Node> nodes = new TreeMap<>();
        for (Edge edge : after) {
            nodes.put(edge.source().id(), edge.source());
            nodes.put(edge.target().id(), edge.target());
        }
        IngestStatements.insertNodes(connection, new ArrayList<>(nodes.values()));
        IngestStatements.insertEdges(connection, after.stream()
                .map(edge -> new EdgeWrite(edge.key(), edge.target().datasetId(), edge.source().datasetId(), edge.seen(), edge.seen(), null))
                .sorted(Comparator.comparing(EdgeWrite::key))
                .toList());
        handle.createUpdate("UPDATE lineage_contracts SET revision = :revision WHERE product = :product")
                .bind("revision", now.revision())
                .bind("product", product)
                .execute();
        log.debug("CONTRACT edges of product %s: revision %s → %s, %s edges", product, written, now.revision(), after.size());
    }

    private static void deleteEdges(Connection connection, List<EdgeKey> keys)
            throws SQLException
    {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM lineage_edges WHERE target_id = ? AND source_id = ? AND kind = ?")) {
            for (EdgeKey key : keys) {
                delete.setLong(1, key.targetId());
                delete.setLong(2, key.sourceId());
                delete.setString(3, key.kind().name());
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    private record Followed(long revision, ProductIndex index) {}
}
