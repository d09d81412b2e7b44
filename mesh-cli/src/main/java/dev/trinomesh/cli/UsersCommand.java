package dev.trinomesh.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code mesh users show|set}: the attributes that policy templates such as {@code ${user.region}} read. */
@Command(name = "users", description = "Show and set user attributes that policies read (governance admins set them).")
final class UsersCommand
{
    @Mixin
    ServiceOptions service;

    @Spec
    CommandSpec spec;

    @Command(name = "show", description = "Print a user's attributes.")
    int show(@Parameters(paramLabel = "USER") String user)
    {
        try (ServiceOptions.Connection connection = service.connect()) {
            connection.client().userAttributes(user).forEach((name, value) -> spec.commandLine().getOut().printf("%s=%s%n", name, value));
        }
        return 0;
    }

    @Command(name = "set", description = "Replace all attributes of a user with NAME=VALUE pairs (none: remove them all).")
    int set(@Parameters(index = "0", paramLabel = "USER") String user, @Parameters(index = "1..*", arity = "0..*", paramLabel = "NAME=VALUE") List<String> pairs)
    {
        Map<String, String> attributes = new TreeMap<>();
        for (String pair : pairs == null ? List.<String>of() : pairs) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                spec.commandLine().getErr().printf("'%s' is not NAME=VALUE%n", pair);
                return 2;
            }
            attributes.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        try (ServiceOptions.Connection connection = service.connect()) {
            Map<String, String> stored = connection.client().setUserAttributes(user, attributes);
            spec.commandLine().getOut().printf("user %s: %s attribute%s%n", user, stored.size(), stored.size() == 1 ? "" : "s");
        }
        return 0;
    }
}
