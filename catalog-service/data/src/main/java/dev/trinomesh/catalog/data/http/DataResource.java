package dev.trinomesh.catalog.data.http;

import com.google.common.io.CountingOutputStream;
import dev.trinomesh.api.lineage.Door;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.core.http.QueryParameters;
import dev.trinomesh.catalog.data.DataConfig;
import dev.trinomesh.catalog.data.format.ArrowMemory;
import dev.trinomesh.catalog.data.format.PageEnd;
import dev.trinomesh.catalog.data.format.ResultFormat;
import dev.trinomesh.catalog.data.format.RowWriter;
import dev.trinomesh.catalog.data.read.DataReads;
import dev.trinomesh.catalog.data.read.OpenRead;
import dev.trinomesh.catalog.data.read.ReadRequest;
import dev.trinomesh.catalog.identity.api.RequestUser;
import io.airlift.log.Logger;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * {@code GET /v1/data/{product}/v{major}/{dataset}}: a dataset's rows, read in Trino as the caller. Answers in JSON
 * pages (how the page ended is in the body), or streams NDJSON, CSV or Arrow: to a client that reads trailers
 * ({@code TE: trailers}) a stream ends with {@code Mesh-Truncated} and {@code Mesh-Next-Cursor}. Every response
 * names the snapshot it read ({@code Mesh-Snapshot}) and carries the table's deprecation headers.
 */
@Path("/v1/data")
public class DataResource
{
    private static final Logger log = Logger.get(DataResource.class);
    public static final String SNAPSHOT_HEADER = "Mesh-Snapshot";
    public static final String TRUNCATED_TRAILER = "Mesh-Truncated";
    public static final String NEXT_CURSOR_TRAILER = "Mesh-Next-Cursor";

    private final DataReads reads;
    private final DataConfig config;
    private final ArrowMemory arrow;

    @Inject
    public DataResource(DataReads reads, DataConfig config, ArrowMemory arrow)
    {
        this.reads = requireNonNull(reads, "reads is null");
        this.config = requireNonNull(config, "config is null");
        this.arrow = requireNonNull(arrow, "arrow is null");
    }

    @GET
    @Path("{product}/v{major: [0-9]+}/{dataset}")
    public Response read(
            @PathParam("product") String product,
            @PathParam("major") int major,
            @PathParam("dataset") String dataset,
            // Read through UriInfo below (with the filters, and to refuse one given twice); named here for the API's model.
            @QueryParam("fields") String fields,
            @QueryParam("order") String order,
            @QueryParam("limit") String limitParameter,
            @QueryParam("cursor") String cursor,
            @QueryParam("format") String formatParameter,
            @HeaderParam(RequestUser.HEADER) String userHeader,
            @Context UriInfo uri,
            @Context HttpHeaders headers,
            @Context HttpServletResponse servletResponse)
    {
        String user = RequestUser.of(userHeader);
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        ResultFormat format = ResultFormat.negotiate(Optional.ofNullable(query.getFirst("format")), headers.getAcceptableMediaTypes())
                .orElseThrow(() -> query.containsKey("format")
                        ? ServiceException.badRequest("format '%s' is not one of json, ndjson, csv, arrow".formatted(query.getFirst("format")))
                        : new NotAcceptableException("the data API answers in %s; ask for one of them in Accept (or with format=json|ndjson|csv|arrow)".formatted(ResultFormat.mediaTypes())));
        QueryParameters parameters = new QueryParameters();
        long limit = format.stream()
                ? parameters.longValue("limit", single(query, "limit"), config.getStreamMaxRows(), 1, config.getStreamMaxRows())
                : parameters.integer("limit", single(query, "limit"), config.getPageDefaultRows(), 1, config.getPageMaxRows());
        parameters.check();
        Map<String, List<String>> filters = new LinkedHashMap<>(query);
        filters.keySet().removeAll(List.of("limit", "cursor", "format"));
        int timeout = (int) (format.stream() ? config.getStreamTimeout() : config.getPageTimeout()).roundTo(SECONDS);
        ReadRequest request = new ReadRequest(product, major, dataset, filters, Optional.ofNullable(single(query, "cursor")), limit, format.stream());

        OpenRead read = reads.open(user, Door.API, request, timeout);
        try {
            AtomicReference<PageEnd> ended = new AtomicReference<>();
            Response.ResponseBuilder response = Response.ok(stream(read, format, ended), format.mediaType())
                    .header("Cache-Control", "no-store");
            read.table().headers().forEach(response::header);
            if (read.header().snapshot() != null) {
                response.header(SNAPSHOT_HEADER, read.header().snapshot());
            }
            if (format.stream() && acceptsTrailers(headers)) {
                response.header("Trailer", TRUNCATED_TRAILER + ", " + NEXT_CURSOR_TRAILER);
                // Jetty's gzip leaves trailers out; a response that carries them is sent as it is.
                response.header("Content-Encoding", "identity");
                servletResponse.setTrailerFields(() -> trailers(ended.get()));
            }
            if (format == ResultFormat.CSV) {
                response.header("Content-Disposition", "inline; filename=\"%s-v%s-%s.csv\"".formatted(product, major, dataset));
            }
            return response.build();
        }
        catch (RuntimeException e) {
            read.close();
            throw e;
        }
    }

    private StreamingOutput stream(OpenRead read, ResultFormat format, AtomicReference<PageEnd> ended)
    {
        return output -> {
            try (read) {
                CountingOutputStream counted = new CountingOutputStream(output);
                RowWriter writer = format.open(counted, read.header(), arrow.allocator());
                try {
                    ended.set(read.writeTo(writer, counted::getCount, config.getMaxResponseSize().toBytes()));
                }
                finally {
                    if (writer instanceof AutoCloseable closeable) {
                        closeQuietly(closeable);
                    }
                }
            }
            catch (SQLException e) {
                // The status is sent: the response ends short, and the client sees no end (no trailers, a cut body).
                log.warn("a data read of %s failed after its first row: %s", read.table().table(), e.getMessage());
                throw new IOException("Trino failed the read after its first row: " + e.getMessage(), e);
            }
            catch (UncheckedIOException e) {
                throw e.getCause();
            }
        };
    }

    /** Whether the client said it reads trailers ({@code TE: trailers}), as HTTP asks of a server before it sends any. */
    private static boolean acceptsTrailers(HttpHeaders headers)
    {
        List<String> te = headers.getRequestHeader("TE");
        return te != null && te.stream().flatMap(value -> Arrays.stream(value.split(","))).anyMatch(value -> value.strip().toLowerCase(Locale.ROOT).startsWith("trailers"));
    }

    private static Map<String, String> trailers(PageEnd end)
    {
        Map<String, String> trailers = new HashMap<>();
        if (end != null) {
            trailers.put(TRUNCATED_TRAILER, String.valueOf(end.truncated()));
            if (end.next() != null) {
                trailers.put(NEXT_CURSOR_TRAILER, end.next());
            }
        }
        return trailers;
    }

    private static void closeQuietly(AutoCloseable closeable)
    {
        try {
            closeable.close();
        }
        catch (Exception e) {
            log.warn(e, "closing a response's writer failed");
        }
    }

    private static String single(MultivaluedMap<String, String> query, String name)
    {
        List<String> values = query.get(name);
        if (values != null && values.size() > 1) {
            throw ServiceException.badRequest("%s may be given once; it was given %s times".formatted(name, values.size()));
        }
        return values == null ? null : values.getFirst();
    }
}
