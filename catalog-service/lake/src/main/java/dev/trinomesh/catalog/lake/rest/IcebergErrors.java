package dev.trinomesh.catalog.lake.rest;

import dev.trinomesh.catalog.lake.gate.ContractViolationException;
import io.airlift.log.Logger;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.exceptions.UnprocessableEntityException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.rest.responses.ErrorResponse;

import java.util.UUID;

/**
 * The REST catalog's error model: Iceberg exceptions become {@code ErrorResponse} bodies with the
 * status code the specification gives them (404 missing, 409 conflict or failed commit, 400 bad
 * request, 503 not checkable now...). A contract refusal is a 409 commit failure carrying the gate's
 * explanation. A 500 (to a committing client: outcome unknown) names an incident in the log, not internals.
 */
final class IcebergErrors
{
    private static final Logger log = Logger.get(IcebergErrors.class);

    private IcebergErrors() {}

    static Response toResponse(RuntimeException exception)
    {
        int status = status(exception);
        String type = exception instanceof ContractViolationException ? CommitFailedException.class.getSimpleName() : exception.getClass().getSimpleName();
        String message = exception.getMessage() == null ? exception.toString() : exception.getMessage();
        if (status == 500) {
            // The details stay in the log: exception text can name internals (SQL, paths, hosts).
            String incident = UUID.randomUUID().toString();
            log.error(exception, "REST catalog request failed (incident %s)", incident);
            type = "InternalServerError";
            message = "Internal error; the catalog service log has the details under incident " + incident;
        }
        else if (status == 503) {
            log.warn(exception, "REST catalog request refused for now");
        }
        ErrorResponse error = ErrorResponse.builder()
                .responseCode(status)
                .withType(type)
                .withMessage(message)
                .build();
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(IcebergJson.write(error)).build();
    }

    private static int status(RuntimeException exception)
    {
        return switch (exception) {
            case NoSuchNamespaceException _, NoSuchTableException _, NoSuchViewException _ -> 404;
            case AlreadyExistsException _, CommitFailedException _, NamespaceNotEmptyException _, ContractViolationException _ -> 409;
            case UnprocessableEntityException _ -> 422;
            case NotAuthorizedException _ -> 401;
            case ForbiddenException _ -> 403;
            case BadRequestException _, ValidationException _, IllegalArgumentException _ -> 400;
            case UnsupportedOperationException _ -> 406;
            case ServiceUnavailableException _ -> 503;
            default -> 500;
        };
    }
}
