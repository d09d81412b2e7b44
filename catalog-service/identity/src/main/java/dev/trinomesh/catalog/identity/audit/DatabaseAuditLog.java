package dev.trinomesh.catalog.identity.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinomesh.api.identity.AuditEvent;
import dev.trinomesh.catalog.core.database.OptionalConditions;
import dev.trinomesh.catalog.identity.api.AuditLog;
import jakarta.inject.Inject;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.time.temporal.ChronoUnit.MILLIS;
import static java.util.Objects.requireNonNull;

/** Privileged actions, kept in the service database ({@code audit_events}), newest last. */
public class DatabaseAuditLog
        implements AuditLog
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> DETAILS = new TypeReference<>() {};
    private static final int MAX_DETAILS = 10_000;

    private final Jdbi jdbi;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public DatabaseAuditLog(Jdbi jdbi)
    {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    @Override
    public void record(String actor, String action, String target, Map<String, String> details)
    {
        jdbi.useHandle(handle -> record(handle, actor, action, target, details));
    }

    @Override
    public void record(Handle handle, String actor, String action, String target, Map<String, String> details)
    {
        String json = toJson(details);
        handle.createUpdate("INSERT INTO audit_events (occurred_at, actor, action, target, details) VALUES (:at, :actor, :action, :target, :details)")
                .bind("at", Timestamp.from(clock.instant().truncatedTo(MILLIS)))
                .bind("actor", actor)
                .bind("action", action)
                .bind("target", target.length() > 512 ? target.substring(0, 512) : target)
                .bind("details", json.length() > MAX_DETAILS ? json.substring(0, MAX_DETAILS) : json)
                .execute();
    }

    /** The newest events first, filtered by who and what, since a time. */
    public List<AuditEvent> events(Optional<String> actor, Optional<String> action, Optional<Instant> since, int limit)
    {
        OptionalConditions where = new OptionalConditions()
                .and("actor = :actor", "actor", actor)
                .and("action = :action", "action", action)
                .and("occurred_at >= :since", "since", since.map(Timestamp::from));
        return jdbi.withHandle(handle -> where.bind(handle.createQuery("SELECT * FROM audit_events WHERE 1 = 1" + where.sql() + " ORDER BY id DESC LIMIT :limit"))
                .bind("limit", limit)
                .map((rs, _) -> event(rs))
                .list());
    }

    private static AuditEvent event(ResultSet rs)
            throws SQLException
    {
        String details = rs.getString("details");
        return new AuditEvent(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor"), rs.getString("action"), rs.getString("target"),
                details == null ? Map.of() : fromJson(details));
    }

    private static String toJson(Map<String, String> details)
    {
        try {
            return JSON.writeValueAsString(details);
        }
        catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> fromJson(String json)
    {
        try {
            return JSON.readValue(json, DETAILS);
        }
        catch (JsonProcessingException e) {
            // Cut at the length limit: shown as it is rather than lost.
            return Map.of("details", json);
        }
    }
}
