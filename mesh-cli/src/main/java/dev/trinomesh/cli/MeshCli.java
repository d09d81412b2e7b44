package dev.trinomesh.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** {@code mesh}: the command line of the data mesh; {@code ./mesh apply|diff|products|domains|...|check|quality|release|releases} run it. */
@Command(
        name = "mesh",
        mixinStandardHelpOptions = true,
        versionProvider = MeshCli.Version.class,
        description = "Register and inspect data products in the mesh catalog service.",
        subcommands = {ApplyCommand.class, DiffCommand.class, ProductsCommand.class, DomainsCommand.class, PoliciesCommand.class, UsersCommand.class, LineageCommand.class, CheckCommand.class, QualityCommand.class, ReleaseCommand.class, ReleasesCommand.class})
public final class MeshCli
{
    private MeshCli() {}

    public static void main(String[] args)
    {
        System.exit(run(args));
    }

    public static int run(String... args)
    {
        return run(new PrintWriter(System.out, true, System.out.charset()), new PrintWriter(System.err, true, System.err.charset()), args);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args)
    {
        return new CommandLine(MeshCli.class)
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
                    commandLine.getErr().println("error: " + exception.getMessage());
                    return 1;
                })
                .execute(args);
    }

    static final class Version
            implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            String version = MeshCli.class.getPackage().getImplementationVersion();
            return new String[] {"mesh " + (version == null ? "dev" : version)};
        }
    }
}
