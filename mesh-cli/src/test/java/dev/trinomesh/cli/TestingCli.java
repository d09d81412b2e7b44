package dev.trinomesh.cli;

import dev.trinomesh.catalog.testing.TestingCatalogService;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the CLI in-process against a testing catalog service, as a user holding a personal token of their own. */
final class TestingCli
{
    record Run(int exitCode, String out, String err) {}

    private TestingCli() {}

    /** {@code mesh ARGS --service URI --token-file FILE}, FILE holding {@code user}'s token. */
    static Run mesh(TestingCatalogService service, String user, String... args)
    {
        List<String> arguments = new ArrayList<>(List.of(args));
        arguments.addAll(List.of("--service", service.baseUri().toString(), "--token-file", tokenFile(service.tokenFor(user)).toString()));
        return run(arguments.toArray(String[]::new));
    }

    /** {@code mesh ARGS} as given. */
    static Run run(String... args)
    {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = MeshCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    static Path tokenFile(String token)
    {
        try {
            Path file = Files.createTempFile("mesh-token", ".txt");
            file.toFile().deleteOnExit();
            return Files.writeString(file, token);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
