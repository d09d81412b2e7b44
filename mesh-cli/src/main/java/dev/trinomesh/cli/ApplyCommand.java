package dev.trinomesh.cli;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.client.CatalogServiceException;
import dev.trinomesh.api.client.Versioned;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.model.ApplyResult;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.DescriptorChange;
import dev.trinomesh.api.model.DomainDescriptor;
import dev.trinomesh.api.model.Pipeline;
import dev.trinomesh.api.model.PipelineApplyResult;
import dev.trinomesh.api.model.PipelineRecord;
import dev.trinomesh.api.model.Policy;
import dev.trinomesh.api.model.PolicyApplyResult;
import dev.trinomesh.api.model.PolicyRecord;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.model.VersionBump;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code mesh apply -f FILE}: registers every domain, product, policy and pipeline described in the files, in that
 * order (policies and pipelines refer to products). An existing product, policy or pipeline is updated from the revision
 * just read (If-Match), so a concurrent change is refused rather than overwritten. Every document is tried; the exit code is 1 if any was refused
 * (with {@code --dry-run}: would be refused, a version too low for a published product's changes included).
 */
@Command(name = "apply", description = "Create or update domains, data products, policies and pipelines from descriptor files.")
final class ApplyCommand
        implements Callable<Integer>
{
    @Mixin
    ServiceOptions service;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "Descriptor file, directory, or - for standard input (repeatable)")
    List<String> files;

    @Option(names = "--dry-run", description = "Validate and show what would change, without changing anything")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call()
            throws Exception
    {
        PrintWriter out = spec.commandLine().getOut();
        List<DescriptorFiles.Document> documents = DescriptorFiles.read(files).stream()
                .sorted(Comparator.comparingInt(ApplyCommand::order))
                .toList();
        Tally tally = new Tally();
        try (ServiceOptions.Connection connection = service.connect()) {
            for (DescriptorFiles.Document document : documents) {
                try {
                    switch (document.kind()) {
                        case DomainDescriptor.KIND -> applyDomain(connection.client(), document, out, tally);
                        case DataProduct.KIND -> applyProduct(connection.client(), document, out, tally);
                        case Policy.KIND -> applyPolicy(connection.client(), document, out, tally);
                        case Pipeline.KIND -> applyPipeline(connection.client(), document, out, tally);
                        default -> {
                            out.printf("%s: refused: kind must be %s, %s, %s or %s, not '%s'%n", document.origin(), DomainDescriptor.KIND, DataProduct.KIND, Policy.KIND, Pipeline.KIND,
                                    document.kind());
                            tally.refused++;
                        }
                    }
                }
                catch (CatalogServiceException e) {
                    if (e.isUnreachable()) {
                        throw e;
                    }
                    String what = switch (document.kind()) {
                        case DomainDescriptor.KIND -> "domain";
                        case Policy.KIND -> "policy";
                        case Pipeline.KIND -> "pipeline";
                        default -> "product";
                    };
                    out.printf("%s %s: refused (HTTP %s): %s%n", what, document.name(), e.status(), indent(e.getMessage()));
                    tally.refused++;
                }
            }
        }
        out.printf("%s%s applied, %s unchanged, %s refused%n", dryRun ? "dry run: " : "", tally.applied, tally.unchanged, tally.refused);
        return tally.refused == 0 ? 0 : 1;
    }

    private void applyDomain(CatalogServiceClient client, DescriptorFiles.Document document, PrintWriter out, Tally tally)
    {
        DomainDescriptor.Metadata wanted = DescriptorDocuments.bind(document.content(), DomainDescriptor.class).metadata();
        boolean unchanged = client.listDomains().stream().anyMatch(domain -> domain.name().equals(wanted.name())
                && Objects.equals(domain.owner(), wanted.owner())
                && Objects.equals(domain.description(), wanted.description()));
        if (unchanged) {
            out.printf("domain %s: unchanged%n", document.name());
            tally.unchanged++;
            return;
        }
        if (!dryRun) {
            client.applyDomain(document.name(), DescriptorDocuments.toJson(document.content()));
        }
        out.printf("domain %s: %sapplied%n", document.name(), dryRun ? "would be " : "");
        tally.applied++;
    }

    private void applyProduct(CatalogServiceClient client, DescriptorFiles.Document document, PrintWriter out, Tally tally)
    {
        String name = document.name();
        Optional<String> expected = client.getProduct(name).map(Versioned::etag);
        ApplyResult result = client.applyProduct(name, DescriptorDocuments.toJson(document.content()), expected, dryRun);
        ProductRecord product = result.product();
        if (result.refusedForVersion()) {
            // Only a dry run answers so: the apply itself is refused with the same explanation.
            out.printf("product %s: would be refused: its changes need version %s or later%n", name, result.versionCheck().lowestVersion());
            result.changes().stream().map(DescriptorChange::describe).forEach(line -> out.println("  " + line));
            out.println("  " + VersionLines.describe(result.versionCheck(), true));
            tally.refused++;
            return;
        }
        String would = dryRun ? "would be " : "";
        switch (result.outcome()) {
            case CREATED -> out.printf("product %s: %screated at revision %s (%s, version %s)%n", name, would, product.revision(), product.status().wireName(), product.metadata().version());
            case UPDATED -> {
                out.printf("product %s: %supdated to revision %s (%s change%s)%n", name, would, product.revision(), result.changes().size(), result.changes().size() == 1 ? "" : "s");
                result.changes().stream().map(DescriptorChange::describe).forEach(line -> out.println("  " + line));
                if (result.versionCheck() != null && result.versionCheck().bump().compareTo(VersionBump.MINOR) >= 0) {
                    out.println("  " + VersionLines.describe(result.versionCheck(), dryRun));
                }
            }
            case UNCHANGED -> out.printf("product %s: unchanged (revision %s)%n", name, product.revision());
        }
        result.warnings().forEach(warning -> out.println("  warning: " + warning));
        if (result.outcome() == ApplyResult.Outcome.UNCHANGED) {
            tally.unchanged++;
        }
        else {
            tally.applied++;
        }
    }

    private void applyPolicy(CatalogServiceClient client, DescriptorFiles.Document document, PrintWriter out, Tally tally)
    {
        String name = document.name();
        // A removed policy is applied again without If-Match: there is nothing of it in force to overwrite.
        Optional<String> expected = client.getPolicy(name).filter(PolicyRecord::active).map(policy -> "\"%s\"".formatted(policy.revision()));
        PolicyApplyResult result = client.applyPolicy(name, DescriptorDocuments.toJson(document.content()), expected, dryRun);
        String would = dryRun ? "would be " : "";
        PolicyRecord policy = result.policy();
        switch (result.outcome()) {
            case CREATED -> out.printf("policy %s: %screated at revision %s (%s, %s rule%s)%n", name, would, policy.revision(), policy.descriptor().scope().wireName(),
                    policy.descriptor().spec().rules().size(), policy.descriptor().spec().rules().size() == 1 ? "" : "s");
            case UPDATED -> {
                out.printf("policy %s: %supdated to revision %s (%s change%s)%n", name, would, policy.revision(), result.changes().size(), result.changes().size() == 1 ? "" : "s");
                result.changes().stream().map(DescriptorChange::describe).forEach(line -> out.println("  " + line));
            }
            case UNCHANGED -> out.printf("policy %s: unchanged (revision %s)%n", name, policy.revision());
        }
        if (result.outcome() == ApplyResult.Outcome.UNCHANGED) {
            tally.unchanged++;
        }
        else {
            tally.applied++;
        }
    }

    private void applyPipeline(CatalogServiceClient client, DescriptorFiles.Document document, PrintWriter out, Tally tally)
    {
        String name = document.name();
        // A removed pipeline is applied again without If-Match: there is nothing of it in force to overwrite.
        Optional<String> expected = client.getPipeline(name).filter(PipelineRecord::active).map(pipeline -> "\"%s\"".formatted(pipeline.revision()));
        PipelineApplyResult result = client.applyPipeline(name, DescriptorDocuments.toJson(document.content()), expected, dryRun);
        String would = dryRun ? "would be " : "";
        PipelineRecord pipeline = result.pipeline();
        int steps = pipeline.descriptor().spec().steps().size();
        switch (result.outcome()) {
            case CREATED -> out.printf("pipeline %s: %screated at revision %s (%s step%s)%n", name, would, pipeline.revision(), steps, steps == 1 ? "" : "s");
            case UPDATED -> {
                out.printf("pipeline %s: %supdated to revision %s (%s change%s)%n", name, would, pipeline.revision(), result.changes().size(), result.changes().size() == 1 ? "" : "s");
                result.changes().stream().map(DescriptorChange::describe).forEach(line -> out.println("  " + line));
            }
            case UNCHANGED -> out.printf("pipeline %s: unchanged (revision %s)%n", name, pipeline.revision());
        }
        if (result.outcome() == ApplyResult.Outcome.UNCHANGED) {
            tally.unchanged++;
        }
        else {
            tally.applied++;
        }
    }

    /** Domains before the products that name them, products before the policies that target them and the pipelines that build them. */
    private static int order(DescriptorFiles.Document document)
    {
        return switch (document.kind()) {
            case DomainDescriptor.KIND -> 0;
            case Policy.KIND -> 2;
            case Pipeline.KIND -> 3;
            default -> 1;
        };
    }

    private static String indent(String message)
    {
        return message.replace("\n", "\n  ");
    }

    private static final class Tally
    {
        int applied;
        int unchanged;
        int refused;
    }
}
