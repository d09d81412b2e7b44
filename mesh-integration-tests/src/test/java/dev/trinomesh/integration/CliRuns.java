package dev.trinomesh.integration;

import dev.trinomesh.catalog.testing.TestingCatalogService;
import dev.trinomesh.cli.MeshCli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The mesh CLI run in the test's JVM against a test's catalog service, as admin (a real token, in a file as ./mesh keeps it). */
final class CliRuns
{
    private CliRuns() {}

    record Cli(int exitCode, String out, String err) {}

    static Cli asAdmin(TestingCatalogService service, String... args)
    {
        Path token;
        try {
            token = Files.createTempFile("mesh-token", ".txt");
            Files.writeString(token, service.tokenFor("admin"));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            List<String> arguments = new ArrayList<>(List.of(args));
            arguments.addAll(List.of("--service", service.baseUri().toString(), "--token-file", token.toString()));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exitCode = MeshCli.run(new PrintWriter(out, true), new PrintWriter(err, true), arguments.toArray(String[]::new));
            return new Cli(exitCode, out.toString(), err.toString());
        }
        finally {
            try {
                Files.deleteIfExists(token);
            }
            catch (IOException _) {
                // a temporary file left behind is harmless
            }
        }
    }
}
