package dev.trinomesh.catalog.portal.http;

import com.google.inject.Inject;
import dev.trinomesh.api.lineage.LineageEdge;
import dev.trinomesh.api.lineage.LineageGraph;
import dev.trinomesh.api.lineage.LineageNode;
import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.quality.DatasetQuality;
import dev.trinomesh.catalog.lineage.api.LineageReads;
import dev.trinomesh.catalog.portal.PortalConfig;
import dev.trinomesh.catalog.portal.preview.Preview;
import dev.trinomesh.catalog.portal.preview.PreviewRunner;
import dev.trinomesh.catalog.portal.preview.Profile;
import dev.trinomesh.catalog.portal.session.PortalUser;
import dev.trinomesh.catalog.portal.view.Breakers;
import dev.trinomesh.catalog.portal.view.Frame;
import dev.trinomesh.catalog.portal.view.LineagePage;
import dev.trinomesh.catalog.portal.view.LineagePage.ColumnLink;
import dev.trinomesh.catalog.portal.view.LineagePage.Edge;
import dev.trinomesh.catalog.portal.view.LineagePage.LineageView;
import dev.trinomesh.catalog.portal.view.LineagePage.Node;
import dev.trinomesh.catalog.portal.view.MessagePage;
import dev.trinomesh.catalog.portal.view.Templates;
import dev.trinomesh.catalog.portal.view.Urls;
import dev.trinomesh.catalog.registry.api.ProductCatalog;
import dev.trinomesh.catalog.registry.api.ServedHealth;
import dev.trinomesh.catalog.registry.api.Viewer;
import dev.trinomesh.catalog.registry.api.Visibility;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * A dataset's preview, which runs in Trino as the viewer, and its lineage, upstream and downstream, from the lineage store as the viewer may see it: ends they may not
 * see come as {@code restricted-N}, and are drawn and listed as restricted.
 */
@Path("/portal/products/{product}/datasets/{dataset}")
public class DatasetResource
{
    private static final int DEPTH = 3;

    private final ProductCatalog catalog;
    private final Visibility visibility;
    private final Optional<LineageReads> lineage;
    private final ServedHealth health;
    private final PreviewRunner previews;
    private final Templates templates;
    private final String meshCatalog;

    @Inject
    public DatasetResource(ProductCatalog catalog, Visibility visibility, Optional<LineageReads> lineage, ServedHealth health, PreviewRunner previews, Templates templates, PortalConfig config)
    {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
        this.lineage = requireNonNull(lineage, "lineage is null");
        this.health = requireNonNull(health, "health is null");
        this.previews = requireNonNull(previews, "previews is null");
        this.templates = requireNonNull(templates, "templates is null");
        this.meshCatalog = config.getMeshCatalog();
    }

    @GET
    @Path("lineage")
    public Response page(@PathParam("product") String product, @PathParam("dataset") String dataset, @QueryParam("column") String column, @Context ContainerRequestContext request)
    {
        PortalUser user = PortalRequests.user(request);
        Viewer viewer = visibility.viewer(user.user()).listedInTrino();
        Optional<Dataset> found = dataset(viewer, product, dataset);
        if (found.isEmpty()) {
            return templates.page(404, "message.jte", new MessagePage(Frame.of("Not found", user, "search"), "No such dataset", "There is no dataset %s.%s that you may see.".formatted(product, dataset)));
        }
        Optional<String> selected = Optional.ofNullable(column).filter(name -> found.orElseThrow().columns().stream().anyMatch(candidate -> candidate.name().equals(name)));
        String base = Urls.lineage(product, dataset);
        List<ColumnLink> columns = found.orElseThrow().columns().stream()
                .map(Column::name)
                .map(name -> new ColumnLink(name, base + "?column=" + Urls.query(name), selected.equals(Optional.of(name))))
                .toList();
        String graphUrl = base + ".json" + selected.map(name -> "?column=" + Urls.query(name)).orElse("");
        Optional<String> unavailable = lineage.isEmpty() ? Optional.of("The lineage store is not deployed on this catalog service (lineage.enabled=false).") : Optional.empty();
        LineageView view = lineage.isEmpty() ? new LineageView(List.of(), List.of(), false) : view(viewer, product, dataset, selected);
        return templates.page("lineage.jte", new LineagePage(
                Frame.of("Lineage of " + product + "." + dataset, user, "search"),
                product, dataset, selected, columns, Urls.product(product), graphUrl, unavailable, view));
    }

