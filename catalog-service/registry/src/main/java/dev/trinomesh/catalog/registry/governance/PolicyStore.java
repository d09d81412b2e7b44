package dev.trinomesh.catalog.registry.governance;

import dev.trinomesh.api.model.Policy;
import dev.trinomesh.api.model.PolicyRecord;
import dev.trinomesh.catalog.registry.revisions.RevisionedStore;
import dev.trinomesh.catalog.registry.revisions.RevisionedStore.Column;
import org.jdbi.v3.core.Handle;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** SQL of policies and user attributes; every method runs on the caller's transaction. */
final class PolicyStore
{
    static final RevisionedStore<Policy, PolicyRecord> POLICIES = new RevisionedStore<>("policy", "policies", "policy_revisions", Policy.class, PolicyRecord::new, List.of(
            new Column<>("scope", policy -> policy.scope().wireName()),
            new Column<>("domain", policy -> policy.metadata().domain())));

    private PolicyStore() {}

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
}
