package dev.trinomesh.catalog.registry.descriptor;

import dev.trinomesh.api.model.DescriptorChange;
import dev.trinomesh.api.model.DescriptorChange.Kind;
import dev.trinomesh.api.model.VersionBump;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.trinomesh.api.model.ContractImpact.BREAKING;
import static dev.trinomesh.api.model.ContractImpact.COMPATIBLE;
import static dev.trinomesh.api.model.ContractImpact.NONE;

/**
 * What each change between two descriptors of a product means for its consumers, from the changes
 * {@link DescriptorDiffer} finds (their paths name what changed, e.g.
 * {@code spec.datasets[orders].columns[amount].type}).
 * <ul>
 * <li><b>Breaking</b>: what worked for a consumer may fail, or a promise got weaker. A dataset or column
 * removed (a rename is a removal and an addition), columns reordered, a type changed other than a safe
 * widening ({@link TypeCompatibility}, the contract gate's table), {@code required} or {@code unique}
 * dropped, a quality check or the freshness promise removed or loosened, an accepted value added.</li>
 * <li><b>Compatible</b>: an addition consumers can ignore or a stronger promise. A dataset, column or
 * check added, a type widened, a column made required or unique, a check or freshness tightened, and a
 * changed source: the same contracted columns are then served from another table or query, so queries keep
 * working, but the rows may differ and consumers should see it in the version.</li>
 * <li><b>Metrics</b>: a dataset declared a metric or a unit stated is compatible; a metric withdrawn, its
 * measure or unit changed, a dimension added or removed is breaking; its grain is documentation.</li>
 * <li><b>None</b>: outside the contract. Descriptions, tags, owner (of the product or a dataset), domain, classifications and access
 * (governance: policies decide who reads what and what is masked, not the contract), the lake namespace,
 * the status and the version itself, and the previous major's deprecation window.</li>
 * </ul>
 */
public final class ContractChanges
{
    // Paths with the names in brackets left out: spec.datasets[orders].columns[amount].type -> spec.datasets[].columns[].type
    private static final Pattern NAME = Pattern.compile("\\[[^]]*]");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    // A creation, the version itself and the status: they call for no version of their own.
    private static final Set<String> UNVERSIONED = Set.of("", "metadata.version", "metadata.status");

    private static final String DATASET = "spec.datasets[]";
    private static final String COLUMN = DATASET + ".columns[]";
    private static final String CHECK = DATASET + ".quality[]";
    private static final String METRIC = DATASET + ".metric";

    private ContractChanges() {}

    /** The changes, each with its impact and the reason for it. */
    public static List<DescriptorChange> classify(List<DescriptorChange> changes)
    {
        return changes.stream().map(ContractChanges::classify).toList();
    }

    /** The part of the version that classified {@code changes} call for. */
    public static VersionBump bump(List<DescriptorChange> changes)
    {
        VersionBump bump = VersionBump.NONE;
        for (DescriptorChange change : changes) {
            if (UNVERSIONED.contains(change.path())) {
                continue;
            }
            VersionBump needed = switch (change.impact() == null ? classify(change).impact() : change.impact()) {
                case BREAKING -> VersionBump.MAJOR;
                case COMPATIBLE -> VersionBump.MINOR;
                case NONE -> VersionBump.PATCH;
            };
            bump = needed.compareTo(bump) > 0 ? needed : bump;
        }
        return bump;
    }

