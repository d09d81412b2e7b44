package dev.trinomesh.api.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.net.HttpHeaders;
import dev.trinomesh.api.access.AccessDecision;
import dev.trinomesh.api.access.AccessRequest;
import dev.trinomesh.api.access.AccessRequestStatus;
import dev.trinomesh.api.access.NewAccessRequest;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.identity.ApiToken;
import dev.trinomesh.api.identity.AuditEvent;
import dev.trinomesh.api.identity.LoginRequest;
import dev.trinomesh.api.identity.NewApiToken;
import dev.trinomesh.api.identity.Principal;
import dev.trinomesh.api.identity.TokenRequest;
import dev.trinomesh.api.lineage.AuditEntry;
import dev.trinomesh.api.lineage.DatasetUsage;
import dev.trinomesh.api.lineage.Impact;
import dev.trinomesh.api.lineage.IngestResult;
import dev.trinomesh.api.lineage.LineageEdge;
import dev.trinomesh.api.lineage.LineageGraph;
import dev.trinomesh.api.lineage.OpenLineage;
import dev.trinomesh.api.model.ApiError;
import dev.trinomesh.api.model.ApplyResult;
import dev.trinomesh.api.model.CatalogSnapshot;
import dev.trinomesh.api.model.DatasetFreshness;
import dev.trinomesh.api.model.DatasetRelease;
import dev.trinomesh.api.model.DescriptorDiff;
import dev.trinomesh.api.model.DomainInfo;
import dev.trinomesh.api.model.GovernanceSnapshot;
import dev.trinomesh.api.model.LakeCommit;
import dev.trinomesh.api.model.PipelineApplyResult;
import dev.trinomesh.api.model.PipelineRecord;
import dev.trinomesh.api.model.PipelineRun;
import dev.trinomesh.api.model.PolicyApplyResult;
import dev.trinomesh.api.model.PolicyRecord;
import dev.trinomesh.api.model.ProductPage;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.model.ProductStatus;
import dev.trinomesh.api.model.ReleaseRequest;
import dev.trinomesh.api.model.RevisionInfo;
import dev.trinomesh.api.model.StatusChange;
import dev.trinomesh.api.quality.CheckResult;
import dev.trinomesh.api.quality.DatasetQuality;
import dev.trinomesh.api.quality.QualityRun;
import io.airlift.http.client.HttpClient;
import io.airlift.http.client.Request;
import io.airlift.http.client.Response;
import io.airlift.http.client.ResponseHandler;
import io.airlift.units.Duration;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static io.airlift.http.client.HttpUriBuilder.uriBuilderFrom;
import static io.airlift.http.client.Request.Builder.prepareDelete;
import static io.airlift.http.client.Request.Builder.prepareGet;
import static io.airlift.http.client.Request.Builder.preparePost;
import static io.airlift.http.client.Request.Builder.preparePut;
import static io.airlift.http.client.StaticBodyGenerator.createStaticBodyGenerator;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Client of the catalog service's registry API ({@code /v1}), used by the Trino plugins and the CLI.
 * Every failure becomes a {@link CatalogServiceException} carrying the service's explanation.
 */
public class CatalogServiceClient
{
    /** Where lineage batches go; the lineage listener posts its spooled batches there itself, as raw JSON. */
    public static final String LINEAGE_BATCH_PATH = "v1/lineage/batch";
    /** The person a Trino reads for (see {@link #onBehalfOf}). */
    public static final String ON_BEHALF_OF_HEADER = "X-Mesh-On-Behalf-Of";

    private final HttpClient httpClient;
    private final URI baseUri;
    private final Optional<String> token;
    private final Optional<String> onBehalfOf;
    private final ObjectMapper mapper = DescriptorDocuments.jsonMapper();

    /**
     * A client that calls as the user its bearer {@code token} proves (a personal token, a JWT of the service's issuer,
     * or a service token); without a token, only the public endpoints answer (the password login, the schemas).
     */
    public CatalogServiceClient(HttpClient httpClient, URI baseUri, Optional<String> token)
    {
        this(httpClient, baseUri, token, Optional.empty());
    }

