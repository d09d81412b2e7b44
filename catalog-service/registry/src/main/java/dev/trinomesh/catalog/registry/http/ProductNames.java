package dev.trinomesh.catalog.registry.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinomesh.api.model.Violation;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.registry.DescriptorText;

import java.util.List;

/** The product a POSTed descriptor names, so that POST and PUT share one code path. */
final class ProductNames
{
    private ProductNames() {}

    static String fromDescriptor(String text)
    {
        JsonNode name = DescriptorText.parse(text).path("metadata").path("name");
        if (!name.isTextual()) {
            throw ServiceException.invalid("descriptor names no product", List.of(new Violation("metadata.name", null, "is required")));
        }
        return name.asText();
    }
}
