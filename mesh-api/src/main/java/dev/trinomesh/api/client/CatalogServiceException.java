package dev.trinomesh.api.client;

import dev.trinomesh.api.model.ApiError;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The catalog service answered with an error, or could not be reached ({@link #status()} is 0).
 * The message is the service's own explanation, violations included.
 */
public class CatalogServiceException
        extends RuntimeException
{
    private final int status;
    private final Optional<ApiError> error;

    public CatalogServiceException(int status, ApiError error)
    {
        super(requireNonNull(error, "error is null").describe());
        this.status = status;
        this.error = Optional.of(error);
    }

    public CatalogServiceException(String message, Throwable cause)
    {
        super(message, cause);
        this.status = 0;
        this.error = Optional.empty();
    }

    public int status()
    {
        return status;
    }

    public Optional<ApiError> error()
    {
        return error;
    }

    public boolean isUnreachable()
    {
        return status == 0;
    }
}
