package dev.trinomesh.catalog.lineage;

import dev.trinomesh.api.lineage.AuditEntry;
import dev.trinomesh.api.lineage.AuditEntry.AuditedDataset;
import dev.trinomesh.api.lineage.DatasetUsage;
import dev.trinomesh.catalog.lineage.api.LineageReads.IngestionState;
import dev.trinomesh.catalog.registry.api.Viewer;
import jakarta.inject.Inject;
import org.jdbi.v3.core.Jdbi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Who read what: usage per dataset and user, as far as the caller may see the datasets, and the audit trail of runs with
 * the policies applied (for governance admins and the Trinos: {@link LineageAccess}).
 */
public class LineageHistory
{
    public static final int MAX_USAGE_ROWS = 100_000;
    /** Run lists a daily count reads at most: each holds up to 10,000 runs. */
    private static final int MAX_DAILY_LISTS = 1_000;
    private static final int LISTS_PER_PAGE = 8;

    private final Jdbi jdbi;
    private final RegistryFollower registry;
    private final LineageRollup rollup;
    private final String defaultNamespace;

    @Inject
    public LineageHistory(Jdbi jdbi, RegistryFollower registry, LineageRollup rollup, LineageConfig config)
    {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.rollup = requireNonNull(rollup, "rollup is null");
        this.defaultNamespace = config.getTrinoNamespace();
    }

