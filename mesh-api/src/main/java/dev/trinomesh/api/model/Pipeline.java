package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.airlift.units.Duration;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A pipeline ({@code apiVersion: mesh/v1}, {@code kind: Pipeline}): ordered SQL steps that build one product's lake
 * tables, run through Trino as the pipeline's principal {@code pipeline:<product>}, on a trigger, and published only
 * when the product's checks pass on what they wrote. The JSON Schema in {@code docs/schema/pipeline.schema.json}
 * documents it.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
public record Pipeline(String apiVersion, String kind, Metadata metadata, Spec spec)
{
    public static final String KIND = "Pipeline";
    public static final String PRINCIPAL_PREFIX = "pipeline:";
    /** What the mesh access control says of a pipeline identity whose product has no active pipeline in the snapshot it holds. */
    public static final String NOT_ACTIVE = "has no active pipeline in the mesh";
    /** A run's time limit when {@code spec.timeout} is absent. */
    public static final Duration DEFAULT_TIMEOUT = Duration.valueOf("1h");
    /** How often a failed run is tried again when {@code spec.retries} is absent. */
    public static final int DEFAULT_RETRIES = 0;

    public Pipeline
    {
        requireNonNull(apiVersion, "apiVersion is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(metadata, "metadata is null");
        requireNonNull(spec, "spec is null");
    }

    public String name()
    {
        return metadata.name();
    }

    public String product()
    {
        return metadata.product();
    }

    /** The Trino user the pipeline's steps run as. */
    public String principal()
    {
        return principal(metadata.product());
    }

    public static String principal(String product)
    {
        return PRINCIPAL_PREFIX + product;
    }

    /** The product whose pipelines run as {@code user}, when it is a pipeline principal. */
    public static Optional<String> productOfPrincipal(String user)
    {
        return user.startsWith(PRINCIPAL_PREFIX) && user.length() > PRINCIPAL_PREFIX.length()
                ? Optional.of(user.substring(PRINCIPAL_PREFIX.length()))
                : Optional.empty();
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"name", "product", "description"})
    public record Metadata(String name, String product, String description)
    {
        public Metadata
        {
            requireNonNull(name, "name is null");
            requireNonNull(product, "product is null");
        }
    }

    /**
     * {@code upstream}: the products the steps read (through the mesh catalog), each of which must still let the
     * product read it; {@code timeout} and {@code retries} bound each run (Airlift durations such as {@code 30m}).
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"upstream", "trigger", "steps", "timeout", "retries"})
    public record Spec(List<String> upstream, Trigger trigger, List<Step> steps, String timeout, Integer retries)
    {
        public Spec
        {
            upstream = upstream == null ? List.of() : List.copyOf(upstream);
            steps = steps == null ? List.of() : List.copyOf(steps);
        }

        public Trigger triggerOrNone()
        {
            return trigger == null ? new Trigger(null, null, List.of()) : trigger;
        }

        /** {@code timeout} as a duration, or {@link #DEFAULT_TIMEOUT}; the registry accepts only valid ones. */
        public Duration timeoutOrDefault()
        {
            return timeout == null ? DEFAULT_TIMEOUT : Duration.valueOf(timeout);
        }

        public int retriesOrDefault()
        {
            return retries == null ? DEFAULT_RETRIES : retries;
        }
    }

    /**
     * When runs start: {@code every} (a duration), {@code cron} (five fields, UTC) and {@code on}, a list of
     * {@code <product>.<dataset>} whose lake table's commits start a run. Any combination; none means runs start only
     * when asked.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"every", "cron", "on"})
    public record Trigger(String every, String cron, List<String> on)
    {
        public Trigger
        {
            on = on == null ? List.of() : List.copyOf(on);
        }
    }

    @JsonPropertyOrder({"name", "sql"})
    public record Step(String name, String sql)
    {
        public Step
        {
            requireNonNull(name, "name is null");
            requireNonNull(sql, "sql is null");
        }
    }
}
