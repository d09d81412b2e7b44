package dev.trinomesh.catalog.registry;

import dev.trinomesh.api.model.Violation;
import dev.trinomesh.catalog.core.ServiceException;

import java.util.List;

/** The refusals of a descriptor applied under a name, alike for every kind: one that did not validate, one that names another. */
public final class DescriptorChecks
{
    private DescriptorChecks() {}

    /** Refuses {@code kind} {@code name} ({@code policy}, {@code pipeline}) with every violation its validator found. */
    public static void checkValid(String kind, String name, List<Violation> violations)
    {
        if (!violations.isEmpty()) {
            throw ServiceException.invalid("%s '%s' is invalid (%s problem%s)".formatted(kind, name, violations.size(), violations.size() == 1 ? "" : "s"), violations);
        }
    }

    /** Refuses a descriptor whose {@code metadata.name} is not the name in the URL it was sent to. */
    public static void checkNamed(String kind, String pathName, String documentName)
    {
        if (!pathName.equals(documentName)) {
            throw ServiceException.invalid("%s name in the URL and in the descriptor differ".formatted(kind), List.of(
                    new Violation("metadata.name", documentName, "must equal the %s named in the URL ('%s')".formatted(kind, pathName))));
        }
    }
}
