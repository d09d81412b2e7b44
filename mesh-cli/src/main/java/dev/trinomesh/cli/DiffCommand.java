package dev.trinomesh.cli;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.client.CatalogServiceException;
import dev.trinomesh.api.client.Versioned;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.model.ApplyResult;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.DescriptorChange;
import dev.trinomesh.api.model.ProductRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code mesh diff FILE|DIR}: for every data product in the files, what applying it would change against
 * the registered product (a dry run): each change, breaking ones marked with their reason, and the
 * version the changes need against the version in the file. Nothing is changed. The exit code is 1 when
 * an apply would be refused (a version too low for a published product's changes, or any other refusal).
 */
@Command(name = "diff", description = "Show what applying data product descriptors would change: breaking changes and the version they need.")
final class DiffCommand
        implements Callable<Integer>
{
    @Mixin
    ServiceOptions service;

    @Parameters(paramLabel = "FILE|DIR", arity = "0..*", description = "Descriptor files or directories, or - for standard input")
    List<String> locations = new ArrayList<>();

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Descriptor file or directory, as for apply (repeatable)")
    List<String> files = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call()
            throws Exception
    {
        PrintWriter out = spec.commandLine().getOut();
        List<String> all = new ArrayList<>(locations);
        all.addAll(files);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("name the descriptor files or directories to compare, e.g. mesh diff product.yaml");
        }
        int compared = 0;
        int refused = 0;
        try (ServiceOptions.Connection connection = service.connect()) {
            for (DescriptorFiles.Document document : DescriptorFiles.read(all)) {
                if (!document.kind().equals(DataProduct.KIND)) {
                    out.printf("%s: skipped: %s %s (diff compares data products)%n", document.origin(), document.kind(), document.name());
                    continue;
                }
                compared++;
                try {
                    if (!compare(connection.client(), document, out)) {
                        refused++;
                    }
                }
                catch (CatalogServiceException e) {
                    if (e.isUnreachable()) {
                        throw e;
                    }
                    out.printf("product %s: would be refused (HTTP %s): %s%n", document.name(), e.status(), e.getMessage().replace("\n", "\n  "));
                    refused++;
                }
            }
        }
        out.printf("%s product%s compared, %s would be refused%n", compared, compared == 1 ? "" : "s", refused);
        return refused == 0 ? 0 : 1;
    }

    /** Prints what applying the document would do; false when the apply would be refused for its version. */
    private static boolean compare(CatalogServiceClient client, DescriptorFiles.Document document, PrintWriter out)
    {
        String name = document.name();
        Optional<Versioned<ProductRecord>> current = client.getProduct(name);
        ApplyResult result = client.applyProduct(name, DescriptorDocuments.toJson(document.content()), current.map(Versioned::etag), true);
        ProductRecord planned = result.product();
        switch (result.outcome()) {
            case CREATED -> out.printf("product %s: new, would be created at revision 1 (%s, version %s) from %s%n",
                    name, planned.status().wireName(), planned.metadata().version(), document.origin());
            case UNCHANGED -> out.printf("product %s: unchanged (revision %s, version %s)%n", name, planned.revision(), planned.metadata().version());
            case UPDATED -> {
                ProductRecord registered = current.orElseThrow().value();
                out.printf("product %s: revision %s (%s, version %s) → %s: %s change%s%n", name, registered.revision(), registered.status().wireName(),
                        registered.metadata().version(), document.origin(), result.changes().size(), result.changes().size() == 1 ? "" : "s");
                result.changes().stream().map(DescriptorChange::describe).forEach(line -> out.println("  " + line));
            }
        }
        if (result.versionCheck() != null && result.outcome() == ApplyResult.Outcome.UPDATED) {
            out.println("  " + VersionLines.describe(result.versionCheck(), true));
        }
        result.warnings().forEach(warning -> out.println("  warning: " + warning));
        return !result.refusedForVersion();
    }
}
