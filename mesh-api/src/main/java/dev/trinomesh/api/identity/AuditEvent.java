package dev.trinomesh.api.identity;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A privileged action, as recorded: when, who ({@code actor}), what ({@code action}, e.g. {@code token.create},
 * {@code policy.apply}, {@code attributes.replace}), to what ({@code target}), and its details.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AuditEvent(long id, Instant occurredAt, String actor, String action, String target, Map<String, String> details)
{
    public AuditEvent
    {
        requireNonNull(occurredAt, "occurredAt is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(action, "action is null");
        requireNonNull(target, "target is null");
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
