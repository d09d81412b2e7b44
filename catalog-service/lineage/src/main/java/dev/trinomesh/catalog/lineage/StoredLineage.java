package dev.trinomesh.catalog.lineage;

import com.google.inject.Inject;
import dev.trinomesh.api.lineage.DatasetUsage;
import dev.trinomesh.api.lineage.LineageGraph;
import dev.trinomesh.catalog.lineage.api.LineageReads;
import dev.trinomesh.catalog.registry.api.Viewer;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/** {@link LineageReads} by the same graphs and history {@code /v1/lineage} answers from. */
public class StoredLineage
        implements LineageReads
{
    private final LineageGraphs graphs;
    private final LineageHistory history;

    @Inject
    public StoredLineage(LineageGraphs graphs, LineageHistory history)
    {
        this.graphs = requireNonNull(graphs, "graphs is null");
        this.history = requireNonNull(history, "history is null");
    }

    @Override
    public LineageGraph graph(Viewer viewer, boolean upstream, String dataset, Optional<String> column, int depth)
    {
        checkArgument(depth >= 1 && depth <= MAX_DEPTH, "depth must be from 1 to %s", MAX_DEPTH);
        return graphs.graph(viewer, upstream ? Direction.UPSTREAM : Direction.DOWNSTREAM, Optional.empty(), dataset, column, depth);
    }

    @Override
    public List<DatasetUsage> usage(Viewer viewer, String product)
    {
        return history.usage(viewer, Optional.of(product), Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Override
    public Map<LocalDate, Long> readsPerDay(Viewer viewer, String product, int days)
    {
        checkArgument(days >= 1 && days <= 366, "days must be from 1 to 366");
        return history.readsPerDay(viewer, product, days);
    }

    @Override
    public IngestionState ingestion()
    {
        return history.ingestion();
    }
}
