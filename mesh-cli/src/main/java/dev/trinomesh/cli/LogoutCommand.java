package dev.trinomesh.cli;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.client.CatalogServiceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code mesh logout}: revokes the token {@code mesh login} saved for the service and forgets it. */
@Command(name = "logout", description = "Revoke the token mesh login saved for the catalog service, and forget it.")
final class LogoutCommand
        implements Callable<Integer>
{
    @Mixin
    ServiceOptions service;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call()
    {
        Credentials credentials = Credentials.standard();
        Optional<Credentials.Login> login = credentials.login(service.uri());
        if (login.isEmpty()) {
            spec.commandLine().getOut().printf("Not logged in to %s.%n", service.uri());
            return 0;
        }
        String outcome;
        try (ServiceOptions.Connection connection = service.connect()) {
            new CatalogServiceClient(connection.httpClient(), service.uri(), Optional.of(login.orElseThrow().token())).revokeToken(login.orElseThrow().tokenId());
            outcome = "token %s revoked".formatted(login.orElseThrow().tokenId());
        }
        catch (CatalogServiceException e) {
            // Expired or revoked already (401), or unknown to this service (404): forgetting it is all that is left.
            if (e.status() != 401 && e.status() != 404) {
                throw e;
            }
            outcome = "the token was no longer valid";
        }
        credentials.remove(service.uri());
        spec.commandLine().getOut().printf("Logged %s out of %s (%s).%n", login.orElseThrow().user(), service.uri(), outcome);
        return 0;
    }
}
