package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.joining;

/**
 * One rule of a policy. What it targets: {@code product} (absent: every product the policy's scope
 * reaches), {@code datasets} (absent: all of them), and for masks {@code columns} or
 * {@code classification}. Whom it concerns: {@code principals} (absent: everyone) minus {@code except}.
 * <ul>
 * <li>{@code access}: the principals may read the target (in addition to the descriptor's consumers);
 * <li>{@code deny}: the principals may not read the target, whatever grants them access;
 * <li>{@code rowFilter}: rows are limited to those where {@code expression} is true;
 * <li>{@code columnMask}: the columns are replaced by {@code mask} ({@code hash}, {@code redact},
 * {@code null}) or by {@code expression}, in which {@code ${column}} names the masked column.
 * </ul>
 * Expressions may use {@code ${user}}, {@code ${user.groups}} and {@code ${user.<attribute>}}, which are
 * bound as SQL literals for the querying user.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"type", "product", "datasets", "columns", "classification", "principals", "except", "mask", "expression", "description"})
public record PolicyRule(
        Type type,
        String product,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> datasets,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> columns,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> classification,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> principals,
        @JsonProperty("except") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> exempt,
        Mask mask,
        String expression,
        String description)
{
    public PolicyRule
    {
        requireNonNull(type, "type is null");
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
        columns = columns == null ? List.of() : List.copyOf(columns);
        classification = classification == null ? List.of() : List.copyOf(classification);
        principals = principals == null ? List.of() : List.copyOf(principals);
        exempt = exempt == null ? List.of() : List.copyOf(exempt);
    }

    public Optional<String> productName()
    {
        return Optional.ofNullable(product);
    }

    public enum Type
    {
        ACCESS("access"),
        DENY("deny"),
        ROW_FILTER("rowFilter"),
        COLUMN_MASK("columnMask");

        private final String wireName;

        Type(String wireName)
        {
            this.wireName = wireName;
        }

        @JsonValue
        public String wireName()
        {
            return wireName;
        }

        @JsonCreator
        public static Type fromWireName(String value)
        {
            return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown rule type '%s'; expected one of %s".formatted(value, allWireNames())));
        }

        public static Optional<Type> parse(String value)
        {
            return Arrays.stream(values()).filter(type -> type.wireName.equals(value)).findFirst();
        }

        public static String allWireNames()
        {
            return Arrays.stream(values()).map(Type::wireName).collect(joining(", "));
        }
    }

    /** Ready-made masks, each correct for any column type. */
    public enum Mask
    {
        /** A SHA-256 hex digest for character columns (joinable, not reversible); NULL for other types. */
        HASH("hash"),
        /** {@code '****'} for character columns; NULL for other types. */
        REDACT("redact"),
        /** NULL of the column's type. */
        NULL("null");

        private final String wireName;

        Mask(String wireName)
        {
            this.wireName = wireName;
        }

        @JsonValue
        public String wireName()
        {
            return wireName;
        }

        @JsonCreator
        public static Mask fromWireName(String value)
        {
            return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown mask '%s'; expected one of %s".formatted(value, allWireNames())));
        }

        public static Optional<Mask> parse(String value)
        {
            return Arrays.stream(values()).filter(mask -> mask.wireName.equals(value)).findFirst();
        }

        public static String allWireNames()
        {
            return Arrays.stream(values()).map(Mask::wireName).collect(joining(", "));
        }
    }
}
