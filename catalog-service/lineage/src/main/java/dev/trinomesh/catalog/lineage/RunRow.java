package dev.trinomesh.catalog.lineage;

import com.google.common.hash.Hashing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * A run as the store keeps it: merged from its events. {@code queryId}, {@code user} and the other query fields
 * come from the mesh listener's {@code meshQuery} facet and are null for other producers ({@code impersonator}: who ran
 * the query for {@code user}; {@code door}: sql, portal, api, mcp or quality); {@code state} is then
 * the event type. {@code eventKeys} are the events stored, so that a replayed one is recognised.
 * {@code queryHash} is the SHA-256 (hex) of {@code queryText}, under which the text is stored once.
 */
record RunRow(
        UUID runId,
        List<String> eventKeys,
        String jobNamespace,
        String jobName,
        String producer,
        String queryId,
        String user,
        Set<String> groups,
        String source,
        String impersonator,
        String door,
        String clientInfo,
        String queryType,
        String updateType,
        String state,
        String errorCode,
        String errorMessage,
        String queryText,
        String queryHash,
        List<ReadRow> reads,
        Instant startedAt,
        Instant endedAt,
        String eventType,
        Instant eventTime)
{
    /** The RUNNING and OTHER events a run may send without end; older keys are forgotten beyond this many. */
    static final int MAX_EVENT_KEYS = 64;

    RunRow
    {
        requireNonNull(runId, "runId is null");
        requireNonNull(jobNamespace, "jobNamespace is null");
        requireNonNull(jobName, "jobName is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(eventTime, "eventTime is null");
        eventKeys = List.copyOf(eventKeys);
        groups = Set.copyOf(groups);
        reads = List.copyOf(reads);
        if ((queryText == null) != (queryHash == null)) {
            throw new IllegalArgumentException("queryText and queryHash come together");
        }
    }

    /** The key of a query text: the hex SHA-256 of the text. */
    static String queryHash(String queryText)
    {
        return queryText == null ? null : Hashing.sha256().hashString(queryText, UTF_8).toString();
    }

    boolean hasEvent(String eventKey)
    {
        return eventKeys.contains(eventKey);
    }

    /**
     * This run with another of its events: what the run had stays and what it lacked is filled in; state,
     * error and event type are the newest event's; the run spans both events; the datasets read are merged.
     */
    RunRow merge(RunRow event)
    {
        boolean newer = !event.eventTime.isBefore(eventTime);
        LinkedHashSet<String> keys = new LinkedHashSet<>(eventKeys);
        keys.addAll(event.eventKeys);
        List<String> kept = new ArrayList<>(keys);
        kept = kept.subList(Math.max(0, kept.size() - MAX_EVENT_KEYS), kept.size());
        Map<Long, ReadRow> merged = new LinkedHashMap<>();
        for (ReadRow read : reads) {
            merged.put(read.dataset().id(), read);
        }
        for (ReadRow read : event.reads) {
            merged.merge(read.dataset().id(), read, ReadRow::merge);
        }
        return new RunRow(
                runId,
                kept,
                jobNamespace,
                jobName,
                first(producer, event.producer),
                first(queryId, event.queryId),
                first(user, event.user),
                groups.isEmpty() ? event.groups : groups,
                first(source, event.source),
                first(impersonator, event.impersonator),
                first(door, event.door),
                first(clientInfo, event.clientInfo),
                first(queryType, event.queryType),
                first(updateType, event.updateType),
                newer ? first(event.state, state) : first(state, event.state),
                newer ? first(event.errorCode, errorCode) : first(errorCode, event.errorCode),
                newer ? first(event.errorMessage, errorMessage) : first(errorMessage, event.errorMessage),
                queryText != null ? queryText : event.queryText,
                queryText != null ? queryHash : event.queryHash,
                new ArrayList<>(merged.values()),
                event.startedAt.isBefore(startedAt) ? event.startedAt : startedAt,
                newer ? first(event.endedAt, endedAt) : first(endedAt, event.endedAt),
                newer ? first(event.eventType, eventType) : first(eventType, event.eventType),
                newer ? event.eventTime : eventTime);
    }

    private static <T> T first(T value, T fallback)
    {
        return value != null ? value : fallback;
    }
}
