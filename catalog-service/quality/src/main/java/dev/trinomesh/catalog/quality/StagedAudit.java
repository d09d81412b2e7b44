package dev.trinomesh.catalog.quality;

import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.DatasetSource;
import dev.trinomesh.api.model.QualifiedTableName;
import dev.trinomesh.api.quality.CheckKind;
import dev.trinomesh.api.quality.CheckResult;
import dev.trinomesh.catalog.quality.api.StagedChecks;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.trinomesh.api.policy.SqlLiterals.varchar;
import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.joining;

/**
 * Runs a dataset's checks on a staged table with the same {@link DatasetChecker} as any run, on a copy of the dataset
 * whose source is the staged table. Row-by-row checks read only the appended files when they are known, through
 * Iceberg's {@code $path} column, which Trino uses to skip every other file: their cost follows the new data.
 */
public class StagedAudit
        implements StagedChecks
{
    private static final Set<CheckKind> ROW_BY_ROW = EnumSet.of(CheckKind.NOT_NULL, CheckKind.ACCEPTED_VALUES, CheckKind.RANGE, CheckKind.REGEX);
    // Beyond this many files the IN list costs more than it saves: the whole table is read.
    private static final int MAX_LISTED_FILES = 2_000;

    private final DatasetChecker checker;

    @Inject
    public StagedAudit(DatasetChecker checker)
    {
        this.checker = requireNonNull(checker, "checker is null");
    }

    @Override
    public List<CheckResult> check(long runId, String product, Dataset dataset, QualifiedTableName staged, Optional<List<String>> newFiles)
    {
        List<Map<String, Object>> whole = new ArrayList<>();
        List<Map<String, Object>> rowByRow = new ArrayList<>();
        for (Map<String, Object> declared : dataset.quality()) {
            CheckKind kind = DeclaredCheck.of(declared).kind();
            if (kind == CheckKind.FRESHNESS) {
                continue;
            }
            (ROW_BY_ROW.contains(kind) && newFiles.filter(files -> files.size() <= MAX_LISTED_FILES).isPresent() ? rowByRow : whole).add(declared);
        }
        List<CheckResult> results = new ArrayList<>();
        if (!whole.isEmpty()) {
            results.addAll(checker.check(runId, product, copy(dataset, DatasetSource.ofTable(staged.quoted()), whole)));
        }
        if (!rowByRow.isEmpty()) {
            List<String> files = newFiles.orElseThrow();
            String newRows = files.isEmpty()
                    ? "SELECT * FROM %s WHERE false".formatted(staged.quoted())
                    : "SELECT * FROM %s WHERE \"$path\" IN (%s)".formatted(staged.quoted(), files.stream().map(file -> varchar(file)).collect(joining(", ")));
            results.addAll(checker.check(runId, product, copy(dataset, DatasetSource.ofSql(newRows), rowByRow)));
        }
        // In the order the descriptor declares them, as every other run reports.
        List<String> order = dataset.quality().stream().map(declared -> DeclaredCheck.of(declared).name()).toList();
        results.sort(Comparator.comparingInt(result -> order.indexOf(result.check())));
        return results;
    }

    private static Dataset copy(Dataset dataset, DatasetSource source, List<Map<String, Object>> checks)
    {
        return new Dataset(dataset.name(), dataset.description(), dataset.owner(), dataset.metric(), source, dataset.columns(), dataset.freshness(), checks);
    }
}