    /**
     * Usage rows matching every filter given, by dataset and user; at most {@link #MAX_USAGE_ROWS}. Only the rows of
     * datasets the caller may see ({@link NodeVisibility}).
     */
    public List<DatasetUsage> usage(Viewer viewer, Optional<String> product, Optional<String> namespace, Optional<String> dataset, Optional<String> user)
    {
        ProductIndex products = registry.current();
        NodeVisibility visibility = new NodeVisibility(viewer, products);
        if (product.filter(name -> !visibility.canSeeProduct(name)).isPresent()
                || dataset.filter(name -> !visibility.visible(namespace.orElse(defaultNamespace), name)).isPresent()) {
            return List.of();
        }
        rollup.rollUp();
        return Sql.read(jdbi, connection -> {
            Filter filter = new Filter();
            dataset.ifPresent(name -> filter.add("u.dataset_id = ?", Node.dataset(namespace.orElse(defaultNamespace), name).id()));
            user.ifPresent(name -> filter.add("u.user_name = ?", name));
            if (dataset.isEmpty() && !visibility.seesEverything()) {
                List<Long> visible = VisibleDatasets.ids(connection, visibility, defaultNamespace);
                if (visible.isEmpty()) {
                    return List.<DatasetUsage>of();
                }
                filter.add("u.dataset_id = ANY(?)", visible);
            }
            if (product.isPresent()) {
                List<Long> ids = productDatasetIds(connection, products, product.orElseThrow());
                if (ids.isEmpty()) {
                    return List.<DatasetUsage>of();
                }
                filter.add("u.dataset_id = ANY(?)", ids);
            }
            List<DatasetUsage> usage = new ArrayList<>();
            try (PreparedStatement select = filter.prepare(connection, """
                    SELECT n.namespace, n.dataset, u.user_name, u.queries, u.first_seen, u.last_seen
                    FROM lineage_usage u JOIN lineage_nodes n ON n.id = u.dataset_id
                    WHERE %s ORDER BY n.dataset, u.user_name, n.namespace LIMIT %s""", MAX_USAGE_ROWS);
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String name = rows.getString("dataset");
                    String rowNamespace = rows.getString("namespace");
                    if (!visibility.visible(rowNamespace, name)) {
                        continue;
                    }
                    String owner = products.productOf(rowNamespace, name);
                    usage.add(new DatasetUsage(owner != null && visibility.canSeeProduct(owner) ? owner : null, name, rows.getString("user_name"),
                            rows.getLong("queries"), Sql.time(rows, "first_seen"), Sql.time(rows, "last_seen")));
                }
            }
            return usage;
        });
    }

    /** Runs newest first (by start), matching every filter given; each with every dataset it read. */
    public List<AuditEntry> audit(Optional<String> user, Optional<String> namespace, Optional<String> dataset, Optional<String> product, Optional<Instant> since, int limit)
    {
        ProductIndex products = registry.current();
        if (dataset.isPresent() || product.isPresent()) {
            rollup.rollUp();
        }
        return Sql.read(jdbi, connection -> {
            List<RunRow> runs;
            if (dataset.isEmpty() && product.isEmpty()) {
                Filter filter = new Filter();
                user.ifPresent(name -> filter.add("r.user_name = ?", name));
                since.ifPresent(time -> filter.add("r.started_at >= ?", time));
                runs = runs(connection, filter, "SELECT " + IngestStatements.RUN_WITH_TEXT + " FROM lineage_runs r WHERE %s ORDER BY r.started_at DESC, r.run_id LIMIT %s", limit);
            }
            else {
                List<Long> ids = dataset.map(name -> List.of(Node.dataset(namespace.orElse(defaultNamespace), name).id())).orElse(null);
                if (product.isPresent()) {
                    List<Long> productIds = productDatasetIds(connection, products, product.orElseThrow());
                    ids = ids == null ? productIds : ids.stream().filter(productIds::contains).toList();
                }
                if (ids.isEmpty()) {
                    return List.<AuditEntry>of();
                }
                runs = runsThatRead(connection, ids, user, since, limit);
            }
            return runs.stream().map(run -> entry(run, products)).toList();
        });
    }

    /**
     * The newest runs that read any of {@code datasetIds}: the datasets' run lists are read newest first; a run
     * takes its place once no list still to be read can hold a run that started later.
     */
    private static List<RunRow> runsThatRead(Connection connection, List<Long> datasetIds, Optional<String> user, Optional<Instant> since, int limit)
            throws SQLException
    {
        List<RunRow> found = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        PriorityQueue<Posting> candidates = new PriorityQueue<>(Comparator.comparing(Posting::startedAt).reversed().thenComparing(Posting::runId));
        Filter filter = new Filter();
        filter.add("dataset_id = ANY(?)", datasetIds);
        since.ifPresent(time -> filter.add("last_started_at >= ?", time));
        // A page of lists at a time: a list holds up to 10,000 runs, a popular dataset has many.
        int offset = 0;
        while (found.size() < limit) {
            List<RunList> page = new ArrayList<>();
            try (PreparedStatement select = filter.prepare(connection,
                    "SELECT dataset_id, last_started_at, runs_json FROM lineage_dataset_runs WHERE %s ORDER BY last_started_at DESC, id DESC LIMIT %s OFFSET " + offset, LISTS_PER_PAGE);
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    page.add(new RunList(rows.getLong("dataset_id"), Sql.time(rows, "last_started_at"), rows.getString("runs_json")));
                }
            }
            offset += page.size();
            for (RunList list : page) {
                // No list after this one holds a run that started after its last run.
                take(connection, candidates, list.lastStartedAt(), user, limit, found);
                if (found.size() >= limit) {
                    break;
                }
                for (Posting posting : LineageJson.runs(list.datasetId(), list.runsJson())) {
                    if ((since.isEmpty() || !posting.startedAt().isBefore(since.orElseThrow())) && seen.add(posting.runId())) {
                        candidates.add(posting);
                    }
                }
            }
            if (page.size() < LISTS_PER_PAGE) {
                take(connection, candidates, null, user, limit, found);
                break;
            }
        }
        return found;
    }

    /** Moves the candidates that started after {@code bound} (all, without one) to {@code found}, newest first, as far as the user filter and limit let. */
    private static void take(Connection connection, PriorityQueue<Posting> candidates, Instant bound, Optional<String> user, int limit, List<RunRow> found)
            throws SQLException
    {
        while (found.size() < limit && !candidates.isEmpty() && (bound == null || candidates.peek().startedAt().isAfter(bound))) {
            List<UUID> next = new ArrayList<>();
            while (next.size() < Math.max(100, 2 * (limit - found.size())) && !candidates.isEmpty() && (bound == null || candidates.peek().startedAt().isAfter(bound))) {
                next.add(candidates.poll().runId());
            }
            Map<UUID, RunRow> runs = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT " + IngestStatements.RUN_WITH_TEXT + " FROM lineage_runs r WHERE r.run_id = ANY(?)")) {
                select.setArray(1, Sql.uuids(connection, next));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        RunRow run = IngestStatements.run(rows);
                        runs.put(run.runId(), run);
                    }
                }
            }
            for (UUID runId : next) {
                RunRow run = runs.get(runId);
                if (run != null && found.size() < limit && (user.isEmpty() || user.orElseThrow().equals(run.user()))) {
                    found.add(run);
                }
            }
        }
    }

    private static List<RunRow> runs(Connection connection, Filter filter, String sql, int limit)
            throws SQLException
    {
        List<RunRow> runs = new ArrayList<>();
        try (PreparedStatement select = filter.prepare(connection, sql, limit);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                runs.add(IngestStatements.run(rows));
            }
        }
        return runs;
    }

    /**
     * How many runs read any dataset of {@code product} on each of the last {@code days} days (UTC), oldest first, days
     * without a read included; a run that read two of its datasets counts once. Empty for a product the viewer may not see.
     */
    public Map<LocalDate, Long> readsPerDay(Viewer viewer, String product, int days)
    {
        ProductIndex products = registry.current();
        if (!new NodeVisibility(viewer, products).canSeeProduct(product)) {
            return Map.of();
        }
        rollup.rollUp();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Instant since = today.minusDays(days - 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<LocalDate, Long> perDay = new TreeMap<>();
        for (int day = days - 1; day >= 0; day--) {
            perDay.put(today.minusDays(day), 0L);
        }
        return Sql.read(jdbi, connection -> {
            List<Long> ids = productDatasetIds(connection, products, product);
            if (ids.isEmpty()) {
                return perDay;
            }
            Filter filter = new Filter();
            filter.add("dataset_id = ANY(?)", ids);
            filter.add("last_started_at >= ?", since);
            Set<UUID> counted = new HashSet<>();
            try (PreparedStatement select = filter.prepare(connection, "SELECT dataset_id, runs_json FROM lineage_dataset_runs WHERE %s ORDER BY last_started_at DESC LIMIT %s", MAX_DAILY_LISTS);
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    for (Posting posting : LineageJson.runs(rows.getLong("dataset_id"), rows.getString("runs_json"))) {
                        if (!posting.startedAt().isBefore(since) && counted.add(posting.runId())) {
                            perDay.merge(LocalDate.ofInstant(posting.startedAt(), ZoneOffset.UTC), 1L, Long::sum);
                        }
                    }
                }
            }
            return perDay;
        });
    }

    /** When the newest run the store holds started, and how many ingested batches wait for the roll-up: how far behind it is. */
    public IngestionState ingestion()
    {
        return Sql.read(jdbi, connection -> {
            try (PreparedStatement newest = connection.prepareStatement("SELECT max(started_at) AS newest FROM lineage_runs");
                    PreparedStatement pending = connection.prepareStatement("SELECT count(*) AS waiting FROM lineage_pending");
                    ResultSet newestRow = newest.executeQuery();
                    ResultSet pendingRow = pending.executeQuery()) {
                newestRow.next();
                pendingRow.next();
                return new IngestionState(Optional.ofNullable(Sql.time(newestRow, "newest")), pendingRow.getLong("waiting"));
            }
        });
    }

    /** The ids of the datasets of {@code product} the store knows: its mesh datasets and the tables in its lake namespace. */
    private List<Long> productDatasetIds(Connection connection, ProductIndex products, String product)
            throws SQLException
    {
        List<String> prefixes = products.datasetPrefixes(product);
        if (prefixes.isEmpty()) {
            return List.of();
        }
        Filter filter = new Filter();
        filter.add("namespace = ?", defaultNamespace);
        filter.add("column_name = ''");
        List<String> likes = new ArrayList<>();
        List<Object> patterns = new ArrayList<>();
        for (String prefix : prefixes) {
            likes.add("dataset LIKE ? ESCAPE '\\'");
            patterns.add(Sql.startsWith(prefix));
        }
        filter.add("(" + String.join(" OR ", likes) + ")", patterns.toArray());
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement select = filter.prepare(connection, "SELECT id FROM lineage_nodes WHERE %s LIMIT %s", MAX_USAGE_ROWS);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getLong("id"));
            }
        }
        return ids;
    }

    private static AuditEntry entry(RunRow run, ProductIndex products)
    {
        // A view the run read an input through: what it referenced and what was applied is on the input.
        List<AuditedDataset> datasets = run.reads().stream()
                .map(read -> new AuditedDataset(
                        read.dataset().namespace(),
                        read.dataset().dataset(),
                        products.productOf(read.dataset().namespace(), read.dataset().dataset()),
                        read.directlyReferenced(),
                        read.via(),
                        read.input() ? read.columns() : null,
                        read.input() ? read.rowFilters() : null,
                        read.input() ? read.columnMasks() : null))
                .sorted(Comparator.comparing(AuditedDataset::dataset).thenComparing(AuditedDataset::namespace))
                .toList();
        // Runs of other producers have no query id; their run id stands in.
        return new AuditEntry(run.queryId() != null ? run.queryId() : run.runId().toString(), run.user(), run.groups(), run.source(), run.door(), run.impersonator(),
                run.queryType(), run.state(), run.errorCode(), run.startedAt(), run.endedAt(), run.queryText(), datasets);
    }

    /** A row of lineage_dataset_runs: some of the runs that read a dataset, the last of which started at {@code lastStartedAt}. */
    private record RunList(long datasetId, Instant lastStartedAt, String runsJson) {}

    /** A WHERE clause of AND-ed conditions and the values of their parameters, in order. */
    private static final class Filter
    {
        private final List<String> conditions = new ArrayList<>();
        private final List<Object> values = new ArrayList<>();

        /** A condition with a value for each of its parameters; a list is bound as an array (for {@code = ANY(?)}). */
        void add(String condition, Object... values)
        {
            conditions.add(condition);
            this.values.addAll(List.of(values));
        }

        PreparedStatement prepare(Connection connection, String sql, int limit)
                throws SQLException
        {
            String where = conditions.isEmpty() ? "1 = 1" : String.join(" AND ", conditions);
            PreparedStatement statement = connection.prepareStatement(sql.formatted(where, limit));
            try {
                for (int i = 0; i < values.size(); i++) {
                    switch (values.get(i)) {
                        case Instant instant -> Sql.setTime(statement, i + 1, instant);
                        case List<?> ids -> statement.setArray(i + 1, Sql.ids(connection, ids.stream().map(Long.class::cast).toList()));
                        case Object value -> statement.setObject(i + 1, value);
                    }
                }
                return statement;
            }
            catch (SQLException | RuntimeException e) {
                statement.close();
                throw e;
            }
        }
    }
}
