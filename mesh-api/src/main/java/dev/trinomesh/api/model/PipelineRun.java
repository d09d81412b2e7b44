package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.trinomesh.api.quality.CheckResult;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * One run of a pipeline: why it started, the time window its steps saw, where it is, and, in detail, each step's
 * query, the tables it staged and the audit of what they wrote. {@code attempt} counts from 1; a retry is a run of its
 * own with the next attempt.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record PipelineRun(
        long id,
        String pipeline,
        String product,
        int revision,
        String trigger,
        Status status,
        Instant windowStart,
        Instant windowEnd,
        int attempt,
        String requestedBy,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        String error,
        List<Step> steps,
        List<Table> tables,
        List<CheckResult> audit)
{
    public PipelineRun
    {
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(product, "product is null");
        requireNonNull(trigger, "trigger is null");
        requireNonNull(status, "status is null");
        steps = steps == null ? List.of() : List.copyOf(steps);
        tables = tables == null ? List.of() : List.copyOf(tables);
        audit = audit == null ? List.of() : List.copyOf(audit);
    }

    public PipelineRun withDetails(List<Step> steps, List<Table> tables, List<CheckResult> audit)
    {
        return new PipelineRun(id, pipeline, product, revision, trigger, status, windowStart, windowEnd, attempt, requestedBy, createdAt, startedAt, finishedAt, error, steps, tables, audit);
    }

    public enum Status
    {
        QUEUED, RUNNING, AUDITING, PUBLISHING,
        /** Its writes are in the product's tables. */
        PUBLISHED,
        /** A step failed or it ran out of time; nothing was published. */
        FAILED,
        /** A blocking check failed on what it wrote; nothing was published, and the staged tables are kept for a while to look at. */
        AUDIT_FAILED;

        public boolean finished()
        {
            return this == PUBLISHED || this == FAILED || this == AUDIT_FAILED;
        }

        @JsonValue
        public String wireName()
        {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Status of(String value)
        {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    /** A step as it ran: Trino's query id, the rows it wrote and the rows Trino read for it, how long it took, and its error if it failed. */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record Step(int index, String name, String queryId, Long rows, Long rowsRead, Instant startedAt, Long durationMillis, String error) {}

    /**
     * A table the run wrote: the product's table, the shadow its writes were staged in (kept for inspection after a
     * failed audit until {@code keptUntil}), and whether it was published.
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record Table(String table, String staged, boolean published, Instant keptUntil) {}
}
