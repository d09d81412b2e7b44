package dev.trinomesh.catalog.portal.http;

import com.google.inject.Inject;
import dev.trinomesh.api.lineage.DatasetUsage;
import dev.trinomesh.catalog.lineage.api.LineageReads;
import dev.trinomesh.catalog.portal.view.BarChart;
import dev.trinomesh.catalog.portal.view.ProductPage.Consumer;
import dev.trinomesh.catalog.portal.view.ProductPage.UsageView;
import dev.trinomesh.catalog.portal.view.Times;
import dev.trinomesh.catalog.registry.api.Viewer;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Who reads a product and how much, from the lineage store: queries per day and per dataset for everyone who sees
 * the product, the consumers' names for its operators only. Nothing when lineage is not deployed or nobody read it.
 */
public class ProductUsage
{
    private static final int TOP_CONSUMERS = 10;
    private static final int USAGE_DAYS = 14;

    private final Optional<LineageReads> lineage;

    @Inject
    public ProductUsage(Optional<LineageReads> lineage)
    {
        this.lineage = requireNonNull(lineage, "lineage is null");
    }

    public Optional<UsageView> usage(Viewer viewer, String product, boolean operator)
    {
        if (lineage.isEmpty()) {
            return Optional.empty();
        }
        List<DatasetUsage> usage = lineage.orElseThrow().usage(viewer, product);
        if (usage.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Long> byDataset = new LinkedHashMap<>();
        usage.stream()
                .collect(Collectors.groupingBy(DatasetUsage::dataset, Collectors.summingLong(DatasetUsage::queries)))
                .entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(entry -> byDataset.put(entry.getKey(), entry.getValue()));
        long readers = usage.stream().map(DatasetUsage::user).distinct().count();
        BarChart chart = BarChart.of("Queries per dataset", "Queries that read each dataset of %s, by %s people, as the lineage store recorded them".formatted(product, readers), byDataset);
        List<Consumer> consumers = !operator ? List.of() : usage.stream()
                .collect(Collectors.groupingBy(DatasetUsage::user))
                .entrySet().stream()
                .map(entry -> new Consumer(
                        entry.getKey(),
                        entry.getValue().stream().mapToLong(DatasetUsage::queries).sum(),
                        Times.at(entry.getValue().stream().map(DatasetUsage::lastSeen).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null))))
                .sorted(Comparator.comparingLong(Consumer::queries).reversed().thenComparing(Consumer::user))
                .limit(TOP_CONSUMERS)
                .toList();
        Map<String, Long> perDay = new LinkedHashMap<>();
        lineage.orElseThrow().readsPerDay(viewer, product, USAGE_DAYS).forEach((day, reads) -> perDay.put(day.toString(), reads));
        BarChart daily = BarChart.of("Queries per day", "Queries that read %s on each of the last %s days (UTC), oldest first".formatted(product, USAGE_DAYS), perDay);
        return Optional.of(new UsageView(daily, chart, consumers, operator));
    }
}
