package dev.trinomesh.catalog.portal.http;

import com.google.inject.Inject;
import dev.trinomesh.api.access.AccessRequest;
import dev.trinomesh.api.access.AccessRequestStatus;
import dev.trinomesh.api.governance.CompiledGovernance;
import dev.trinomesh.api.governance.GovernedDataset;
import dev.trinomesh.api.governance.GovernedProduct;
import dev.trinomesh.api.governance.Subject;
import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.DatasetFreshness;
import dev.trinomesh.api.model.DescriptorChange;
import dev.trinomesh.api.model.DescriptorDiff;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.model.RevisionInfo;
import dev.trinomesh.api.quality.CheckResult;
import dev.trinomesh.api.quality.DatasetQuality;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.identity.api.Callers;
import dev.trinomesh.catalog.lake.api.LakeActivity;
import dev.trinomesh.catalog.pipelines.api.PipelineRuns;
import dev.trinomesh.catalog.portal.session.PortalUser;
import dev.trinomesh.catalog.portal.view.Breakers;
import dev.trinomesh.catalog.portal.view.Frame;
import dev.trinomesh.catalog.portal.view.ProductPage;
import dev.trinomesh.catalog.portal.view.ProductPage.ColumnView;
import dev.trinomesh.catalog.portal.view.ProductPage.DatasetView;
import dev.trinomesh.catalog.portal.view.ProductPage.HealthView;
import dev.trinomesh.catalog.portal.view.ProductPage.PipelineRunView;
import dev.trinomesh.catalog.portal.view.ProductPage.Recommendation;
import dev.trinomesh.catalog.portal.view.ProductPage.ReleaseView;
import dev.trinomesh.catalog.portal.view.ProductPage.RevisionView;
import dev.trinomesh.catalog.portal.view.Times;
import dev.trinomesh.catalog.portal.view.Urls;
import dev.trinomesh.catalog.quality.api.QualityHistory;
import dev.trinomesh.catalog.registry.api.AccessRequests;
import dev.trinomesh.catalog.registry.api.Governance;
import dev.trinomesh.catalog.registry.api.ProductCatalog;
import dev.trinomesh.catalog.registry.api.ProductHistory;
import dev.trinomesh.catalog.registry.api.ServedHealth;
import dev.trinomesh.catalog.registry.api.ServedReleases;
import dev.trinomesh.catalog.registry.api.Viewer;
import dev.trinomesh.catalog.search.api.Recommendations;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Builds a product's page for one viewer from the areas' own reads: the registry decides what they see, compiled
 * governance which columns Trino masks for them, the lineage store who reads it (names for operators only).
 */
public class ProductPages
{
    /** Revisions whose changes are listed one by one; older ones show their summary. */
    private static final int DIFFED_REVISIONS = 10;
    private static final int HISTORY = 50;
    private static final int RECOMMENDATIONS = 5;
    private static final int QUALITY_RESULTS = 1_000;
    private static final int PIPELINE_RUNS = 10;

    private final ProductCatalog catalog;
    private final ProductHistory productHistory;
    private final Governance governance;
    private final Callers callers;
    private final ServedHealth health;
    private final ServedReleases releases;
    private final LakeActivity lake;
    private final ProductUsage usage;
    private final Optional<QualityHistory> quality;
    private final AccessRequests accessRequests;
    private final Recommendations recommendations;
    private final QuerySnippets snippets;
    private final Optional<PipelineRuns> pipelineRuns;

