package dev.trinomesh.cli;

import dev.trinomesh.api.identity.ApiToken;
import dev.trinomesh.api.identity.NewApiToken;
import dev.trinomesh.api.identity.TokenRequest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.Optional;

/** {@code mesh tokens create|list|revoke}: personal API tokens, for scripts and other engines (e.g. PyIceberg's {@code token}). */
@Command(name = "tokens", description = "Make, list and revoke personal API tokens: yours, or anyone's as a governance admin.")
final class TokensCommand
{
    @Mixin
    ServiceOptions service;

    @Spec
    CommandSpec spec;

    @Command(name = "create", description = "Make a token; it is printed this once and never shown again.")
    int create(
            @Option(names = "--user", paramLabel = "USER", description = "Whose token (default: yours; others' for governance admins only).") Optional<String> user,
            @Option(names = "--name", paramLabel = "NAME", description = "What it is for, e.g. spark-job (default: token).") Optional<String> name,
            @Option(names = "--expires-in", paramLabel = "DURATION", description = "How long it lives, e.g. 12h or 90d (default: the service's identity.token.lifetime).") Optional<String> expiresIn)
    {
        try (ServiceOptions.Connection connection = service.connect()) {
            NewApiToken token = connection.client().createToken(new TokenRequest(user.orElse(null), name.orElse(null), expiresIn.orElse(null)));
            spec.commandLine().getErr().printf("token %s '%s' for %s, valid until %s; keep it, it is not shown again:%n",
                    token.token().id(), token.token().name(), token.token().user(), token.token().expiresAt());
            // The secret alone on standard output, so that scripts can capture it.
            spec.commandLine().getOut().println(token.secret());
        }
        return 0;
    }

    static final class Whose
    {
        @Option(names = "--user", paramLabel = "USER", description = "This user's tokens (governance admins only, for others).")
        Optional<String> user;

        @Option(names = "--all", description = "Everyone's tokens (governance admins only).")
        boolean all;
    }

    @Command(name = "list", description = "List tokens, newest first, without their secrets: yours unless --user or --all.")
    int list(@ArgGroup Whose whose)
    {
        Optional<String> user = whose == null ? Optional.empty() : whose.all ? Optional.of("*") : whose.user;
        Instant now = Instant.now();
        TextTable table = new TextTable("ID", "USER", "NAME", "CREATED BY", "CREATED AT", "EXPIRES AT", "LAST USED", "STATE");
        try (ServiceOptions.Connection connection = service.connect()) {
            for (ApiToken token : connection.client().tokens(user)) {
                String state = token.revokedAt() != null ? "revoked by %s".formatted(token.revokedBy()) : token.expiresAt().isBefore(now) ? "expired" : "valid";
                table.row(token.id(), token.user(), token.name(), token.createdBy(), token.createdAt(), token.expiresAt(), token.lastUsedAt(), state);
            }
        }
        table.print(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "revoke", description = "Revoke a token by its id (mesh tokens list); every replica of the service refuses it within seconds.")
    int revoke(@Parameters(paramLabel = "ID") long id)
    {
        try (ServiceOptions.Connection connection = service.connect()) {
            ApiToken token = connection.client().revokeToken(id);
            spec.commandLine().getOut().printf("token %s '%s' of %s revoked%n", token.id(), token.name(), token.user());
        }
        return 0;
    }
}
