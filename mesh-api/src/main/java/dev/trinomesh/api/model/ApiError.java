package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** The body of every error response of the registry API. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApiError(int status, String error, String message, List<Violation> violations)
{
    public ApiError
    {
        requireNonNull(error, "error is null");
        requireNonNull(message, "message is null");
        violations = violations == null ? List.of() : List.copyOf(violations);
    }

    /** The message followed by one line per violation. */
    public String describe()
    {
        StringBuilder text = new StringBuilder(message);
        violations.forEach(violation -> text.append("\n  - ").append(violation));
        return text.toString();
    }
}
