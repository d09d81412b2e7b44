package dev.trinomesh.catalog.server;

import dev.trinomesh.api.model.ApiError;
import dev.trinomesh.catalog.core.ServiceException;
import io.airlift.jaxrs.JsonParsingException;
import io.airlift.log.Logger;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import java.io.EOFException;
import java.util.List;
import java.util.UUID;

/**
 * Every error leaves the API as an {@link ApiError} JSON body: refusals with their explanation,
 * protocol errors (unknown route, wrong media type) with Jersey's reason, and bugs as a 500 that is
 * logged under an incident id the body names.
 */
public class ApiExceptionMapper
        implements ExceptionMapper<Throwable>
{
    private static final Logger log = Logger.get(ApiExceptionMapper.class);

    @Override
    public Response toResponse(Throwable exception)
    {
        ApiError error = switch (exception) {
            case ServiceException refusal -> refusal.toApiError();
            case JsonParsingException body -> BodyErrors.of(body.getCause());
            case EOFException _ -> new ApiError(400, "BadRequest", "the request body ended early: send the whole JSON document", List.of());
            case WebApplicationException web -> new ApiError(
                    web.getResponse().getStatus(),
                    web.getResponse().getStatusInfo().getReasonPhrase().replace(" ", ""),
                    web.getMessage(),
                    List.of());
            default -> {
                // The details stay in the log: exception text can name internals (SQL, paths, hosts).
                String incident = UUID.randomUUID().toString();
                log.error(exception, "request failed (incident %s)", incident);
                yield new ApiError(500, "InternalError", "Internal error; the catalog service log has the details under incident " + incident, List.of());
            }
        };
        Response.ResponseBuilder response = Response.status(error.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(error);
        if (exception instanceof ServiceException refusal) {
            refusal.headers().forEach(response::header);
        }
        return response.build();
    }
}