    private CatalogServiceClient(HttpClient httpClient, URI baseUri, Optional<String> token, Optional<String> onBehalfOf)
    {
        this.httpClient = requireNonNull(httpClient, "httpClient is null");
        this.baseUri = requireNonNull(baseUri, "baseUri is null");
        this.token = requireNonNull(token, "token is null");
        this.onBehalfOf = requireNonNull(onBehalfOf, "onBehalfOf is null");
    }

    /**
     * A client that reads for {@code user}: the service answers as that person may see it (a Trino's principal reads the
     * lineage edges for the person running a query). Sent as {@value #ON_BEHALF_OF_HEADER}, which the service honours
     * only from its {@code governance.snapshot-readers} and only on reads; it refuses anything else with 403.
     */
    public CatalogServiceClient onBehalfOf(String user)
    {
        return new CatalogServiceClient(httpClient, baseUri, token, Optional.of(requireNonNull(user, "user is null")));
    }

    public URI baseUri()
    {
        return baseUri;
    }

    /**
     * The registry snapshot, or empty when it is still at {@code knownRevision} (answered with 304,
     * which costs the service one indexed lookup).
     */
    public Optional<CatalogSnapshot> snapshotIfChanged(Optional<Long> knownRevision)
    {
        Request.Builder request = prepareGet().setUri(uri("v1/catalog/snapshot"));
        knownRevision.ifPresent(revision -> request.setHeader(HttpHeaders.IF_NONE_MATCH, etag(revision)));
        Reply reply = send(request);
        if (reply.status() == 304) {
            return Optional.empty();
        }
        return Optional.of(reply.snapshot(CatalogSnapshot.class));
    }

    /**
     * The governance snapshot, or empty when it is still at {@code knownRevision}. With a known revision,
     * the service holds the request up to {@code wait} until something changes (a long poll).
     */
    public Optional<GovernanceSnapshot> governanceSnapshotIfChanged(Optional<Long> knownRevision, Duration wait)
    {
        var uri = uriBuilderFrom(baseUri).appendPath("v1/governance/snapshot");
        if (knownRevision.isPresent() && wait.toMillis() > 0) {
            uri.addParameter("wait", wait.toString());
        }
        Request.Builder request = prepareGet().setUri(uri.build());
        knownRevision.ifPresent(revision -> request.setHeader(HttpHeaders.IF_NONE_MATCH, etag(revision)));
        Reply reply = send(request);
        if (reply.status() == 304) {
            return Optional.empty();
        }
        return Optional.of(reply.snapshot(GovernanceSnapshot.class));
    }

    public PolicyApplyResult applyPolicy(String name, String descriptor, Optional<String> ifMatch, boolean dryRun)
    {
        Request.Builder request = preparePut()
                .setUri(uriBuilderFrom(baseUri).appendPath("v1/policies").appendPath(name).addParameter("dryRun", String.valueOf(dryRun)).build())
                .setHeader(HttpHeaders.CONTENT_TYPE, "application/yaml")
                .setBodyGenerator(createStaticBodyGenerator(descriptor, UTF_8));
        ifMatch.ifPresent(tag -> request.setHeader(HttpHeaders.IF_MATCH, tag));
        return send(request).as(new TypeReference<>() {});
    }

