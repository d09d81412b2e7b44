package dev.trinomesh.catalog.core;

import dev.trinomesh.api.model.ApiError;
import dev.trinomesh.api.model.Violation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request the service refuses, with the HTTP status and the explanation it answers with: the one error
 * type of every area, turned into an {@code ApiError} body by the server.
 */
public class ServiceException
        extends RuntimeException
{
    private final int status;
    private final String error;
    private final List<Violation> violations;
    private final Map<String, String> headers;

    private ServiceException(int status, String error, String message, List<Violation> violations)
    {
        this(status, error, message, violations, Map.of());
    }

    private ServiceException(int status, String error, String message, List<Violation> violations, Map<String, String> headers)
    {
        super(message);
        this.status = status;
        this.error = error;
        this.violations = List.copyOf(violations);
        this.headers = Map.copyOf(headers);
    }

    public static ServiceException invalid(String message, List<Violation> violations)
    {
        return new ServiceException(400, "InvalidDescriptor", message, violations);
    }

    /** A valid descriptor for a change the registry does not allow (a lifecycle move, a version going back). */
    public static ServiceException invalidChange(String message, List<Violation> violations)
    {
        return new ServiceException(400, "InvalidChange", message, violations);
    }

    /** A change of a published or deprecated product whose version does not follow it (a breaking change needs a new major). */
    public static ServiceException versionBumpRequired(String message, List<Violation> violations)
    {
        return new ServiceException(422, "VersionBumpRequired", message, violations);
    }

    /** A well-formed request for something that cannot be done as asked (each reason named by its path in {@code violations}). */
    public static ServiceException unprocessable(String message, List<Violation> violations)
    {
        return new ServiceException(422, "Unprocessable", message, violations);
    }

    public static ServiceException badRequest(String message)
    {
        return new ServiceException(400, "BadRequest", message, List.of());
    }

    /** A request whose parts break rules, each named by its path in {@code violations}. */
    public static ServiceException badRequest(String message, List<Violation> violations)
    {
        return new ServiceException(400, "BadRequest", message, violations);
    }

    public static ServiceException unauthorized(String message)
    {
        return new ServiceException(401, "Unauthorized", message, List.of());
    }

    public static ServiceException tooManyRequests(String message)
    {
        return new ServiceException(429, "TooManyRequests", message, List.of());
    }

    /** Too many requests: the caller may try again after {@code retryAfterSeconds} (sent as {@code Retry-After}). */
    public static ServiceException tooManyRequests(String message, long retryAfterSeconds)
    {
        return tooManyRequests(message).withHeader("Retry-After", String.valueOf(Math.max(1, retryAfterSeconds)));
    }

    /** What was asked for existed once and is gone for good (a retired version, an expired cursor or snapshot). */
    public static ServiceException gone(String message)
    {
        return new ServiceException(410, "Gone", message, List.of());
    }

    public static ServiceException forbidden(String message)
    {
        return new ServiceException(403, "Forbidden", message, List.of());
    }

    public static ServiceException notFound(String message)
    {
        return new ServiceException(404, "NotFound", message, List.of());
    }

    public static ServiceException conflict(String message)
    {
        return new ServiceException(409, "Conflict", message, List.of());
    }

    public static ServiceException preconditionFailed(String message)
    {
        return new ServiceException(412, "PreconditionFailed", message, List.of());
    }

    public static ServiceException tooLarge(String message)
    {
        return new ServiceException(413, "PayloadTooLarge", message, List.of());
    }

    public static ServiceException preconditionRequired(String message)
    {
        return new ServiceException(428, "PreconditionRequired", message, List.of());
    }

    /** Something this service needs for the request is not set up or not reachable; the message says what. */
    public static ServiceException unavailable(String message)
    {
        return new ServiceException(503, "ServiceUnavailable", message, List.of());
    }

    /** A route of an area this deployment leaves out ({@code quality.enabled=false}, for example). */
    public static ServiceException notDeployed(String area, String property)
    {
        return new ServiceException(503, "NotDeployed", "%s is not deployed in this catalog service (%s=false); ask its operator to deploy it, or use a catalog service that has it"
                .formatted(area, property), List.of());
    }

    public int status()
    {
        return status;
    }

    /** The same refusal, answered with one more response header. */
    public ServiceException withHeader(String name, String value)
    {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ServiceException(status, error, getMessage(), violations, more);
    }

    /** Response headers the refusal is answered with (e.g. {@code Retry-After}). */
    public Map<String, String> headers()
    {
        return headers;
    }

    public ApiError toApiError()
    {
        return new ApiError(status, error, getMessage(), violations);
    }
}
