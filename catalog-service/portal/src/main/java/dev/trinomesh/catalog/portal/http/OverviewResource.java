package dev.trinomesh.catalog.portal.http;

import com.google.inject.Inject;
import dev.trinomesh.api.model.LakeCommit;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.quality.DatasetQuality;
import dev.trinomesh.api.quality.QualityStatus;
import dev.trinomesh.catalog.lake.api.LakeActivity;
import dev.trinomesh.catalog.lineage.api.LineageReads;
import dev.trinomesh.catalog.lineage.api.LineageReads.IngestionState;
import dev.trinomesh.catalog.portal.session.PortalUser;
import dev.trinomesh.catalog.portal.view.BarChart;
import dev.trinomesh.catalog.portal.view.Breakers;
import dev.trinomesh.catalog.portal.view.Frame;
import dev.trinomesh.catalog.portal.view.OverviewPage;
import dev.trinomesh.catalog.portal.view.OverviewPage.Alert;
import dev.trinomesh.catalog.portal.view.OverviewPage.DomainRow;
import dev.trinomesh.catalog.portal.view.OverviewPage.Recent;
import dev.trinomesh.catalog.portal.view.OverviewPage.Refusal;
import dev.trinomesh.catalog.portal.view.Templates;
import dev.trinomesh.catalog.portal.view.Times;
import dev.trinomesh.catalog.portal.view.Urls;
import dev.trinomesh.catalog.registry.api.ProductCatalog;
import dev.trinomesh.catalog.registry.api.ServedHealth;
import dev.trinomesh.catalog.registry.api.Viewer;
import dev.trinomesh.catalog.registry.api.Visibility;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/** The mesh's live state at a glance: only what the viewer may see is counted. */
@Path("/")
public class OverviewResource
{
    private static final int RECENT = 8;
    private static final int ALERTS = 50;

    private final ProductCatalog catalog;
    private final Visibility visibility;
    private final ServedHealth health;
    private final LakeActivity lake;
    private final Optional<LineageReads> lineage;
    private final Templates templates;

    @Inject
    public OverviewResource(ProductCatalog catalog, Visibility visibility, ServedHealth health, LakeActivity lake, Optional<LineageReads> lineage, Templates templates)
    {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
        this.health = requireNonNull(health, "health is null");
        this.lake = requireNonNull(lake, "lake is null");
        this.lineage = requireNonNull(lineage, "lineage is null");
        this.templates = requireNonNull(templates, "templates is null");
    }

    @GET
    public Response root()
    {
        return Response.seeOther(URI.create("/portal/")).build();
    }

    @GET
    @Path("portal{slash: /?}")
    public Response overview(@Context ContainerRequestContext request)
    {
        PortalUser user = PortalRequests.user(request);
        Viewer viewer = visibility.viewer(user.user()).listedInTrino();
        List<ProductRecord> products = catalog.snapshot().products().stream()
                .filter(product -> viewer.canSee(product.name()))
                .toList();
        Map<String, List<DatasetQuality>> quality = health.all().stream()
                .filter(dataset -> viewer.canSee(dataset.product()))
                .collect(Collectors.groupingBy(DatasetQuality::product));

        Map<String, Long> byStatus = new TreeMap<>(products.stream().collect(Collectors.groupingBy(product -> product.status().wireName(), Collectors.counting())));
        Map<QualityStatus, Long> healthCounts = new EnumMap<>(QualityStatus.class);
        for (ProductRecord product : products) {
            healthCounts.merge(worst(quality.getOrDefault(product.name(), List.of())), 1L, Long::sum);
        }
        Map<String, Long> byHealth = new LinkedHashMap<>();
        healthCounts.forEach((status, count) -> byHealth.put(status.wireName(), count));

        List<DomainRow> domains = products.stream()
                .collect(Collectors.groupingBy(product -> product.metadata().domain(), TreeMap::new, Collectors.counting()))
                .entrySet().stream()
                .map(entry -> new DomainRow(entry.getKey(), entry.getValue().intValue(), "/portal/search?domain=" + Urls.query(entry.getKey())))
                .toList();
        List<Alert> alerts = quality.values().stream()
                .flatMap(List::stream)
                .filter(dataset -> dataset.blocked() || dataset.status() == QualityStatus.FAILING || dataset.status() == QualityStatus.STALE)
                .sorted(Comparator.comparing((DatasetQuality dataset) -> !dataset.blocked()).thenComparing(DatasetQuality::status).thenComparing(DatasetQuality::product).thenComparing(DatasetQuality::dataset))
                .limit(ALERTS)
                .map(dataset -> new Alert(dataset.product(), dataset.dataset(), dataset.status().wireName(), why(dataset), Urls.dataset(dataset.product(), dataset.dataset())))
                .toList();
        Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
        List<Refusal> refused = lake.commits(viewer, Optional.empty(), Optional.empty(), Optional.of("refused"), 20).stream()
                .filter(commit -> commit.committedAt().isAfter(dayAgo))
                .map(commit -> new Refusal(commit.namespace() + "." + commit.table(), Times.at(commit.committedAt()), message(commit)))
                .toList();
        List<Recent> recent = products.stream()
                .sorted(Comparator.comparing(ProductRecord::updatedAt).reversed())
                .limit(RECENT)
                .map(product -> new Recent(product.name(), product.metadata().domain(), product.status().wireName(), product.metadata().version(), Times.at(product.updatedAt()), Urls.product(product.name())))
                .toList();
        return templates.page("overview.jte", new OverviewPage(
                Frame.of("Overview", user, "overview"),
                products.size(),
                BarChart.of("Products by status", "How many of the products you may see are in each status", byStatus),
                BarChart.of("Products by health", "Each product counted once, by its least healthy dataset", byHealth),
                domains,
                alerts,
                refused,
                recent,
                viewer.seesEverything() ? lineage.map(OverviewResource::ingestion) : Optional.empty()));
    }

    /** A product is as healthy as its least healthy dataset; one never checked is unknown. */
    static QualityStatus worst(List<DatasetQuality> datasets)
    {
        return datasets.stream().map(DatasetQuality::status).min(Comparator.naturalOrder()).orElse(QualityStatus.UNKNOWN);
    }

    private static String why(DatasetQuality dataset)
    {
        if (dataset.blocked()) {
            return "circuit breaker open: " + Breakers.reason(dataset);
        }
        return dataset.failedChecks().isEmpty() ? dataset.status().wireName() : "failing checks: " + String.join(", ", dataset.failedChecks());
    }

    /** For governance admins only: the newest run tells when someone last ran a query. */
    private static String ingestion(LineageReads lineage)
    {
        IngestionState state = lineage.ingestion();
        String newest = state.newestRun()
                .map(started -> "The newest query recorded started %s (%s ago)".formatted(Times.at(started), Times.age(Math.max(0, Duration.between(started, Instant.now()).toSeconds()))))
                .orElse("No query recorded yet");
        return "%s; %s ingested %s waiting for the roll-up into usage and the audit.".formatted(newest, state.pendingBatches(), state.pendingBatches() == 1 ? "batch is" : "batches are");
    }

    private static String message(LakeCommit commit)
    {
        return commit.message() == null ? "" : commit.message();
    }
}