    @Inject
    public ProductPages(
            ProductCatalog catalog,
            ProductHistory productHistory,
            Governance governance,
            Callers callers,
            ServedHealth health,
            ServedReleases releases,
            LakeActivity lake,
            ProductUsage usage,
            Optional<QualityHistory> quality,
            AccessRequests accessRequests,
            Recommendations recommendations,
            QuerySnippets snippets,
            Optional<PipelineRuns> pipelineRuns)
    {
        this.pipelineRuns = requireNonNull(pipelineRuns, "pipelineRuns is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.productHistory = requireNonNull(productHistory, "productHistory is null");
        this.governance = requireNonNull(governance, "governance is null");
        this.callers = requireNonNull(callers, "callers is null");
        this.health = requireNonNull(health, "health is null");
        this.releases = requireNonNull(releases, "releases is null");
        this.lake = requireNonNull(lake, "lake is null");
        this.usage = requireNonNull(usage, "usage is null");
        this.quality = requireNonNull(quality, "quality is null");
        this.accessRequests = requireNonNull(accessRequests, "accessRequests is null");
        this.recommendations = requireNonNull(recommendations, "recommendations is null");
        this.snippets = requireNonNull(snippets, "snippets is null");
    }

    /** The page, or empty when the viewer may not see the product (which is then answered as one that does not exist). */
    public Optional<ProductPage> page(PortalUser user, Viewer viewer, String name)
    {
        if (!viewer.canSee(name)) {
            return Optional.empty();
        }
        Optional<ProductRecord> found = catalog.product(name);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ProductRecord record = found.orElseThrow();
        DataProduct product = record.descriptor();
        boolean operator = canOperate(name, user.user());
        Subject subject = governance.subject(callers.resolve(user.user()));
        CompiledGovernance compiled = governance.current();
        Map<String, DatasetQuality> healthByDataset = health.all().stream()
                .filter(quality -> quality.product().equals(name))
                .collect(Collectors.toMap(DatasetQuality::dataset, Function.identity(), (first, _) -> first));
        Map<String, DatasetFreshness> freshness = lake.freshness(viewer, Optional.of(name)).stream()
                .collect(Collectors.toMap(DatasetFreshness::dataset, Function.identity(), (first, _) -> first));

        Map<String, List<CheckResult>> results = quality.map(history -> history.results(viewer, Optional.of(name), Optional.empty(), Optional.empty(), QUALITY_RESULTS)).orElse(List.of()).stream()
                .collect(Collectors.groupingBy(CheckResult::dataset));
        List<DatasetView> datasets = new ArrayList<>();
        boolean readsEverything = true;
        Optional<GovernedProduct> served = compiled.servedProduct(name);
        for (Dataset dataset : product.spec().datasets()) {
            boolean readable = viewer.canRead(name, dataset.name());
            readsEverything &= readable;
            Optional<GovernedDataset> governed = served.flatMap(governedProduct -> governedProduct.dataset(dataset.name()));
            Map<String, String> types = dataset.columns().stream().collect(Collectors.toMap(Column::name, Column::type, (first, _) -> first, LinkedHashMap::new));
            Map<String, CompiledGovernance.BoundExpression> masks = governed.map(value -> compiled.columnMasks(subject, value, types)).orElse(Map.of());
            List<String> policies = new ArrayList<>();
            governed.ifPresent(value -> compiled.rowFilters(subject, value).forEach(filter -> policies.add("Rows are filtered for you by " + filter.source())));
            masks.forEach((column, mask) -> policies.add("Column %s is masked for you by %s".formatted(column, mask.source())));
            policies.sort(Comparator.naturalOrder());
            List<ColumnView> columns = dataset.columns().stream()
                    .map(column -> new ColumnView(column.name(), column.type(), column.description(), column.required(), column.unique(), column.classification(),
                            Optional.ofNullable(masks.get(column.name())).map(mask -> "masked by " + mask.source())))
                    .toList();
            datasets.add(new DatasetView(
                    dataset.name(),
                    dataset.description(),
                    dataset.hasMetric() ? "metric" : "dataset",
                    readable,
                    columns,
                    Optional.ofNullable(healthByDataset.get(dataset.name())).map(ProductPages::health),
                    QualityCharts.failedChecksPerRun(dataset.name(), results.getOrDefault(dataset.name(), List.of())),
                    Optional.ofNullable(freshness.get(dataset.name())).map(ProductPages::freshness),
                    policies,
                    snippets.sql(name, dataset),
                    snippets.jdbcUrl(name),
                    Urls.lineage(name, dataset.name()),
                    Urls.product(name) + "/datasets/" + Urls.segment(dataset.name()) + "/preview",
                    Urls.product(name) + "/datasets/" + Urls.segment(dataset.name()) + "/profile"));
        }
        return Optional.of(new ProductPage(
                Frame.of(name, user, "search"),
                name,
                product.metadata().domain(),
                product.metadata().owner(),
                product.metadata().version(),
                product.metadata().status().wireName(),
                product.metadata().status().isServed(),
                product.metadata().description(),
                product.metadata().tags() == null ? List.of() : product.metadata().tags(),
                "%s by %s (revision %s)".formatted(Times.at(record.updatedAt()), record.updatedBy(), record.revision()),
                operator,
                readsEverything,
                datasets,
                history(name),
                releases.of(name).stream()
                        .map(release -> new ReleaseView(release.dataset(), release.name(), release.productVersion(), Times.at(release.createdAt()), release.createdBy()))
                        .toList(),
                Optional.ofNullable(product.spec().previousMajor()).map(previous -> "served until " + previous.until()),
                usage.usage(viewer, name, operator),
                recommendations.alsoRead(viewer, name, RECOMMENDATIONS).stream()
                        .map(recommended -> new Recommendation(recommended.product(), recommended.domain(), recommended.description(), recommended.coReaders()))
                        .toList(),
                readsEverything ? Optional.empty() : pendingRequest(name, user.user()),
                pipelineRuns.map(runs -> runs.recent(viewer, name, PIPELINE_RUNS)).orElse(List.of()).stream()
                        .map(run -> new PipelineRunView(run.id(), run.pipeline(), run.status().wireName().replace('_', ' '), run.trigger(),
                                run.finishedAt() == null ? "" : Times.at(run.finishedAt()),
                                run.error() == null ? (run.status().finished() ? "its writes are in the tables" : "") : run.error()))
                        .toList()));
    }

    private boolean canOperate(String product, String user)
    {
        try {
            catalog.checkCanOperate(product, user);
            return true;
        }
        catch (ServiceException _) {
            return false;
        }
    }

    private List<RevisionView> history(String name)
    {
        List<RevisionInfo> revisions = productHistory.history(name);
        List<RevisionView> views = new ArrayList<>();
        for (int i = revisions.size() - 1; i >= 0 && views.size() < HISTORY; i--) {
            RevisionInfo revision = revisions.get(i);
            List<String> changes = List.of();
            boolean breaking = false;
            if (views.size() < DIFFED_REVISIONS && revision.revision() > 1) {
                DescriptorDiff diff = productHistory.diff(name, OptionalInt.of(revision.revision() - 1), OptionalInt.of(revision.revision()));
                changes = diff.changes().stream().map(DescriptorChange::describe).toList();
                breaking = diff.changes().stream().anyMatch(change -> Boolean.TRUE.equals(change.breaking()));
            }
            views.add(new RevisionView(revision.revision(), revision.version(), revision.status().wireName(), Times.at(revision.createdAt()), revision.author(),
                    revision.summary() == null ? "" : revision.summary(), changes, breaking));
        }
        return views;
    }

    private Optional<String> pendingRequest(String product, String user)
    {
        return accessRequests.list(Optional.of(product), Optional.of(AccessRequestStatus.PENDING), user).stream()
                .filter(request -> request.requester().equals(user))
                .findFirst()
                .map(ProductPages::pending);
    }

    private static String pending(AccessRequest request)
    {
        return "You asked for access on %s (request #%s); its owners have not decided yet.".formatted(Times.at(request.createdAt()), request.id());
    }

    private static HealthView health(DatasetQuality quality)
    {
        Optional<String> breaker = quality.blocked() ? Optional.of(Breakers.reason(quality)) : Optional.empty();
        return new HealthView(quality.status().wireName(), quality.checkedAt() == null ? null : Times.at(quality.checkedAt()), quality.failedChecks(), breaker);
    }

    private static String freshness(DatasetFreshness freshness)
    {
        if (freshness.lastCommitAt() == null) {
            return "no data committed yet" + (freshness.maxAge() == null ? "" : "; promised at most %s old".formatted(freshness.maxAge()));
        }
        String age = freshness.ageSeconds() == null ? "" : " (%s ago)".formatted(Times.age(freshness.ageSeconds()));
        String promise = freshness.maxAge() == null ? "" : "; promised at most %s old: %s".formatted(freshness.maxAge(), freshness.status());
        return "last commit %s%s%s".formatted(Times.at(freshness.lastCommitAt()), age, promise);
    }
}
