package dev.trinomesh.cli;

import dev.trinomesh.api.identity.AuditEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code mesh audit}: the privileged actions the catalog service recorded (governance admins). */
@Command(name = "audit", description = "List privileged actions, newest first: tokens made and revoked, policy and user attribute changes (governance admins only). Queries' audit trail: mesh lineage audit.")
final class AuditCommand
        implements Callable<Integer>
{
    @Mixin
    ServiceOptions service;

    @Spec
    CommandSpec spec;

    @Option(names = "--actor", paramLabel = "USER", description = "Only this user's actions.")
    Optional<String> actor;

    @Option(names = "--action", paramLabel = "ACTION", description = "Only this action, e.g. token.create, policy.apply, user.attributes.")
    Optional<String> action;

    @Option(names = "--since", paramLabel = "TIME", description = "Only actions at or after this instant, e.g. 2026-12-01T00:00:00Z.")
    Optional<Instant> since;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call()
    {
        TextTable table = new TextTable("TIME", "ACTOR", "ACTION", "TARGET", "DETAILS");
        try (ServiceOptions.Connection connection = service.connect()) {
            for (AuditEvent event : connection.client().auditEvents(actor, action, since, limit)) {
                String details = event.details().entrySet().stream()
                        .map(entry -> entry.getKey() + "=" + entry.getValue())
                        .sorted()
                        .collect(Collectors.joining(" "));
                table.row(event.occurredAt(), event.actor(), event.action(), event.target(), details);
            }
        }
        table.print(spec.commandLine().getOut());
        return 0;
    }
}
