package dev.trinomesh.catalog.data.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.google.inject.Inject;
import dev.trinomesh.catalog.core.ServiceException;
import io.airlift.log.Logger;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The MCP server: the SDK's stateless Streamable HTTP transport (a servlet) with the mesh's tools. Stateless, it keeps
 * no session between requests, so any replica behind a load balancer answers any request. It is served through the
 * {@code /mcp} resource, after the service's authentication, which proved the caller: every tool runs as that person.
 * A tool's refusal (a {@link ServiceException}) is answered as a tool error carrying the service's message, not as a
 * protocol error, so that the assistant reads why and can correct its call.
 */
public final class MeshMcpServer
{
    public static final String ENDPOINT = "/mcp";
    private static final Logger log = Logger.get(MeshMcpServer.class);
    /** The request attributes the resource sets and the context keys the tools read: who calls, and where they reached the service. */
    private static final String USER = MeshMcpServer.class.getName() + ".user";
    private static final String BASE_URI = MeshMcpServer.class.getName() + ".baseUri";
    private static final String INSTRUCTIONS = """
            The data products of a data mesh built into Trino, read as you: every answer is what you may see, with \
            rows filtered and columns masked exactly as in your own SQL. Find products with search_products, read a \
            product's contract with describe, then read rows with read_dataset or a business metric with \
            query_metric; dataset_lineage tells where a dataset's data comes from and what is made from it. Answers \
            are bounded: truncated says when more rows matched, and read_dataset's next cursor reads the next page.""";

    private final ObjectMapper mapper;
    private final HttpServletStatelessServerTransport transport;
    private final McpStatelessSyncServer server;

    @Inject
    public MeshMcpServer(SearchProductsTool search, DescribeTool describe, ReadDatasetTool read, QueryMetricTool metric, DatasetLineageTool lineage, ObjectMapper mapper)
    {
        this(List.of(search, describe, read, metric, lineage), mapper);
    }

    public MeshMcpServer(List<McpTool> tools, ObjectMapper mapper)
    {
        // Decimals as Trino gives them (12.50, not 12.5 or 1.25E+1) in the answers' JSON trees.
        this.mapper = requireNonNull(mapper, "mapper is null").copy().configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
        // The protocol's own messages with a mapper of the SDK's defaults; the tools' answers are made JSON trees first (toolResult).
        McpJsonMapper protocol = new JacksonMcpJsonMapper(new ObjectMapper());
        transport = HttpServletStatelessServerTransport.builder()
                .jsonMapper(protocol)
                .messageEndpoint(ENDPOINT)
                .contextExtractor(request -> McpTransportContext.create(Map.of(
                        USER, requireNonNull(request.getAttribute(USER), "the MCP request has no authenticated user"),
                        BASE_URI, requireNonNull(request.getAttribute(BASE_URI), "the MCP request has no base URI"))))
                .build();
        server = McpServer.sync(transport)
                .serverInfo(new McpSchema.Implementation("trino-mesh", "Trino mesh data products", version()))
                .instructions(INSTRUCTIONS)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .jsonMapper(protocol)
                // The servlet blocks its thread for each request anyway: run the tool there, not on another pool.
                .immediateExecution(true)
                .tools(tools.stream().map(this::specification).toList())
                .build();
    }

    /**
     * Answers one HTTP request of the protocol for {@code user}, authenticated before: {@code body} is the request's
     * body as Jersey read it, {@code baseUri} the service's address as the request reached it.
     */
    public Response serve(HttpServletRequest request, HttpServletResponse response, InputStream body, String user, URI baseUri)
            throws IOException
    {
        BodyRequest exchange = new BodyRequest(request, body);
        exchange.setAttribute(USER, user);
        exchange.setAttribute(BASE_URI, baseUri);
        BufferedResponse answer = new BufferedResponse(response);
        try {
            transport.service(exchange, answer);
        }
        catch (ServletException e) {
            throw new IOException(e);
        }
        // Answers are a person's rows: no cache keeps them.
        return Response.fromResponse(answer.toResponse()).header("Cache-Control", "no-store").build();
    }

    @PreDestroy
    public void close()
    {
        server.close();
    }

    private SyncToolSpecification specification(McpTool tool)
    {
        McpSchema.Tool definition = tool.definition();
        return new SyncToolSpecification(definition, (context, request) -> call(tool, definition.name(), context, request.arguments()));
    }

    private CallToolResult call(McpTool tool, String name, McpTransportContext context, Map<String, Object> arguments)
    {
        ToolCaller caller = new ToolCaller((String) context.get(USER), (URI) context.get(BASE_URI));
        try {
            return toolResult(tool.call(caller, new ToolArguments(name, arguments)), false);
        }
        catch (ServiceException e) {
            return toolError(e);
        }
        catch (RuntimeException e) {
            // The details stay in the log, as the HTTP API keeps them: exception text can name internals.
            String incident = UUID.randomUUID().toString();
            log.error(e, "MCP tool %s failed for %s (incident %s)", name, caller.user(), incident);
            return toolResult(Map.of("status", 500, "error", "InternalError", "message", "Internal error; the catalog service log has the details under incident " + incident), true);
        }
    }

    private CallToolResult toolError(ServiceException refusal)
    {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", refusal.status());
        error.put("error", refusal.toApiError().error());
        error.put("message", refusal.toApiError().describe());
        if (!refusal.toApiError().violations().isEmpty()) {
            error.put("violations", refusal.toApiError().violations());
        }
        Optional.ofNullable(refusal.headers().get("Retry-After")).ifPresent(seconds -> error.put("retryAfterSeconds", seconds));
        return toolResult(error, true);
    }

    /** The answer as structured content, and the same JSON as text for clients that read only text (as the protocol advises). */
    private CallToolResult toolResult(Object answer, boolean isError)
    {
        JsonNode tree = mapper.valueToTree(answer);
        String text;
        try {
            text = mapper.writeValueAsString(tree);
        }
        catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return CallToolResult.builder()
                .structuredContent(tree)
                .addTextContent(text)
                .isError(isError)
                .build();
    }

    private static String version()
    {
        return Optional.ofNullable(MeshMcpServer.class.getPackage().getImplementationVersion()).orElse("dev");
    }
}
