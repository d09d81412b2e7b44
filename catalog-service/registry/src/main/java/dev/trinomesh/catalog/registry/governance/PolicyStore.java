package dev.trinomesh.catalog.registry.governance;

import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.model.Policy;
import dev.trinomesh.api.model.PolicyRecord;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** SQL of policies and user attributes; every method runs on the caller's transaction. */
final class PolicyStore
{
    private static final String POLICY_COLUMNS = "p.name, p.revision, r.active, r.created_at, r.author, r.descriptor ";

    private PolicyStore() {}

    static Optional<PolicyRecord> find(Handle handle, String name, boolean forUpdate)
    {
        return handle.createQuery("SELECT " + POLICY_COLUMNS + """
                         FROM policies p JOIN policy_revisions r ON r.policy = p.name AND r.revision = p.revision
                         WHERE p.name = :name""" + (forUpdate ? " FOR UPDATE" : ""))
                .bind("name", name)
                .map((rs, _) -> policyRecord(rs))
                .findOne();
    }

    static Optional<PolicyRecord> findRevision(Handle handle, String name, int revision)
    {
        return handle.createQuery("""
                        SELECT r.policy AS name, r.revision, r.active, r.created_at, r.author, r.descriptor
                        FROM policy_revisions r WHERE r.policy = :name AND r.revision = :revision""")
                .bind("name", name)
                .bind("revision", revision)
                .map((rs, _) -> policyRecord(rs))
                .findOne();
    }

    static List<PolicyRecord> revisions(Handle handle, String name)
    {
        return handle.createQuery("""
                        SELECT r.policy AS name, r.revision, r.active, r.created_at, r.author, r.descriptor
                        FROM policy_revisions r WHERE r.policy = :name ORDER BY r.revision""")
                .bind("name", name)
                .map((rs, _) -> policyRecord(rs))
                .list();
    }

    static List<PolicyRecord> list(Handle handle, boolean activeOnly)
    {
        return handle.createQuery("SELECT " + POLICY_COLUMNS + """
                         FROM policies p JOIN policy_revisions r ON r.policy = p.name AND r.revision = p.revision
                        """ + (activeOnly ? " WHERE p.active" : "") + " ORDER BY p.name")
                .map((rs, _) -> policyRecord(rs))
                .list();
    }

    static void write(Handle handle, Policy policy, int revision, boolean active, Instant now, String author, long registryRevision)
    {
        Timestamp time = Timestamp.from(now);
        if (revision == 1) {
            handle.createUpdate("""
                            INSERT INTO policies (name, scope, domain, revision, active, created_at, updated_at, updated_by)
                            VALUES (:name, :scope, :domain, 1, :active, :now, :now, :author)""")
                    .bind("name", policy.name())
                    .bind("scope", policy.scope().wireName())
                    .bind("domain", policy.metadata().domain())
                    .bind("active", active)
                    .bind("now", time)
                    .bind("author", author)
                    .execute();
        }
        else {
            int updated = handle.createUpdate("""
                            UPDATE policies SET scope = :scope, domain = :domain, revision = :revision, active = :active, updated_at = :now, updated_by = :author
                            WHERE name = :name AND revision = :previous""")
                    .bind("name", policy.name())
                    .bind("scope", policy.scope().wireName())
                    .bind("domain", policy.metadata().domain())
                    .bind("revision", revision)
                    .bind("previous", revision - 1)
                    .bind("active", active)
                    .bind("now", time)
                    .bind("author", author)
                    .execute();
            if (updated != 1) {
                throw new IllegalStateException("policy '%s' moved past revision %s during the write".formatted(policy.name(), revision - 1));
            }
        }
        handle.createUpdate("""
                        INSERT INTO policy_revisions (policy, revision, active, descriptor, author, created_at, registry_revision)
                        VALUES (:name, :revision, :active, :descriptor, :author, :now, :registryRevision)""")
                .bind("name", policy.name())
                .bind("revision", revision)
                .bind("active", active)
                .bind("descriptor", DescriptorDocuments.toJson(policy))
                .bind("author", author)
                .bind("now", time)
                .bind("registryRevision", registryRevision)
                .execute();
    }

    static Map<String, Map<String, String>> allAttributes(Handle handle)
    {
        Map<String, Map<String, String>> attributes = new TreeMap<>();
        handle.createQuery("SELECT user_name, attribute_name, attribute_value FROM user_attributes ORDER BY user_name, attribute_name")
                .map((rs, _) -> {
                    attributes.computeIfAbsent(rs.getString("user_name"), _ -> new TreeMap<>()).put(rs.getString("attribute_name"), rs.getString("attribute_value"));
                    return null;
                })
                .list();
        return attributes;
    }

    static Map<String, String> attributes(Handle handle, String user)
    {
        Map<String, String> attributes = new TreeMap<>();
        handle.createQuery("SELECT attribute_name, attribute_value FROM user_attributes WHERE user_name = :user")
                .bind("user", user)
                .map((rs, _) -> attributes.put(rs.getString("attribute_name"), rs.getString("attribute_value")))
                .list();
        return attributes;
    }

    static void replaceAttributes(Handle handle, String user, Map<String, String> attributes, Instant now, String author)
    {
        handle.createUpdate("DELETE FROM user_attributes WHERE user_name = :user").bind("user", user).execute();
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            handle.createUpdate("""
                            INSERT INTO user_attributes (user_name, attribute_name, attribute_value, updated_at, updated_by)
                            VALUES (:user, :name, :value, :now, :author)""")
                    .bind("user", user)
                    .bind("name", attribute.getKey())
                    .bind("value", attribute.getValue())
                    .bind("now", Timestamp.from(now))
                    .bind("author", author)
                    .execute();
        }
    }

    private static PolicyRecord policyRecord(ResultSet rs)
            throws SQLException
    {
        return new PolicyRecord(
                rs.getString("name"),
                rs.getInt("revision"),
                rs.getBoolean("active"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("author"),
                DescriptorDocuments.fromJson(rs.getString("descriptor"), Policy.class));
    }
}
