package dev.trinomesh.cli;

import dev.trinomesh.api.identity.LoginRequest;
import dev.trinomesh.api.identity.NewApiToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.Callable;

import static java.nio.charset.StandardCharsets.UTF_8;

/** {@code mesh login USER}: the user's password, once, for a personal token the next commands use. */
@Command(name = "login", description = "Log in to the catalog service with your password (the one Trino knows you by); the token it gives is saved for the next commands.")
final class LoginCommand
        implements Callable<Integer>
{
    @Mixin
    ServiceOptions service;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "USER", description = "Who you are, as Trino knows you.")
    String user;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input (for scripts), instead of asking for it.")
    boolean passwordStdin;

    @Option(names = "--expires-in", paramLabel = "DURATION", description = "How long the token lives, e.g. 12h or 7d (default: the service's identity.token.lifetime).")
    Optional<String> expiresIn;

    @Override
    public Integer call()
    {
        String password = password();
        NewApiToken token;
        try (ServiceOptions.Connection connection = service.connect()) {
            token = connection.client().login(new LoginRequest(user, password, "mesh login", expiresIn.orElse(null)));
        }
        Credentials credentials = Credentials.standard();
        credentials.save(service.uri(), new Credentials.Login(token.token().user(), token.secret(), token.token().id(), token.token().expiresAt()));
        spec.commandLine().getOut().printf("Logged in to %s as %s (token %s, valid until %s); saved in %s, readable by you only.%n",
                service.uri(), token.token().user(), token.token().id(), token.token().expiresAt(), credentials.file());
        if (service.explicitToken().isPresent()) {
            spec.commandLine().getErr().println("note: --token-file, MESH_TOKEN_FILE or MESH_TOKEN is set and wins over this login until it is unset");
        }
        return 0;
    }

    private String password()
    {
        if (passwordStdin) {
            try {
                String line = new BufferedReader(new InputStreamReader(System.in, UTF_8)).readLine();
                if (line == null || line.isEmpty()) {
                    throw new IllegalArgumentException("--password-stdin: standard input held no password");
                }
                return line;
            }
            catch (IOException e) {
                throw new UncheckedIOException("reading the password from standard input failed", e);
            }
        }
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("there is no terminal to ask for the password on: pipe it in with --password-stdin");
        }
        char[] password = console.readPassword("Password for %s at %s: ", user, service.uri());
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("no password given");
        }
        return new String(password);
    }
}
