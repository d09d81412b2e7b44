package dev.trinomesh.cli;

import dev.trinomesh.api.access.AccessRequest;
import dev.trinomesh.api.access.AccessRequestStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Optional;

/** {@code mesh access request|requests|approve|deny}: ask to read a product, and decide on others' requests for yours. */
@Command(name = "access", description = "Ask to read a data product; approve or deny requests for the products you own.")
final class AccessCommand
{
    @Mixin
    ServiceOptions service;

    @Spec
    CommandSpec spec;

    @Command(name = "request", description = "Ask to read a product; its owners decide. Asking again while a request is pending answers with that one.")
    int request(
            @Parameters(paramLabel = "PRODUCT") String product,
            @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why you need it (at most 2,000 characters).") String reason)
    {
        try (ServiceOptions.Connection connection = service.connect()) {
            AccessRequest request = connection.client().requestAccess(product, reason);
            spec.commandLine().getOut().printf("access request %s for %s: %s; its owners decide (follow it with mesh access requests)%n", request.id(), request.product(), request.status().wireName());
        }
        return 0;
    }

    @Command(name = "requests", description = "List your requests and those for the products you decide on, newest first.")
    int requests(
            @Option(names = "--product", paramLabel = "PRODUCT", description = "Only the requests for this product.") Optional<String> product,
            @Option(names = "--status", paramLabel = "STATUS", description = "Only requests in this state: pending, approved or denied.") Optional<String> status)
    {
        Optional<AccessRequestStatus> state = status.map(AccessRequestStatus::fromWire);
        TextTable table = new TextTable("ID", "PRODUCT", "REQUESTER", "STATUS", "CREATED AT", "DECIDED BY", "DECIDED AT", "REVISION", "REASON", "NOTE");
        try (ServiceOptions.Connection connection = service.connect()) {
            for (AccessRequest request : connection.client().accessRequests(product, state)) {
                table.row(request.id(), request.product(), request.requester(), request.status().wireName(), request.createdAt(), request.decidedBy(), request.decidedAt(),
                        request.revision(), oneLine(request.reason()), oneLine(request.note()));
            }
        }
        table.print(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "approve", description = "Approve a request: its requester joins the product's consumers in a new revision.")
    int approve(
            @Parameters(paramLabel = "ID") long id,
            @Option(names = "--note", paramLabel = "TEXT", description = "A note to the requester.") Optional<String> note)
    {
        try (ServiceOptions.Connection connection = service.connect()) {
            AccessRequest request = connection.client().approveAccessRequest(id, note);
            spec.commandLine().getOut().printf("access request %s approved: %s reads %s from revision %s%n", request.id(), request.principal(), request.product(), request.revision());
        }
        return 0;
    }

    @Command(name = "deny", description = "Deny a request; the product is unchanged.")
    int deny(
            @Parameters(paramLabel = "ID") long id,
            @Option(names = "--note", paramLabel = "TEXT", description = "A note to the requester.") Optional<String> note)
    {
        try (ServiceOptions.Connection connection = service.connect()) {
            AccessRequest request = connection.client().denyAccessRequest(id, note);
            spec.commandLine().getOut().printf("access request %s of %s for %s denied%n", request.id(), request.requester(), request.product());
        }
        return 0;
    }

    private static String oneLine(String text)
    {
        return text == null ? null : text.replace('\n', ' ');
    }
}