    public Optional<PolicyRecord> getPolicy(String name)
    {
        Reply reply = send(prepareGet().setUri(uriBuilderFrom(baseUri).appendPath("v1/policies").appendPath(name).build()), 404);
        if (reply.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(reply.as(new TypeReference<PolicyRecord>() {}));
    }

    public List<PolicyRecord> listPolicies()
    {
        return send(prepareGet().setUri(uri("v1/policies"))).as(new TypeReference<>() {});
    }

    public PolicyRecord removePolicy(String name, String ifMatch)
    {
        return send(prepareDelete().setUri(uriBuilderFrom(baseUri).appendPath("v1/policies").appendPath(name).build())
                .setHeader(HttpHeaders.IF_MATCH, ifMatch))
                .as(new TypeReference<>() {});
    }

    public PipelineApplyResult applyPipeline(String name, String descriptor, Optional<String> ifMatch, boolean dryRun)
    {
        Request.Builder request = preparePut()
                .setUri(uriBuilderFrom(baseUri).appendPath("v1/pipelines").appendPath(name).addParameter("dryRun", String.valueOf(dryRun)).build())
                .setHeader(HttpHeaders.CONTENT_TYPE, "application/yaml")
                .setBodyGenerator(createStaticBodyGenerator(descriptor, UTF_8));
        ifMatch.ifPresent(tag -> request.setHeader(HttpHeaders.IF_MATCH, tag));
        return send(request).as(new TypeReference<>() {});
    }

    /** The pipeline at its current revision (a removed one too), or empty when there is none the caller may read. */
    public Optional<PipelineRecord> getPipeline(String name)
    {
        Reply reply = send(prepareGet().setUri(uriBuilderFrom(baseUri).appendPath("v1/pipelines").appendPath(name).build()), 404);
        if (reply.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(reply.as(new TypeReference<PipelineRecord>() {}));
    }

    /** The pipelines the caller may read, by name: active ones unless {@code includeRemoved}, of {@code product} only when given. */
    public List<PipelineRecord> listPipelines(Optional<String> product, boolean includeRemoved)
    {
        var uri = uriBuilderFrom(baseUri).appendPath("v1/pipelines");
        product.ifPresent(value -> uri.addParameter("product", value));
        if (includeRemoved) {
            uri.addParameter("includeRemoved", "true");
        }
        return send(prepareGet().setUri(uri.build())).as(new TypeReference<>() {});
    }

    public PipelineRecord removePipeline(String name, String ifMatch)
    {
        return send(prepareDelete().setUri(uriBuilderFrom(baseUri).appendPath("v1/pipelines").appendPath(name).build())
                .setHeader(HttpHeaders.IF_MATCH, ifMatch))
                .as(new TypeReference<>() {});
    }

    /** Every revision of the pipeline the caller may read, oldest first. */
    public List<PipelineRecord> pipelineRevisions(String name)
    {
        return send(prepareGet().setUri(uriBuilderFrom(baseUri).appendPath("v1/pipelines").appendPath(name).appendPath("revisions").build()))
                .as(new TypeReference<>() {});
    }

    public PipelineRecord pipelineRevision(String name, int revision)
    {
        return send(prepareGet().setUri(uriBuilderFrom(baseUri).appendPath("v1/pipelines").appendPath(name)
                .appendPath("revisions").appendPath(String.valueOf(revision)).build()))
                .as(new TypeReference<>() {});
    }

    public Map<String, String> setUserAttributes(String user, Map<String, String> attributes)
    {
        return send(preparePut()
                .setUri(uriBuilderFrom(baseUri).appendPath("v1/users").appendPath(user).appendPath("attributes").build())
                .setHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .setBodyGenerator(createStaticBodyGenerator(DescriptorDocuments.toJson(attributes), UTF_8)))
                .as(new TypeReference<>() {});
    }

    public Map<String, String> userAttributes(String user)
    {
        return send(prepareGet().setUri(uriBuilderFrom(baseUri).appendPath("v1/users").appendPath(user).appendPath("attributes").build()))
                .as(new TypeReference<>() {});
    }

    public ApplyResult applyProduct(String name, String descriptor, Optional<String> ifMatch, boolean dryRun)
    {
        Request.Builder request = preparePut()
                .setUri(uriBuilderFrom(baseUri).appendPath("v1/products").appendPath(name).addParameter("dryRun", String.valueOf(dryRun)).build())
                .setHeader(HttpHeaders.CONTENT_TYPE, "application/yaml")
                .setBodyGenerator(createStaticBodyGenerator(descriptor, UTF_8));
        ifMatch.ifPresent(tag -> request.setHeader(HttpHeaders.IF_MATCH, tag));
        return send(request).as(new TypeReference<>() {});
    }

    public Optional<Versioned<ProductRecord>> getProduct(String name)
    {
        Reply reply = send(prepareGet().setUri(uriBuilderFrom(baseUri).appendPath("v1/products").appendPath(name).build()), 404);
        if (reply.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(new Versioned<>(reply.as(new TypeReference<ProductRecord>() {}), reply.etag()));
    }

    public ProductRecord getProductRevision(String name, int revision)
    {
        return send(prepareGet().setUri(uriBuilderFrom(baseUri).appendPath("v1/products").appendPath(name)
                .appendPath("revisions").appendPath(String.valueOf(revision)).build()))
                .as(new TypeReference<>() {});
    }

    public ProductPage listProducts(ProductQuery query)
    {
        var uri = uriBuilderFrom(baseUri).appendPath("v1/products");
        query.domain().ifPresent(value -> uri.addParameter("domain", value));
        query.status().ifPresent(value -> uri.addParameter("status", value));
        query.tag().ifPresent(value -> uri.addParameter("tag", value));
        query.owner().ifPresent(value -> uri.addParameter("owner", value));
        query.limit().ifPresent(value -> uri.addParameter("limit", String.valueOf(value)));
        query.pageToken().ifPresent(value -> uri.addParameter("pageToken", value));
        return send(prepareGet().setUri(uri.build())).as(new TypeReference<>() {});
    }

    public List<RevisionInfo> history(String name)
    {
        return send(prepareGet().setUri(uriBuilderFrom(baseUri).appendPath("v1/products").appendPath(name).appendPath("revisions").build()))
                .as(new TypeReference<>() {});
    }

    public DescriptorDiff diff(String name, OptionalInt from, OptionalInt to)
    {
        var uri = uriBuilderFrom(baseUri).appendPath("v1/products").appendPath(name).appendPath("diff");
        from.ifPresent(value -> uri.addParameter("from", String.valueOf(value)));
        to.ifPresent(value -> uri.addParameter("to", String.valueOf(value)));
        return send(prepareGet().setUri(uri.build())).as(new TypeReference<>() {});
    }

    public ProductRecord changeStatus(String name, ProductStatus status, Optional<String> ifMatch)
    {
        Request.Builder request = preparePost()
                .setUri(uriBuilderFrom(baseUri).appendPath("v1/products").appendPath(name).appendPath("status").build())
                .setHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .setBodyGenerator(createStaticBodyGenerator(DescriptorDocuments.toJson(new StatusChange(status)), UTF_8));
        ifMatch.ifPresent(tag -> request.setHeader(HttpHeaders.IF_MATCH, tag));
        return send(request).as(new TypeReference<>() {});
    }

    public DomainInfo applyDomain(String name, String descriptor)
    {
        return send(preparePut()
                .setUri(uriBuilderFrom(baseUri).appendPath("v1/domains").appendPath(name).build())
                .setHeader(HttpHeaders.CONTENT_TYPE, "application/yaml")
                .setBodyGenerator(createStaticBodyGenerator(descriptor, UTF_8)))
                .as(new TypeReference<>() {});
    }

    public List<DomainInfo> listDomains()
    {
        return send(prepareGet().setUri(uri("v1/domains"))).as(new TypeReference<>() {});
    }

    /** Commits to lake tables, newest first. */
    public List<LakeCommit> lakeCommits(Optional<String> namespace, Optional<String> table, Optional<String> outcome, int limit)
    {
        var uri = uriBuilderFrom(baseUri).appendPath("v1/lake/commits").addParameter("limit", String.valueOf(limit));
        namespace.ifPresent(value -> uri.addParameter("namespace", value));
        table.ifPresent(value -> uri.addParameter("table", value));
        outcome.ifPresent(value -> uri.addParameter("outcome", value));
        return send(prepareGet().setUri(uri.build())).as(new TypeReference<>() {});
    }

    /** Freshness of every lake-backed dataset, or of one product's. */
    public List<DatasetFreshness> freshness(Optional<String> product)
    {
        var uri = uriBuilderFrom(baseUri).appendPath("v1/lake/freshness");
        product.ifPresent(value -> uri.addParameter("product", value));
        return send(prepareGet().setUri(uri.build())).as(new TypeReference<>() {});
    }

    /**
     * Stores run events in the lineage store, in one transaction: the whole batch or nothing. Idempotent: events
     * the store already holds come back as {@code duplicates}, so a batch may be sent again after a failure.
     */
    public IngestResult sendLineage(List<OpenLineage.RunEvent> events)
    {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(events);
        }
        catch (IOException e) {
            throw new IllegalArgumentException("run events cannot be written as JSON: " + e.getMessage(), e);
        }
        return send(preparePost()
                .setUri(uri(LINEAGE_BATCH_PATH))
                .setHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .setBodyGenerator(createStaticBodyGenerator(body)))
                .as(new TypeReference<>() {});
    }

    /** The {@code upstream} or {@code downstream} lineage of a dataset, or of one of its columns, to {@code depth} hops. */
    public LineageGraph lineage(String direction, Optional<String> namespace, String dataset, Optional<String> column, int depth)
    {
        var uri = uriBuilderFrom(baseUri).appendPath("v1/lineage").appendPath(direction)
                .addParameter("dataset", dataset)
                .addParameter("depth", String.valueOf(depth));
        namespace.ifPresent(value -> uri.addParameter("namespace", value));
        column.ifPresent(value -> uri.addParameter("column", value));
        return send(prepareGet().setUri(uri.build())).as(new TypeReference<>() {});
    }

    /** What depends on a dataset or column: downstream datasets, their products, and who reads them. */
    public Impact impact(Optional<String> namespace, String dataset, Optional<String> column, int depth)
    {
        var uri = uriBuilderFrom(baseUri).appendPath("v1/lineage/impact")
                .addParameter("dataset", dataset)
                .addParameter("depth", String.valueOf(depth));
        namespace.ifPresent(value -> uri.addParameter("namespace", value));
        column.ifPresent(value -> uri.addParameter("column", value));
        return send(prepareGet().setUri(uri.build())).as(new TypeReference<>() {});
    }

    /** Reads per dataset and user, filtered by product, dataset ({@code catalog.schema.table}) and user. */
    public List<DatasetUsage> usage(Optional<String> product, Optional<String> dataset, Optional<String> user)
    {
        var uri = uriBuilderFrom(baseUri).appendPath("v1/lineage/usage");
        product.ifPresent(value -> uri.addParameter("product", value));
        dataset.ifPresent(value -> uri.addParameter("dataset", value));
        user.ifPresent(value -> uri.addParameter("user", value));
        return send(prepareGet().setUri(uri.build())).as(new TypeReference<>() {});
    }

    /** Queries newest first, with the datasets they read and the policies applied; for governance admins and the Trinos. */
    public List<AuditEntry> audit(Optional<String> user, Optional<String> dataset, Optional<String> product, Optional<Instant> since, int limit)
    {
        var uri = uriBuilderFrom(baseUri).appendPath("v1/lineage/audit").addParameter("limit", String.valueOf(limit));
        user.ifPresent(value -> uri.addParameter("user", value));
        dataset.ifPresent(value -> uri.addParameter("dataset", value));
        product.ifPresent(value -> uri.addParameter("product", value));
        since.ifPresent(value -> uri.addParameter("since", value.toString()));
        return send(prepareGet().setUri(uri.build())).as(new TypeReference<>() {});
    }

    /** Edges from or into any column of {@code dataset}, or all edges; at most {@code limit}. */
    public List<LineageEdge> lineageEdges(Optional<String> dataset, int limit)
    {
        var uri = uriBuilderFrom(baseUri).appendPath("v1/lineage/edges").addParameter("limit", String.valueOf(limit));
        dataset.ifPresent(value -> uri.addParameter("dataset", value));
        return send(prepareGet().setUri(uri.build())).as(new TypeReference<>() {});
    }

    /**
     * Asks for a run of a product's checks (or one dataset's) and returns it queued; a run of the same
     * scope that is still queued is returned instead of a second one. Follow it with {@link #qualityRun}.
     */
    public QualityRun requestQualityRun(String product, Optional<String> dataset)
    {
        var uri = uriBuilderFrom(baseUri).appendPath("v1/quality/runs").addParameter("product", product);
        dataset.ifPresent(value -> uri.addParameter("dataset", value));
        return send(preparePost().setUri(uri.build())).as(new TypeReference<>() {});
    }

    /** A run as it is now: queued, running, or done with its results and the datasets' health. */
    public QualityRun qualityRun(long id)
    {
        return send(prepareGet().setUri(uriBuilderFrom(baseUri).appendPath("v1/quality/runs").appendPath(String.valueOf(id)).build())).as(new TypeReference<>() {});
    }

    /** The health of every checked dataset, or of one product's. */
    public List<DatasetQuality> qualityStatus(Optional<String> product)
    {
        var uri = uriBuilderFrom(baseUri).appendPath("v1/quality/status");
        product.ifPresent(value -> uri.addParameter("product", value));
        return send(prepareGet().setUri(uri.build())).as(new TypeReference<>() {});
    }

    /** Check results newest first, filtered by product, dataset and check; at most {@code limit}. */
    public List<CheckResult> qualityResults(Optional<String> product, Optional<String> dataset, Optional<String> check, int limit)
    {
        var uri = uriBuilderFrom(baseUri).appendPath("v1/quality/results").addParameter("limit", String.valueOf(limit));
        product.ifPresent(value -> uri.addParameter("product", value));
        dataset.ifPresent(value -> uri.addParameter("dataset", value));
        check.ifPresent(value -> uri.addParameter("check", value));
        return send(prepareGet().setUri(uri.build())).as(new TypeReference<>() {});
    }

    /** Asks for a run of a pipeline now, or, with both ends of a window, a backfill of it; returns the run queued. */
    public PipelineRun requestPipelineRun(String pipeline, Optional<Instant> from, Optional<Instant> to)
    {
        var uri = uriBuilderFrom(baseUri).appendPath("v1/pipeline-runs").addParameter("pipeline", pipeline);
        from.ifPresent(value -> uri.addParameter("from", value.toString()));
        to.ifPresent(value -> uri.addParameter("to", value.toString()));
        return send(preparePost().setUri(uri.build())).as(new TypeReference<>() {});
    }

    /** A pipeline run as it is now, with its steps, staged tables and audit. */
    public PipelineRun pipelineRun(long id)
    {
        return send(prepareGet().setUri(uriBuilderFrom(baseUri).appendPath("v1/pipeline-runs").appendPath(String.valueOf(id)).build())).as(new TypeReference<>() {});
    }

    /** Pipeline runs newest first, filtered by pipeline and product; at most {@code limit}. */
    public List<PipelineRun> pipelineRuns(Optional<String> pipeline, Optional<String> product, int limit)
    {
        var uri = uriBuilderFrom(baseUri).appendPath("v1/pipeline-runs").addParameter("limit", String.valueOf(limit));
        pipeline.ifPresent(value -> uri.addParameter("pipeline", value));
        product.ifPresent(value -> uri.addParameter("product", value));
        return send(prepareGet().setUri(uri.build())).as(new TypeReference<>() {});
    }

    /** Pins a dataset's lake table at its current snapshot as release {@code name}; returns the release. */
    public DatasetRelease createRelease(String product, String dataset, String name, Optional<String> description)
    {
        return send(preparePost()
                .setUri(releasesUri(product).build())
                .setHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .setBodyGenerator(createStaticBodyGenerator(DescriptorDocuments.toJson(new ReleaseRequest(dataset, name, description.orElse(null))), UTF_8)))
                .as(new TypeReference<>() {});
    }

    /** The releases of a product, or of one of its datasets. */
    public List<DatasetRelease> releases(String product, Optional<String> dataset)
    {
        var uri = releasesUri(product);
        dataset.ifPresent(value -> uri.addParameter("dataset", value));
        return send(prepareGet().setUri(uri.build())).as(new TypeReference<>() {});
    }

    public Optional<DatasetRelease> release(String product, String dataset, String name)
    {
        Reply reply = send(prepareGet().setUri(releasesUri(product).appendPath(dataset).appendPath(name).build()), 404);
        if (reply.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(reply.as(new TypeReference<DatasetRelease>() {}));
    }

    /** Deletes a release and the tag that kept its snapshot. */
    public void deleteRelease(String product, String dataset, String name)
    {
        send(prepareDelete().setUri(releasesUri(product).appendPath(dataset).appendPath(name).build()));
    }

    /** Asks to read {@code product}; answered alike whether or not it exists. A pending request of the caller's for it is returned instead of a second. */
    public AccessRequest requestAccess(String product, String reason)
    {
        return send(preparePost()
                .setUri(uriBuilderFrom(baseUri).appendPath("v1/products").appendPath(product).appendPath("access-requests").build())
                .setHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .setBodyGenerator(createStaticBodyGenerator(DescriptorDocuments.toJson(new NewAccessRequest(reason)), UTF_8)))
                .as(new TypeReference<>() {});
    }

    /** The caller's access requests and those they decide on, newest first, filtered by product and status. */
    public List<AccessRequest> accessRequests(Optional<String> product, Optional<AccessRequestStatus> status)
    {
        var uri = uriBuilderFrom(baseUri).appendPath("v1/access-requests");
        product.ifPresent(value -> uri.addParameter("product", value));
        status.ifPresent(value -> uri.addParameter("status", value.wireName()));
        return send(prepareGet().setUri(uri.build())).as(new TypeReference<>() {});
    }

    /** Approves a pending request: its requester joins the product's consumers in a new revision. */
    public AccessRequest approveAccessRequest(long id, Optional<String> note)
    {
        return decideAccessRequest(id, "approve", note);
    }

    public AccessRequest denyAccessRequest(long id, Optional<String> note)
    {
        return decideAccessRequest(id, "deny", note);
    }

    private AccessRequest decideAccessRequest(long id, String decision, Optional<String> note)
    {
        return send(preparePost()
                .setUri(uriBuilderFrom(baseUri).appendPath("v1/access-requests").appendPath(String.valueOf(id)).appendPath(decision).build())
                .setHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .setBodyGenerator(createStaticBodyGenerator(DescriptorDocuments.toJson(new AccessDecision(note.orElse(null))), UTF_8)))
                .as(new TypeReference<>() {});
    }

    /** Trades a user's password (checked against Trino's password file) for a personal token; needs no token. */
    public NewApiToken login(LoginRequest request)
    {
        return send(preparePost()
                .setUri(uri("v1/auth/login"))
                .setHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .setBodyGenerator(createStaticBodyGenerator(DescriptorDocuments.toJson(request), UTF_8)))
                .as(new TypeReference<>() {});
    }

    /** Who the service takes this client's token to prove, with the principals it holds. */
    public Principal whoami()
    {
        return send(prepareGet().setUri(uri("v1/auth/whoami"))).as(new TypeReference<>() {});
    }

    /** Makes a personal token: for the caller, or for {@code request.user()} (governance admins only). */
    public NewApiToken createToken(TokenRequest request)
    {
        return send(preparePost()
                .setUri(uri("v1/tokens"))
                .setHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .setBodyGenerator(createStaticBodyGenerator(DescriptorDocuments.toJson(request), UTF_8)))
                .as(new TypeReference<>() {});
    }

    /** The caller's tokens, or {@code user}'s ({@code *}: everyone's), newest first, without their secrets. */
    public List<ApiToken> tokens(Optional<String> user)
    {
        var uri = uriBuilderFrom(baseUri).appendPath("v1/tokens");
        user.ifPresent(value -> uri.addParameter("user", value));
        return send(prepareGet().setUri(uri.build())).as(new TypeReference<>() {});
    }

    /** Revokes a token; every replica refuses it within seconds. */
    public ApiToken revokeToken(long id)
    {
        return send(prepareDelete().setUri(uriBuilderFrom(baseUri).appendPath("v1/tokens").appendPath(String.valueOf(id)).build())).as(new TypeReference<>() {});
    }

    /** Privileged actions newest first, filtered by actor, action and time; for governance admins. */
    public List<AuditEvent> auditEvents(Optional<String> actor, Optional<String> action, Optional<Instant> since, int limit)
    {
        var uri = uriBuilderFrom(baseUri).appendPath("v1/audit").addParameter("limit", String.valueOf(limit));
        actor.ifPresent(value -> uri.addParameter("actor", value));
        action.ifPresent(value -> uri.addParameter("action", value));
        since.ifPresent(value -> uri.addParameter("since", value.toString()));
        return send(prepareGet().setUri(uri.build())).as(new TypeReference<>() {});
    }

    private io.airlift.http.client.HttpUriBuilder releasesUri(String product)
    {
        return uriBuilderFrom(baseUri).appendPath("v1/products").appendPath(product).appendPath("releases");
    }

    /** Who is calling: the bearer token, which proves the user. */
    public static Map<String, String> identityHeaders(Optional<String> token)
    {
        Map<String, String> headers = new LinkedHashMap<>();
        token.ifPresent(value -> headers.put(HttpHeaders.AUTHORIZATION, "Bearer " + value));
        return headers;
    }

    public static String etag(long revision)
    {
        return "\"" + revision + "\"";
    }

    private URI uri(String path)
    {
        return uriBuilderFrom(baseUri).appendPath(path).build();
    }

    private Reply send(Request.Builder request, int... acceptedErrors)
    {
        identityHeaders(token).forEach(request::setHeader);
        onBehalfOf.ifPresent(user -> request.setHeader(ON_BEHALF_OF_HEADER, user));
        request.setHeader(HttpHeaders.ACCEPT, "application/json");
        Reply reply = httpClient.execute(request.build(), new ReplyHandler());
        if (reply.status() >= 400 && !contains(acceptedErrors, reply.status())) {
            throw new CatalogServiceException(reply.status(), reply.error());
        }
        return reply;
    }

    private static boolean contains(int[] values, int value)
    {
        for (int candidate : values) {
            if (candidate == value) {
                return true;
            }
        }
        return false;
    }

    private final class ReplyHandler
            implements ResponseHandler<Reply, RuntimeException>
    {
        @Override
        public Reply handleException(Request request, Exception exception)
        {
            throw new CatalogServiceException("catalog service at %s is unreachable: %s".formatted(baseUri, exception.getMessage()), exception);
        }

        @Override
        public Reply handle(Request request, Response response)
        {
            try (InputStream body = response.getInputStream()) {
                return new Reply(response.getStatusCode(), response.getHeader(HttpHeaders.ETAG), body.readAllBytes());
            }
            catch (IOException e) {
                throw new CatalogServiceException("reading the answer of %s %s failed: %s".formatted(request.getMethod(), request.getUri(), e.getMessage()), e);
            }
        }
    }

    private final class Reply
    {
        private final int status;
        private final String etag;
        private final byte[] body;

        Reply(int status, String etag, byte[] body)
        {
            this.status = status;
            this.etag = etag;
            this.body = body;
        }

        int status()
        {
            return status;
        }

        String etag()
        {
            if (etag == null) {
                throw new CatalogServiceException("catalog service at %s sent no ETag".formatted(baseUri), null);
            }
            return etag;
        }

        <T> T as(TypeReference<T> type)
        {
            try {
                return mapper.readValue(body, type);
            }
            catch (IOException e) {
                throw new CatalogServiceException("unexpected answer from catalog service at %s (HTTP %s): %s".formatted(baseUri, status, e.getMessage()), e);
            }
        }

        /** A snapshot the plugins act on: read strictly (see {@link SnapshotReader}). */
        <T> T snapshot(Class<T> type)
        {
            return SnapshotReader.read(body, type, baseUri);
        }

        ApiError error()
        {
            try {
                return mapper.readValue(body, ApiError.class);
            }
            catch (IOException | RuntimeException e) {
                String text = new String(body, UTF_8).strip();
                return new ApiError(status, "HttpError", "HTTP %s from %s%s".formatted(status, baseUri, text.isEmpty() ? "" : ": " + text), List.of());
            }
        }
    }
}
