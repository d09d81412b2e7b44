package dev.trinomesh.catalog.identity.http;

import dev.trinomesh.api.identity.LoginRequest;
import dev.trinomesh.api.identity.NewApiToken;
import dev.trinomesh.api.identity.Principal;
import dev.trinomesh.api.model.Violation;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.identity.api.Caller;
import dev.trinomesh.catalog.identity.api.Callers;
import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.identity.authentication.Authentication;
import dev.trinomesh.catalog.identity.authentication.FailedAttempts;
import dev.trinomesh.catalog.identity.authentication.Passwords;
import dev.trinomesh.catalog.identity.tokens.Tokens;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@code /v1/auth}: a password login, once, for a personal token ({@code ./mesh login}), and who the service takes
 * the caller to be.
 */
@Path("/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource
{
    private static final int MAX_PASSWORD_LENGTH = 1024;

    private final Passwords passwords;
    private final Tokens tokens;
    private final Callers callers;
    private final FailedAttempts failedAttempts;

    @Inject
    public AuthResource(Passwords passwords, Tokens tokens, Callers callers, FailedAttempts failedAttempts)
    {
        this.passwords = requireNonNull(passwords, "passwords is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.callers = requireNonNull(callers, "callers is null");
        this.failedAttempts = requireNonNull(failedAttempts, "failedAttempts is null");
    }

    /** Checks the user's password against Trino's password file; 201 with a new personal token. */
    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response login(LoginRequest request, @Context HttpServletRequest servletRequest)
    {
        String client = FailedAttempts.client(servletRequest);
        long retryAfter = failedAttempts.retryAfterSeconds(client);
        if (retryAfter > 0) {
            ServiceException refusal = ServiceException.tooManyRequests("too many failed attempts to authenticate from %s; try again in %s s".formatted(client, retryAfter));
            return Response.status(refusal.status()).header(HttpHeaders.RETRY_AFTER, retryAfter).type(MediaType.APPLICATION_JSON_TYPE).entity(refusal.toApiError()).build();
        }
        List<Violation> missing = new ArrayList<>();
        if (request == null || request.user() == null || request.user().isBlank()) {
            missing.add(new Violation("user", null, "is required"));
        }
        if (request == null || request.password() == null || request.password().isEmpty()) {
            missing.add(new Violation("password", null, "is required"));
        }
        if (!missing.isEmpty()) {
            throw ServiceException.badRequest("send {\"user\": \"...\", \"password\": \"...\"}", missing);
        }
        String user = request.user().strip();
        RequestUser.check(user, "user");
        if (request.password().length() > MAX_PASSWORD_LENGTH || !passwords.verify(user, request.password())) {
            failedAttempts.failed(client);
            throw ServiceException.unauthorized("wrong user name or password");
        }
        NewApiToken token = tokens.login(user, Optional.ofNullable(request.name()), Optional.ofNullable(request.expiresIn()));
        return Response.status(Response.Status.CREATED).entity(token).build();
    }

    /** The caller as the service sees it: the user, the principals it holds, whether it is a governance admin. */
    @GET
    @Path("whoami")
    public Principal whoami(@Context SecurityContext security)
    {
        Authentication authentication = (Authentication) security.getUserPrincipal();
        Caller caller = callers.resolve(authentication.user());
        return new Principal(caller.user(), caller.principals().stream().sorted().toList(), caller.admin(), authentication.method());
    }
}