    public static DescriptorChange classify(DescriptorChange change)
    {
        String shape = NAME.matcher(change.path()).replaceAll("[]");
        return switch (shape) {
            case "" -> change.classified(NONE, "product created");
            case "metadata.version" -> change.classified(NONE, "the version itself");
            case "metadata.status" -> change.classified(NONE, "lifecycle: status moves have their own rules");
            case "metadata.description", "metadata.tags", DATASET + ".description", COLUMN + ".description" ->
                    change.classified(NONE, "documentation");
            case "metadata.owner", "metadata.domain" -> change.classified(NONE, "ownership: consumers' queries are unaffected");
            case "spec.datasets(order)", DATASET + ".quality(order)" -> change.classified(NONE, "order of entries without an order for consumers");
            case COLUMN + ".classification" -> change.classified(NONE, "classifications are governance: policies decide masking, not the contract");
            case "spec.lake", "spec.lake.namespace" -> change.classified(NONE, "the lake namespace the product owns; its datasets' sources count on their own");
            case "spec.previousMajor", "spec.previousMajor.until" ->
                    change.classified(NONE, "the previous major's deprecation window: its tables are deprecated, not part of this version's contract");

            case DATASET -> added(change)
                    ? change.classified(COMPATIBLE, "dataset added: consumers can ignore it")
                    : change.classified(BREAKING, "dataset removed: consumers reading it fail");
            case DATASET + ".source", DATASET + ".source.table", DATASET + ".source.sql" ->
                    change.classified(COMPATIBLE, "source changed: the contracted columns are served from elsewhere; queries keep working but the rows may differ");
            case DATASET + ".columns", COLUMN -> added(change)
                    ? change.classified(COMPATIBLE, "column added: queries that name their columns are unaffected")
                    : change.classified(BREAKING, "column removed: consumers selecting it fail; a rename is a removal and an addition");
            case DATASET + ".columns(order)" -> change.classified(BREAKING, "columns reordered: SELECT * and positional reads get them in another order");
            case COLUMN + ".type" -> typeChange(change);
            case COLUMN + ".required" -> isTrue(change.after())
                    ? change.classified(COMPATIBLE, "column made required: a stronger promise")
                    : change.classified(BREAKING, "required column made optional: consumers relying on a value may get nulls");
            case COLUMN + ".unique" -> isTrue(change.after())
                    ? change.classified(COMPATIBLE, "column made unique: a stronger promise")
                    : change.classified(BREAKING, "unique dropped: consumers relying on one row per value (keys, joins) may get duplicates");

            case DATASET + ".freshness" -> added(change)
                    ? change.classified(COMPATIBLE, "freshness promise added")
                    : change.classified(BREAKING, "freshness promise removed: data may be older than consumers were promised");
            case DATASET + ".freshness.maxAge", CHECK + ".maxAge" -> maxAgeChange(change);
            case DATASET + ".freshness.column" -> change.classified(COMPATIBLE, "freshness measured on another column");
            case DATASET + ".quality", CHECK -> added(change)
                    ? change.classified(COMPATIBLE, "quality check added: a new promise")
                    : change.classified(BREAKING, "quality check removed: consumers lose its guarantee; a renamed check is a removal and an addition");
            case CHECK + ".min" -> boundChange(change, 1);
            case CHECK + ".max" -> boundChange(change, -1);
            case CHECK + ".values" -> added(change)
                    ? change.classified(BREAKING, "accepted value added: consumers handling each value may meet one they do not know")
                    : change.classified(COMPATIBLE, "accepted value removed: a stronger promise");
            case CHECK + ".blocking" -> change.classified(NONE, "whether a failed check blocks is the producer's pipeline");

            // Metrics: what the numbers mean is the contract. Consumers add values up and compare them across
            // rows and over time, so a changed measure or unit (USD to EUR, or to thousands of USD) silently
            // breaks their sums and charts: breaking. A dimension added splits each row into several (one
            // value per month becomes one per month and channel): lookups and joins on the old dimensions get
            // several rows, so it is breaking too; a dimension removed breaks queries grouping by it. The grain
            // documents the time dimension (the query and the columns, classified on their own, shape the rows);
            // the dataset's owner is ownership, like the product's.
            case DATASET + ".owner" -> change.classified(NONE, "ownership: consumers' queries are unaffected");
            case METRIC -> added(change)
                    ? change.classified(COMPATIBLE, "dataset declared a metric: a new promise about what it measures")
                    : change.classified(BREAKING, "metric withdrawn: consumers lose its measure, unit and dimensions");
            case METRIC + ".measure" -> change.classified(BREAKING, "metric's measure changed: its values mean something else");
            case METRIC + ".unit" -> added(change)
                    ? change.classified(COMPATIBLE, "metric's unit stated: a new promise")
                    : change.classified(BREAKING, "metric's unit changed or dropped: sums and comparisons with earlier values mix units");
            case METRIC + ".dimensions" -> added(change)
                    ? change.classified(BREAKING, "dimension added: each row splits into several, so lookups and joins on the other dimensions get several rows")
                    : change.classified(BREAKING, "dimension removed: consumers grouping or filtering by it fail");
            case METRIC + ".grain" -> change.classified(NONE, "the grain documents the time dimension; the query and columns that shape the rows are classified on their own");

            default -> {
                if (shape.startsWith("spec.access")) {
                    yield change.classified(NONE, "access is governance (consumers and policies), not part of the contract");
                }
                if (shape.startsWith(CHECK + ".")) {
                    yield change.classified(BREAKING, "quality check changed: its guarantee may be weaker; add a stricter check as a new one");
                }
                if (shape.startsWith("spec.")) {
                    yield change.classified(COMPATIBLE, "a contract change without a finer rule: treated as compatible");
                }
                yield change.classified(NONE, "outside the contract");
            }
        };
    }

