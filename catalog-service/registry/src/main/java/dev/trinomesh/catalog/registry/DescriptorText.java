package dev.trinomesh.catalog.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.descriptor.DescriptorSyntaxException;
import dev.trinomesh.api.model.Violation;
import dev.trinomesh.catalog.core.ServiceException;

import java.util.List;

/** Turns a request body into one descriptor document, refusing empty, oversized or malformed text. */
public final class DescriptorText
{
    public static final int MAX_CHARACTERS = 512 * 1024;

    private DescriptorText() {}

    public static JsonNode parse(String text)
    {
        if (text == null || text.isBlank()) {
            throw ServiceException.badRequest("the request has no descriptor: send a YAML or JSON document as the body");
        }
        if (text.length() > MAX_CHARACTERS) {
            throw ServiceException.tooLarge("descriptor is %s characters; the limit is %s".formatted(text.length(), MAX_CHARACTERS));
        }
        try {
            return DescriptorDocuments.readDocument(text);
        }
        catch (DescriptorSyntaxException e) {
            throw ServiceException.invalid("descriptor cannot be read", List.of(new Violation("", null, e.getMessage())));
        }
    }
}
