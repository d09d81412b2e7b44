package dev.trinomesh.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;

/** {@code mesh}: the command line of the data mesh; {@code ./mesh login|apply|diff|products|domains|...|check|quality|release|releases|access} run it. */
@Command(
        name = "mesh",
        mixinStandardHelpOptions = true,
        versionProvider = MeshCli.Version.class,
        description = "Register and inspect data products in the mesh catalog service.",
        subcommands = {LoginCommand.class, LogoutCommand.class, WhoamiCommand.class, TokensCommand.class, AuditCommand.class, ApplyCommand.class, DiffCommand.class, ProductsCommand.class, DomainsCommand.class, PoliciesCommand.class, UsersCommand.class, LineageCommand.class, CheckCommand.class, QualityCommand.class, PipelinesCommand.class, ReleaseCommand.class, ReleasesCommand.class, AccessCommand.class, PasswordHashCommand.class})
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
        CommandLine mesh = new CommandLine(MeshCli.class);
        mesh.getSubcommands().values().forEach(MeshCli::addHelpOption);
        return mesh
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
                    commandLine.getErr().println("error: " + exception.getMessage());
                    return 1;
                })
                .execute(args);
    }

    /** {@code -h}/{@code --help} on every command and subcommand, as on {@code mesh} itself. */
    private static void addHelpOption(CommandLine command)
    {
        if (command.getCommandSpec().findOption("--help") == null) {
            command.getCommandSpec().addOption(OptionSpec.builder("-h", "--help")
                    .usageHelp(true)
                    .description("Show this help message and exit.")
                    .build());
        }
        command.getSubcommands().values().forEach(MeshCli::addHelpOption);
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
