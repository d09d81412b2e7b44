package dev.trinomesh.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command and subcommand explains itself with --help (the mesh script points users at it), without a service. */
class TestMeshCliHelp
{
    @Test
    void everyCommandHasHelp()
    {
        for (List<String> command : List.of(List.of("apply"), List.of("products", "publish"), List.of("lineage", "upstream"), List.of("release"), List.of("check"))) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            String[] arguments = new String[command.size() + 1];
            command.toArray(arguments);
            arguments[command.size()] = "--help";
            assertThat(MeshCli.run(new PrintWriter(out, true), new PrintWriter(err, true), arguments)).as("%s --help: %s", command, err).isZero();
            assertThat(out.toString()).as("%s --help", command).contains("Usage: mesh " + String.join(" ", command)).contains("-h, --help");
        }
    }
}
