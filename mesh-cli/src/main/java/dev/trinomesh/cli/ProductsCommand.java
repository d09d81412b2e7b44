package dev.trinomesh.cli;

import dev.trinomesh.api.client.ProductQuery;
import dev.trinomesh.api.client.Versioned;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.model.DescriptorChange;
import dev.trinomesh.api.model.DescriptorDiff;
import dev.trinomesh.api.model.ProductPage;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.model.ProductStatus;
import dev.trinomesh.api.model.ProductSummary;
import dev.trinomesh.api.model.RevisionInfo;
import dev.trinomesh.api.model.VersionBump;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code mesh products list|show|history|diff|publish|deprecate|retire}. */
@Command(name = "products", description = "List, show, compare and move data products along their lifecycle.")
final class ProductsCommand
{
    @Mixin
    ServiceOptions service;

    @Spec
    CommandSpec spec;

    private PrintWriter out()
    {
        return spec.commandLine().getOut();
    }

    @Command(name = "list", description = "List products (all pages), optionally filtered.")
    int list(
            @Option(names = "--domain") String domain,
            @Option(names = "--status", description = "draft, published, deprecated or retired") String status,
            @Option(names = "--tag") String tag,
            @Option(names = "--owner", description = "e.g. group:sales-team") String owner)
    {
        TextTable table = new TextTable("PRODUCT", "DOMAIN", "OWNER", "STATUS", "VERSION", "DATASETS", "REVISION", "DESCRIPTION");
        try (ServiceOptions.Connection connection = service.connect()) {
            ProductQuery query = new ProductQuery(Optional.ofNullable(domain), Optional.ofNullable(status), Optional.ofNullable(tag), Optional.ofNullable(owner), OptionalInt.empty(), Optional.empty());
            ProductPage page = connection.client().listProducts(query);
            while (true) {
                for (ProductSummary product : page.items()) {
                    table.row(product.name(), product.domain(), product.owner(), product.status().wireName(), product.version(), product.datasets(), product.revision(), product.description());
                }
                if (page.nextPageToken() == null) {
                    break;
                }
                page = connection.client().listProducts(query.withPageToken(page.nextPageToken()));
            }
        }
        table.print(out());
        return 0;
    }

    @Command(name = "show", description = "Print a product's descriptor (current, or at a revision).")
    int show(
            @Parameters(paramLabel = "PRODUCT") String name,
            @Option(names = "--revision", paramLabel = "N") Integer revision,
            @Option(names = {"-o", "--output"}, defaultValue = "yaml", description = "yaml or json") String format)
    {
        try (ServiceOptions.Connection connection = service.connect()) {
            ProductRecord product = revision == null
                    ? connection.client().getProduct(name).map(Versioned::value).orElseThrow(() -> new IllegalArgumentException("no product named '%s'".formatted(name)))
                    : connection.client().getProductRevision(name, revision);
            PrintWriter out = out();
            if (format.equals("json")) {
                out.println(DescriptorDocuments.toJson(product));
            }
            else {
                out.printf("# %s revision %s, %s, changed %s by %s%n", product.name(), product.revision(), product.status().wireName(), product.updatedAt(), product.updatedBy());
                out.print(DescriptorDocuments.toYaml(product.descriptor()));
            }
        }
        return 0;
    }

    @Command(name = "history", description = "List every revision of a product.")
    int history(@Parameters(paramLabel = "PRODUCT") String name)
    {
        TextTable table = new TextTable("REVISION", "VERSION", "STATUS", "WHEN", "AUTHOR", "CHANGE");
        try (ServiceOptions.Connection connection = service.connect()) {
            for (RevisionInfo revision : connection.client().history(name)) {
                table.row(revision.revision(), revision.version(), revision.status().wireName(), revision.createdAt(), revision.author(), revision.summary());
            }
        }
        table.print(out());
        return 0;
    }

    private static final Map<VersionBump, String> BUMPS = Map.of(
            VersionBump.MAJOR, "breaking: a major version change",
            VersionBump.MINOR, "compatible contract changes: a minor version change",
            VersionBump.PATCH, "no contract change",
            VersionBump.NONE, "no contract change");

    @Command(name = "diff", description = "Show what changed between two revisions (default: the last change), breaking changes marked.")
    int diff(
            @Parameters(paramLabel = "PRODUCT") String name,
            @Option(names = "--from", paramLabel = "N") Integer from,
            @Option(names = "--to", paramLabel = "N") Integer to)
    {
        try (ServiceOptions.Connection connection = service.connect()) {
            DescriptorDiff diff = connection.client().diff(name, from == null ? OptionalInt.empty() : OptionalInt.of(from), to == null ? OptionalInt.empty() : OptionalInt.of(to));
            PrintWriter out = out();
            out.printf("%s: revision %s → %s, %s change%s%s%n", diff.product(), diff.fromRevision(), diff.toRevision(), diff.changes().size(), diff.changes().size() == 1 ? "" : "s",
                    diff.bump() == null ? "" : " (%s)".formatted(BUMPS.get(diff.bump())));
            diff.changes().stream().map(DescriptorChange::describe).forEach(line -> out.println("  " + line));
        }
        return 0;
    }

    @Command(name = "publish", description = "Make a product visible to consumers.")
    int publish(@Parameters(paramLabel = "PRODUCT") String name)
    {
        return changeStatus(name, ProductStatus.PUBLISHED);
    }

    @Command(name = "deprecate", description = "Keep serving a product, marked as deprecated.")
    int deprecate(@Parameters(paramLabel = "PRODUCT") String name)
    {
        return changeStatus(name, ProductStatus.DEPRECATED);
    }

    @Command(name = "retire", description = "Stop serving a product (final).")
    int retire(@Parameters(paramLabel = "PRODUCT") String name)
    {
        return changeStatus(name, ProductStatus.RETIRED);
    }

    private int changeStatus(String name, ProductStatus status)
    {
        try (ServiceOptions.Connection connection = service.connect()) {
            ProductRecord product = connection.client().changeStatus(name, status, Optional.empty());
            out().printf("product %s: %s at revision %s%n", product.name(), product.status().wireName(), product.revision());
        }
        return 0;
    }
}
