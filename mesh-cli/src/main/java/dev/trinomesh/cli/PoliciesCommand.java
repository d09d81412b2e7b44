package dev.trinomesh.cli;

import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.model.PolicyRecord;
import dev.trinomesh.api.model.PolicyRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Optional;

/** {@code mesh policies list|show|remove}. */
@Command(name = "policies", description = "List, show and remove governance policies.")
final class PoliciesCommand
{
    @Mixin
    ServiceOptions service;

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "List the policies in force.")
    int list()
    {
        TextTable table = new TextTable("POLICY", "SCOPE", "DOMAIN", "RULES", "REVISION", "UPDATED BY", "DESCRIPTION");
        try (ServiceOptions.Connection connection = service.connect()) {
            for (PolicyRecord policy : connection.client().listPolicies()) {
                table.row(policy.name(), policy.descriptor().scope().wireName(), policy.descriptor().metadata().domain(),
                        policy.descriptor().spec().rules().stream().map(PolicyRule::type).map(PolicyRule.Type::wireName).toList(),
                        policy.revision(), policy.updatedBy(), policy.descriptor().metadata().description());
            }
        }
        table.print(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "show", description = "Print a policy as YAML.")
    int show(@Parameters(paramLabel = "POLICY") String name)
    {
        PrintWriter out = spec.commandLine().getOut();
        try (ServiceOptions.Connection connection = service.connect()) {
            Optional<PolicyRecord> policy = connection.client().getPolicy(name);
            if (policy.isEmpty()) {
                spec.commandLine().getErr().printf("no policy named '%s'%n", name);
                return 1;
            }
            out.printf("# revision %s%s, by %s at %s%n", policy.orElseThrow().revision(), policy.orElseThrow().active() ? "" : " (removed)", policy.orElseThrow().updatedBy(), policy.orElseThrow().updatedAt());
            out.print(DescriptorDocuments.toYaml(policy.orElseThrow().descriptor()));
        }
        return 0;
    }

    @Command(name = "remove", description = "Take a policy out of force (it stays in the history).")
    int remove(@Parameters(paramLabel = "POLICY") String name)
    {
        try (ServiceOptions.Connection connection = service.connect()) {
            Optional<PolicyRecord> policy = connection.client().getPolicy(name).filter(PolicyRecord::active);
            if (policy.isEmpty()) {
                spec.commandLine().getErr().printf("no policy named '%s' is in force%n", name);
                return 1;
            }
            PolicyRecord removed = connection.client().removePolicy(name, "\"%s\"".formatted(policy.orElseThrow().revision()));
            spec.commandLine().getOut().printf("policy %s: removed (revision %s)%n", name, removed.revision());
        }
        return 0;
    }
}
