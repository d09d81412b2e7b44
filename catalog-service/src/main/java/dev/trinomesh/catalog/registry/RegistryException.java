package dev.trinomesh.catalog.registry;

import dev.trinomesh.api.model.ApiError;
import dev.trinomesh.api.model.Violation;

import java.util.List;

/** A request the registry refuses, with the HTTP status and the explanation it answers with. */
public class RegistryException
        extends RuntimeException
{
    private final int status;
    private final String error;
    private final List<Violation> violations;

    private RegistryException(int status, String error, String message, List<Violation> violations)
    {
        super(message);
        this.status = status;
        this.error = error;
        this.violations = List.copyOf(violations);
    }

    public static RegistryException invalid(String message, List<Violation> violations)
    {
        return new RegistryException(400, "InvalidDescriptor", message, violations);
    }

    /** A valid descriptor for a change the registry does not allow (a lifecycle move, a version going back). */
    public static RegistryException invalidChange(String message, List<Violation> violations)
    {
        return new RegistryException(400, "InvalidChange", message, violations);
    }

    /** A change of a published or deprecated product whose version does not follow it (a breaking change needs a new major). */
    public static RegistryException versionBumpRequired(String message, List<Violation> violations)
    {
        return new RegistryException(422, "VersionBumpRequired", message, violations);
    }

    /** A well-formed request for something that cannot be done as asked (each reason named by its path in {@code violations}). */
    public static RegistryException unprocessable(String message, List<Violation> violations)
    {
        return new RegistryException(422, "Unprocessable", message, violations);
    }

    public static RegistryException badRequest(String message)
    {
        return new RegistryException(400, "BadRequest", message, List.of());
    }

    /** A request whose parts break rules, each named by its path in {@code violations}. */
    public static RegistryException badRequest(String message, List<Violation> violations)
    {
        return new RegistryException(400, "BadRequest", message, violations);
    }

    public static RegistryException forbidden(String message)
    {
        return new RegistryException(403, "Forbidden", message, List.of());
    }

    public static RegistryException notFound(String message)
    {
        return new RegistryException(404, "NotFound", message, List.of());
    }

    public static RegistryException conflict(String message)
    {
        return new RegistryException(409, "Conflict", message, List.of());
    }

    public static RegistryException preconditionFailed(String message)
    {
        return new RegistryException(412, "PreconditionFailed", message, List.of());
    }

    public static RegistryException tooLarge(String message)
    {
        return new RegistryException(413, "PayloadTooLarge", message, List.of());
    }

    public static RegistryException preconditionRequired(String message)
    {
        return new RegistryException(428, "PreconditionRequired", message, List.of());
    }

    /** Something this service needs for the request is not set up or not reachable; the message says what. */
    public static RegistryException unavailable(String message)
    {
        return new RegistryException(503, "ServiceUnavailable", message, List.of());
    }

    public int status()
    {
        return status;
    }

    public ApiError toApiError()
    {
        return new ApiError(status, error, getMessage(), violations);
    }
}
