package dev.trinomesh.catalog.registry.access;

import dev.trinomesh.api.access.AccessRequest;
import dev.trinomesh.api.access.AccessRequestStatus;
import dev.trinomesh.catalog.core.database.OptionalConditions;
import dev.trinomesh.catalog.identity.api.Caller;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * SQL of access requests. Every method runs on a caller's {@link Handle}, so that a decision, the descriptor revision
 * it writes and its audit record are one transaction.
 */
public class AccessRequestStore
{
    private static final String COLUMNS = "a.id, a.product, a.requester, a.principal, a.reason, a.status, a.created_at, a.decided_by, a.decided_at, a.note, a.revision";

    /**
     * The products {@code caller} may operate, as {@code Ownership} decides writes: those they own, those of a domain
     * they own, every one for a governance admin.
     */
    private static final String OPERATED_PRODUCTS = """
            SELECT p.name FROM products p LEFT JOIN domains d ON d.name = p.domain
            WHERE :admin OR p.owner IN (<principals>) OR d.owner IN (<principals>)""";

    public AccessRequest insert(Handle handle, String product, String requester, String principal, String reason, Instant now)
    {
        long id = handle.createUpdate("""
                        INSERT INTO access_requests (product, requester, principal, reason, status, created_at)
                        VALUES (:product, :requester, :principal, :reason, :status, :now)""")
                .bind("product", product)
                .bind("requester", requester)
                .bind("principal", principal)
                .bind("reason", reason)
                .bind("status", AccessRequestStatus.PENDING.wireName())
                .bind("now", Timestamp.from(now))
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
        return new AccessRequest(id, product, requester, principal, reason, AccessRequestStatus.PENDING, now, null, null, null, null);
    }

    public Optional<AccessRequest> find(Handle handle, long id, boolean forUpdate)
    {
        return handle.createQuery("SELECT " + COLUMNS + " FROM access_requests a WHERE a.id = :id" + (forUpdate ? " FOR UPDATE" : ""))
                .bind("id", id)
                .map((rs, _) -> accessRequest(rs))
                .findOne();
    }

    /** {@code requester}'s pending request for {@code product}, if any. */
    public Optional<AccessRequest> findPending(Handle handle, String product, String requester)
    {
        return handle.createQuery("SELECT " + COLUMNS + " FROM access_requests a WHERE a.product = :product AND a.requester = :requester AND a.status = :status")
                .bind("product", product)
                .bind("requester", requester)
                .bind("status", AccessRequestStatus.PENDING.wireName())
                .map((rs, _) -> accessRequest(rs))
                .findFirst();
    }

    public int countPending(Handle handle, String requester)
    {
        return handle.createQuery("SELECT count(*) FROM access_requests WHERE requester = :requester AND status = :status")
                .bind("requester", requester)
                .bind("status", AccessRequestStatus.PENDING.wireName())
                .mapTo(Integer.class)
                .one();
    }

    /** {@code caller}'s own requests and those for the products they may operate, filtered, newest first. */
    public List<AccessRequest> list(Handle handle, Caller caller, Optional<String> product, Optional<AccessRequestStatus> status, int limit)
    {
        OptionalConditions where = new OptionalConditions()
                .and("a.product = :product", "product", product)
                .and("a.status = :status", "status", status.map(AccessRequestStatus::wireName));
        return where.bind(handle.createQuery("SELECT " + COLUMNS + " FROM access_requests a WHERE (a.requester = :requester OR a.product IN (" + OPERATED_PRODUCTS + "))"
                        + where.sql() + " ORDER BY a.id DESC LIMIT :limit"))
                .bind("requester", caller.user())
                .bind("admin", caller.admin())
                .bindList("principals", List.copyOf(caller.principals()))
                .bind("limit", limit)
                .map((rs, _) -> accessRequest(rs))
                .list();
    }

    /** Records a decision on a pending request; false when it was no longer pending. */
    public boolean decide(Handle handle, long id, AccessRequestStatus status, String decidedBy, Instant decidedAt, Optional<String> note, Optional<Integer> revision)
    {
        return handle.createUpdate("""
                        UPDATE access_requests SET status = :status, decided_by = :decidedBy, decided_at = :decidedAt, note = :note, revision = :revision
                        WHERE id = :id AND status = :pending""")
                .bind("id", id)
                .bind("status", status.wireName())
                .bind("decidedBy", decidedBy)
                .bind("decidedAt", Timestamp.from(decidedAt))
                .bind("note", note.orElse(null))
                .bind("revision", revision.orElse(null))
                .bind("pending", AccessRequestStatus.PENDING.wireName())
                .execute() == 1;
    }

    /** The newest approved request that made {@code principal} a consumer of {@code product}. */
    public Optional<AccessRequest> latestApproval(Handle handle, String product, String principal)
    {
        return handle.createQuery("SELECT " + COLUMNS + """
                         FROM access_requests a
                        WHERE a.product = :product AND a.principal = :principal AND a.status = :status
                        ORDER BY a.id DESC LIMIT 1""")
                .bind("product", product)
                .bind("principal", principal)
                .bind("status", AccessRequestStatus.APPROVED.wireName())
                .map((rs, _) -> accessRequest(rs))
                .findOne();
    }

    private static AccessRequest accessRequest(ResultSet rs)
            throws SQLException
    {
        Timestamp decidedAt = rs.getTimestamp("decided_at");
        return new AccessRequest(
                rs.getLong("id"),
                rs.getString("product"),
                rs.getString("requester"),
                rs.getString("principal"),
                rs.getString("reason"),
                AccessRequestStatus.fromWire(rs.getString("status")),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("decided_by"),
                decidedAt == null ? null : decidedAt.toInstant(),
                rs.getString("note"),
                rs.getObject("revision", Integer.class));
    }
}
