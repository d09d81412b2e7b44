package dev.trinomesh.api.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.trinomesh.api.descriptor.DescriptorDocuments;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads the snapshots the plugins govern and build views by (the governance and the catalog snapshot) strictly: a
 * field or an enum value this plugin does not know means the service is newer and may say something this plugin
 * would ignore (a new kind of restriction), so the snapshot is refused and the plugin keeps the last one it
 * understood. The service's other answers are read leniently: a field added there costs an older plugin nothing.
 */
final class SnapshotReader
{
    private static final ObjectMapper STRICT = DescriptorDocuments.jsonMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private SnapshotReader() {}

    static <T> T read(byte[] json, Class<T> type, URI service)
    {
        try {
            return STRICT.readValue(json, type);
        }
        catch (UnrecognizedPropertyException e) {
            throw newer(type, service, "the field \"%s\" at %s".formatted(e.getPropertyName(), path(e)), e);
        }
        catch (InvalidFormatException e) {
            if (e.getTargetType() != null && e.getTargetType().isEnum()) {
                throw newer(type, service, "the value %s at %s".formatted(e.getValue(), path(e)), e);
            }
            throw unexpected(type, service, e);
        }
        catch (ValueInstantiationException e) {
            // an enum with its own creator (such as a product's status) refusing a value
            if (e.getType() != null && e.getType().isEnumType()) {
                throw newer(type, service, "the value at %s (%s)".formatted(path(e), e.getCause() != null ? e.getCause().getMessage() : e.getOriginalMessage()), e);
            }
            throw unexpected(type, service, e);
        }
        catch (IOException e) {
            throw unexpected(type, service, e);
        }
    }

    private static CatalogServiceException newer(Class<?> type, URI service, String what, Exception cause)
    {
        return new CatalogServiceException(("the catalog service at %s sent a %s with %s, which this plugin does not know: the service is of a newer release. "
                + "Install the plugins of the service's release (upgrade the plugins before the service); until then this plugin keeps the last snapshot it understood")
                .formatted(service, name(type), what), cause);
    }

    private static CatalogServiceException unexpected(Class<?> type, URI service, IOException e)
    {
        return new CatalogServiceException("unexpected %s from the catalog service at %s: %s".formatted(name(type), service, e.getMessage()), e);
    }

    private static String name(Class<?> type)
    {
        // GovernanceSnapshot: "governance snapshot"
        return type.getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }

    private static String path(JsonMappingException e)
    {
        return e.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? "." + reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("", "$", ""));
    }
}
