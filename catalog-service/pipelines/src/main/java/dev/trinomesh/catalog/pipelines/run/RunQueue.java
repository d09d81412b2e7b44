package dev.trinomesh.catalog.pipelines.run;

import dev.trinomesh.api.model.Pipeline;
import dev.trinomesh.api.model.PipelineRun;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.pipelines.run.RunStore.NewRun;
import dev.trinomesh.catalog.registry.api.PipelineDefinition;
import dev.trinomesh.catalog.registry.api.PipelineDefinitions;
import dev.trinomesh.catalog.registry.api.ProductCatalog;
import io.airlift.units.Duration;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Where runs are asked for: by a person (a run now, or a backfill of a time window), by a schedule and by an upstream
 * commit. A run's window ends when it is asked for and starts where the last published run's ended, so consecutive
 * runs see consecutive windows; the first run of a scheduled pipeline looks back one period, any other first run from
 * the beginning of time.
 */
public class RunQueue
{
    /** The trigger of a run over a window someone named: it reads upstream datasets whole. */
    public static final String BACKFILL = "backfill";

    private final RunStore store;
    private final PipelineDefinitions definitions;
    private final ProductCatalog products;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public RunQueue(RunStore store, PipelineDefinitions definitions, ProductCatalog products)
    {
        this.store = requireNonNull(store, "store is null");
        this.definitions = requireNonNull(definitions, "definitions is null");
        this.products = requireNonNull(products, "products is null");
    }

    /** A run asked for by {@code user}, who must be allowed to operate the pipeline's product; a backfill names its window. */
    public PipelineRun request(String pipeline, String user, Optional<Instant> from, Optional<Instant> to)
    {
        // Active pipelines are those of products that exist and are not retired.
        PipelineDefinition definition = definitions.active(pipeline)
                .orElseThrow(() -> ServiceException.notFound("no pipeline named '%s'".formatted(pipeline)));
        String product = definition.record().descriptor().product();
        products.checkCanOperate(product, user);
        Instant now = clock.instant();
        if (from.isPresent() != to.isPresent()) {
            throw ServiceException.badRequest("a backfill names both ends of its window: from and to");
        }
        if (from.isPresent()) {
            if (!from.orElseThrow().isBefore(to.orElseThrow())) {
                throw ServiceException.badRequest("the window's start (from, %s) must be before its end (to, %s)".formatted(from.orElseThrow(), to.orElseThrow()));
            }
            if (to.orElseThrow().isAfter(now)) {
                throw ServiceException.badRequest("the window's end (to, %s) is in the future; a backfill covers time that has passed".formatted(to.orElseThrow()));
            }
            return store.queue(newRun(definition, BACKFILL, from.orElseThrow(), to.orElseThrow(), 1, user), false, now);
        }
        return store.queue(newRun(definition, "manual", windowStart(definition, now), now, 1, user), false, now);
    }

    /** A run the service starts itself; joins the pipeline's queued run when it has one. */
    public PipelineRun trigger(PipelineDefinition definition, String trigger, Instant now)
    {
        return store.queue(newRun(definition, trigger, windowStart(definition, now), now, 1, Pipeline.principal(definition.record().descriptor().product())), true, now);
    }

    /** The next attempt of a failed run, over the same window. */
    public PipelineRun retry(PipelineDefinition definition, PipelineRun failed)
    {
        return store.queue(newRun(definition, "retry of run " + failed.id(), failed.windowStart(), failed.windowEnd(), failed.attempt() + 1, failed.requestedBy()), false, clock.instant());
    }

    private Instant windowStart(PipelineDefinition definition, Instant now)
    {
        Optional<Instant> last = store.lastPublished(definition.record().name()).map(PipelineRun::windowEnd).filter(end -> end.isBefore(now));
        if (last.isPresent()) {
            return last.orElseThrow();
        }
        Optional<String> every = Optional.ofNullable(definition.record().descriptor().spec().triggerOrNone().every());
        return every.map(period -> now.minusMillis(Duration.valueOf(period).toMillis())).orElse(Instant.EPOCH);
    }

    private static NewRun newRun(PipelineDefinition definition, String trigger, Instant windowStart, Instant windowEnd, int attempt, String user)
    {
        return new NewRun(definition.record().name(), definition.record().descriptor().product(), definition.record().revision(), trigger, windowStart, windowEnd, attempt, user);
    }
}
