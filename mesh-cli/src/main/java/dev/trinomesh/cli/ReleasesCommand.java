package dev.trinomesh.cli;

import dev.trinomesh.api.model.DatasetRelease;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code mesh releases PRODUCT [--dataset D]}: a product's data releases. */
@Command(name = "releases", description = "List a product's data releases: the table serving each, its snapshot, the product version and who made it when.")
final class ReleasesCommand
        implements Callable<Integer>
{
    @Mixin
    ServiceOptions service;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PRODUCT")
    String product;

    @Option(names = "--dataset", paramLabel = "DATASET", description = "Only this dataset's releases.")
    Optional<String> dataset;

    @Override
    public Integer call()
    {
        TextTable table = new TextTable("DATASET", "RELEASE", "TABLE", "SNAPSHOT", "VERSION", "CREATED BY", "CREATED AT", "DESCRIPTION");
        try (ServiceOptions.Connection connection = service.connect()) {
            for (DatasetRelease release : connection.client().releases(product, dataset)) {
                table.row(release.dataset(), release.name(), ReleaseCommand.table(release), release.snapshotId(), release.productVersion(), release.createdBy(), release.createdAt(), release.description());
            }
        }
        table.print(spec.commandLine().getOut());
        return 0;
    }
}