    @GET
    @Path("lineage.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response graph(@PathParam("product") String product, @PathParam("dataset") String dataset, @QueryParam("column") String column, @Context ContainerRequestContext request)
    {
        PortalUser user = PortalRequests.user(request);
        Viewer viewer = visibility.viewer(user.user()).listedInTrino();
        Optional<Dataset> found = dataset(viewer, product, dataset);
        if (found.isEmpty() || lineage.isEmpty()) {
            return Response.status(404).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", "no dataset %s.%s with lineage you may see".formatted(product, dataset))).build();
        }
        if (column != null && found.orElseThrow().columns().stream().noneMatch(candidate -> candidate.name().equals(column))) {
            return Response.status(404).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", "%s.%s has no column %s".formatted(product, dataset, column))).build();
        }
        return Response.ok(view(viewer, product, dataset, Optional.ofNullable(column))).build();
    }

    @POST
    @Path("preview")
    public Response preview(@PathParam("product") String product, @PathParam("dataset") String dataset, @Context ContainerRequestContext request)
    {
        PortalUser user = PortalRequests.user(request);
        return query(user, product, dataset, "preview.jte", Preview::refused, found -> previews.preview(user.user(), product, dataset, found.columns()));
    }

    @POST
    @Path("profile")
    public Response profile(@PathParam("product") String product, @PathParam("dataset") String dataset, @Context ContainerRequestContext request)
    {
        PortalUser user = PortalRequests.user(request);
        return query(user, product, dataset, "profile.jte", Profile::refused, found -> previews.profile(user.user(), product, dataset, found.columns()));
    }

    /**
     * Runs {@code query} when the person may read the dataset now: seen, readable, and not held back by its circuit
     * breaker; otherwise says why, in the order Trino would tell them.
     */
    private <T> Response query(PortalUser user, String product, String dataset, String template, Function<String, T> refused, Function<Dataset, T> query)
    {
        Viewer viewer = visibility.viewer(user.user()).listedInTrino();
        Optional<Dataset> found = dataset(viewer, product, dataset);
        if (found.isEmpty()) {
            return fragment(404, template, refused.apply("There is no dataset %s.%s you may see.".formatted(product, dataset)));
        }
        // Trino would refuse too; the person learns nothing about the data (not even why it is blocked), and is shown the way to ask.
        if (!viewer.canRead(product, dataset)) {
            return fragment(403, template, refused.apply("You may not read %s.%s: request access to the product from its page.".formatted(product, dataset)));
        }
        Optional<DatasetQuality> blocked = blocked(product, dataset);
        if (blocked.isPresent()) {
            return fragment(409, template, refused.apply("The circuit breaker holds this dataset back: " + Breakers.reason(blocked.orElseThrow()) + "."));
        }
        return fragment(200, template, query.apply(found.orElseThrow()));
    }

    private Optional<DatasetQuality> blocked(String product, String dataset)
    {
        return health.all().stream()
                .filter(quality -> quality.product().equals(product) && quality.dataset().equals(dataset) && quality.blocked())
                .findFirst();
    }

    private Response fragment(int status, String template, Object model)
    {
        return Response.status(status).type(Templates.HTML).entity(templates.render(template, model)).build();
    }

    private Optional<Dataset> dataset(Viewer viewer, String product, String dataset)
    {
        if (!viewer.canSee(product)) {
            return Optional.empty();
        }
        return catalog.product(product).map(ProductRecord::descriptor)
                .flatMap(descriptor -> descriptor.spec().datasets().stream().filter(candidate -> candidate.name().equals(dataset)).findFirst());
    }

    private LineageView view(Viewer viewer, String product, String dataset, Optional<String> column)
    {
        String root = "%s.%s.%s".formatted(meshCatalog, product, dataset);
        LineageGraph upstream = lineage.orElseThrow().graph(viewer, true, root, column, DEPTH);
        LineageGraph downstream = lineage.orElseThrow().graph(viewer, false, root, column, DEPTH);
        Map<String, Node> nodes = new LinkedHashMap<>();
        Set<Edge> edges = new LinkedHashSet<>();
        add(nodes, upstream.root(), "root");
        for (LineageNode node : upstream.nodes()) {
            add(nodes, node, "upstream");
        }
        for (LineageNode node : downstream.nodes()) {
            add(nodes, node, "downstream");
        }
        for (LineageEdge edge : upstream.edges()) {
            edges.add(edge(edge));
        }
        for (LineageEdge edge : downstream.edges()) {
            edges.add(edge(edge));
        }
        // An edge's ends are always among the nodes; a walk cut at its bound may leave one out, which the graph cannot draw.
        edges.removeIf(edge -> !nodes.containsKey(edge.source()) || !nodes.containsKey(edge.target()));
        return new LineageView(List.copyOf(nodes.values()), List.copyOf(edges), upstream.truncated() || downstream.truncated());
    }

    private static void add(Map<String, Node> nodes, LineageNode node, String side)
    {
        String id = id(node.dataset(), node.column());
        boolean restricted = node.dataset().startsWith("restricted-");
        String group = restricted ? "restricted" : node.product() != null ? node.product() : schemaOf(node.dataset());
        // Labels name the whole table (lake.sales_orders.orders, mesh.sales_orders.orders): a product's box holds both.
        nodes.putIfAbsent(id, new Node(id, restricted ? "restricted" : id, group, node.dataset(), node.column(), side, restricted));
    }

    private static Edge edge(LineageEdge edge)
    {
        return new Edge(id(edge.sourceDataset(), edge.sourceColumn()), id(edge.targetDataset(), edge.targetColumn()), edge.kind());
    }

    private static String id(String dataset, String column)
    {
        return column == null ? dataset : dataset + "." + column;
    }

    private static String schemaOf(String dataset)
    {
        int last = dataset.lastIndexOf('.');
        return last < 0 ? dataset : dataset.substring(0, last);
    }
}
