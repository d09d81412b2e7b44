package dev.trinomesh.cli;

import dev.trinomesh.api.model.DatasetRelease;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code mesh release PRODUCT DATASET NAME}: pins the dataset's lake table at its current snapshot as a
 * named release, queryable as {@code mesh.PRODUCT."DATASET@NAME"}; {@code mesh release delete ...} removes one.
 */
@Command(
        name = "release",
        customSynopsis = {
                "mesh release PRODUCT DATASET NAME [--description=TEXT] [--service=URI] [--token-file=FILE]",
                "mesh release delete PRODUCT DATASET NAME"},
        description = {
                "Make a data release: pin a dataset's lake table at its current Iceberg snapshot (kept by an Iceberg tag) under a name.",
                "The mesh serves it as the table mesh.PRODUCT.\"DATASET@NAME\", whose rows never change. 'release delete' removes one; 'releases' lists them."})
final class ReleaseCommand
        implements Callable<Integer>
{
    static final String MESH_CATALOG = "mesh";

    @Mixin
    ServiceOptions service;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PRODUCT", description = "The product (its owners, its domain's owner and governance admins may make releases).")
    String product;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DATASET", description = "The dataset; its source must be a table of the lake.")
    String dataset;

    @Parameters(index = "2", arity = "0..1", paramLabel = "NAME", description = "The release's name: lower case letters, digits, '_', '-', '.', e.g. 2026-q3.")
    String name;

    @Option(names = "--description", paramLabel = "TEXT", description = "What the release is for, e.g. the model or audit it serves.")
    Optional<String> description;

    @Override
    public Integer call()
    {
        // Not required by picocli: a parent's required parameters would be demanded before 'release delete' too.
        for (String[] parameter : new String[][] {{product, "PRODUCT"}, {dataset, "DATASET"}, {name, "NAME"}}) {
            if (parameter[0] == null) {
                throw new ParameterException(spec.commandLine(), "Missing required parameter: '%s'".formatted(parameter[1]));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        try (ServiceOptions.Connection connection = service.connect()) {
            DatasetRelease release = connection.client().createRelease(product, dataset, name, description);
            out.printf("release %s of %s.%s: snapshot %s of %s, kept by Iceberg tag %s%n",
                    release.name(), release.product(), release.dataset(), release.snapshotId(), release.sourceTable(), release.tag());
            out.printf("query it as %s%n", table(release));
        }
        return 0;
    }

    @Command(name = "delete", description = "Delete a release and the Iceberg tag that kept its snapshot (the lake may then expire it).")
    int delete(
            @Parameters(index = "0", paramLabel = "PRODUCT") String product,
            @Parameters(index = "1", paramLabel = "DATASET") String dataset,
            @Parameters(index = "2", paramLabel = "NAME") String name)
    {
        try (ServiceOptions.Connection connection = service.connect()) {
            connection.client().deleteRelease(product, dataset, name);
        }
        spec.commandLine().getOut().printf("deleted release %s of %s.%s%n", name, product, dataset);
        return 0;
    }

    /** The mesh table that serves a release: {@code mesh.shop."orders@2026-q3"}. */
    static String table(DatasetRelease release)
    {
        return "%s.%s.\"%s\"".formatted(MESH_CATALOG, release.product(), release.table());
    }
}
