package dev.trinomesh.cli;

import dev.trinomesh.api.model.DomainInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mesh domains list}. */
@Command(name = "domains", description = "List business domains.")
final class DomainsCommand
{
    @Mixin
    ServiceOptions service;

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "List domains with their owner and number of products.")
    int list()
    {
        TextTable table = new TextTable("DOMAIN", "OWNER", "PRODUCTS", "DESCRIPTION");
        try (ServiceOptions.Connection connection = service.connect()) {
            for (DomainInfo domain : connection.client().listDomains()) {
                table.row(domain.name(), domain.owner(), domain.products(), domain.description());
            }
        }
        table.print(spec.commandLine().getOut());
        return 0;
    }
}
