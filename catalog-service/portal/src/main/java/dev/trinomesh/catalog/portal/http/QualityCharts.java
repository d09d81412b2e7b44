package dev.trinomesh.catalog.portal.http;

import dev.trinomesh.api.quality.CheckOutcome;
import dev.trinomesh.api.quality.CheckResult;
import dev.trinomesh.catalog.portal.view.BarChart;
import dev.trinomesh.catalog.portal.view.Times;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A dataset's quality history as a chart. */
final class QualityCharts
{
    private static final int QUALITY_RUNS = 10;

    private QualityCharts() {}

    /** The dataset's last runs, oldest first: how many of their checks failed, as a chart (with its numbers as a table). */
    static Optional<BarChart> failedChecksPerRun(String dataset, List<CheckResult> results)
    {
        if (results.isEmpty()) {
            return Optional.empty();
        }
        Map<Long, List<CheckResult>> byRun = results.stream().collect(Collectors.groupingBy(CheckResult::runId, TreeMap::new, Collectors.toList()));
        Map<String, Long> failed = new LinkedHashMap<>();
        byRun.entrySet().stream().skip(Math.max(0, byRun.size() - QUALITY_RUNS)).forEach(run -> {
            List<CheckResult> checks = run.getValue();
            Instant at = checks.stream().map(CheckResult::checkedAt).max(Comparator.naturalOrder()).orElseThrow();
            failed.put("run %s, %s (%s check%s)".formatted(run.getKey(), Times.at(at), checks.size(), checks.size() == 1 ? "" : "s"), checks.stream().filter(check -> check.outcome() != CheckOutcome.PASSED).count());
        });
        return Optional.of(BarChart.of("Failed checks of " + dataset + " per run", "How many of the dataset's quality checks failed (or could not run) in each of its last %s runs, oldest first".formatted(failed.size()), failed));
    }
}