    private static DescriptorChange typeChange(DescriptorChange change)
    {
        Optional<String> before = canonical(change.before());
        Optional<String> after = canonical(change.after());
        if (before.isEmpty() || after.isEmpty()) {
            return change.classified(BREAKING, "type changed: consumers may fail to read or compare its values");
        }
        if (before.equals(after)) {
            return change.classified(NONE, "the same type, spelled differently");
        }
        if (TypeCompatibility.servesAs(before.orElseThrow(), after.orElseThrow())) {
            return change.classified(COMPATIBLE, "type widened from %s to %s: every value still fits".formatted(before.orElseThrow(), after.orElseThrow()));
        }
        return change.classified(BREAKING, "type changed from %s to %s, which is not a widening: values may not fit and consumers' casts and comparisons may fail"
                .formatted(before.orElseThrow(), after.orElseThrow()));
    }

    private static Optional<String> canonical(Object type)
    {
        if (!(type instanceof String text) || TrinoTypes.check(text).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(TrinoTypes.canonical(text));
    }

    /** A lower bound ({@code direction} 1: {@code min}) or upper bound ({@code -1}: {@code max}) of a check. */
    private static DescriptorChange boundChange(DescriptorChange change, int direction)
    {
        String bound = direction > 0 ? "lower bound" : "upper bound";
        Optional<BigDecimal> before = number(change.before());
        Optional<BigDecimal> after = number(change.after());
        if (after.isPresent() && (before.isEmpty() || Integer.signum(after.orElseThrow().compareTo(before.orElseThrow())) * direction > 0)) {
            return change.classified(COMPATIBLE, "quality check's %s tightened: a stronger promise".formatted(bound));
        }
        if (after.isPresent() && after.orElseThrow().compareTo(before.orElseThrow()) == 0) {
            return change.classified(NONE, "the same %s, written differently".formatted(bound));
        }
        return change.classified(BREAKING, "quality check's %s loosened: consumers may get values it used to exclude".formatted(bound));
    }

    private static DescriptorChange maxAgeChange(DescriptorChange change)
    {
        Optional<BigDecimal> before = millis(change.before());
        Optional<BigDecimal> after = millis(change.after());
        if (before.isPresent() && after.isPresent() && after.orElseThrow().compareTo(before.orElseThrow()) == 0) {
            return change.classified(NONE, "the same maximum age, written differently");
        }
        if (after.isPresent() && (before.isEmpty() || after.orElseThrow().compareTo(before.orElseThrow()) < 0)) {
            return change.classified(COMPATIBLE, "freshness tightened: a stronger promise");
        }
        return change.classified(BREAKING, "freshness loosened: data may be older than consumers were promised");
    }

    private static boolean added(DescriptorChange change)
    {
        return change.kind() == Kind.ADDED;
    }

    private static boolean isTrue(Object value)
    {
        return Boolean.TRUE.equals(value);
    }

    private static Optional<BigDecimal> number(Object value)
    {
        return value instanceof Number number ? Optional.of(new BigDecimal(number.toString())) : Optional.empty();
    }

    private static Optional<BigDecimal> millis(Object value)
    {
        if (!(value instanceof String text)) {
            return Optional.empty();
        }
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long unit = switch (matcher.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> 86_400_000;
        };
        return Optional.of(new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unit)));
    }
}
