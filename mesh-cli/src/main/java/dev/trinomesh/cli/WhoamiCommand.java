package dev.trinomesh.cli;

import dev.trinomesh.api.identity.Principal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code mesh whoami}: who the catalog service takes you to be. */
@Command(name = "whoami", description = "Show who the catalog service takes you to be: your user, the principals you hold (groups), and whether you are a governance admin.")
final class WhoamiCommand
        implements Callable<Integer>
{
    @Mixin
    ServiceOptions service;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call()
    {
        try (ServiceOptions.Connection connection = service.connect()) {
            Principal principal = connection.client().whoami();
            spec.commandLine().getOut().printf("%s (authenticated by %s)%nprincipals: %s%ngovernance admin: %s%n",
                    principal.user(), principal.authenticatedBy(), String.join(", ", principal.principals()), principal.admin() ? "yes" : "no");
        }
        return 0;
    }
}
