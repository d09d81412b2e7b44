package dev.trinomesh.api.client;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.model.CatalogSnapshot;
import dev.trinomesh.api.model.GovernanceSnapshot;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of the two snapshots the plugins act on, pinned as the last landed release (bccd6e1) had it. The plugins
 * read them strictly ({@link SnapshotReader}), so a field or enum value added here is refused by the plugins of the
 * previous release: a change must come with upgrade notes (plugins before the service; docs/operator/production.md,
 * "Upgrades") before the pinned shape is updated.
 */
class TestPluginContract
{
    private static final ObjectMapper JSON = DescriptorDocuments.jsonMapper();
    private static final Path PINNED = Path.of("src/test/resources/plugin-contract.txt");
    private static final Path ACTUAL = Path.of("target/plugin-contract.txt");

    @Test
    void snapshotsKeepTheShapeThePreviousReleaseReads()
            throws IOException
    {
        String actual = shape(GovernanceSnapshot.class, CatalogSnapshot.class);
        Files.writeString(ACTUAL, actual);
        assertThat(actual)
                .as("""
                        the snapshots the plugins read changed shape; plugins of the previous release refuse what they do not know.
                        Write in docs/operator/production.md ("Upgrades") how plugins and service of the two releases meet (plugins first),
                        then copy %s over %s""", ACTUAL.toAbsolutePath(), PINNED.toAbsolutePath())
                .isEqualTo(Files.readString(PINNED, UTF_8));
    }

    /** One line per property ({@code Type.property: declared type}) and per enum ({@code Enum = value|value}), sorted. */
    private static String shape(Class<?>... roots)
    {
        Set<String> lines = new TreeSet<>();
        Set<Class<?>> seen = new HashSet<>();
        Deque<JavaType> pending = new ArrayDeque<>();
        Arrays.stream(roots).map(JSON::constructType).forEach(pending::add);
        while (!pending.isEmpty()) {
            JavaType type = pending.pop();
            if (type.isContainerType()) {
                if (type.getKeyType() != null) {
                    pending.push(type.getKeyType());
                }
                pending.push(type.getContentType());
                continue;
            }
            Class<?> raw = type.getRawClass();
            if (!raw.getName().startsWith("dev.trinomesh.") || !seen.add(raw)) {
                continue;
            }
            if (raw.isEnum()) {
                lines.add("%s = %s".formatted(raw.getSimpleName(), Arrays.stream(raw.getEnumConstants()).map(TestPluginContract::json).collect(Collectors.joining("|"))));
                continue;
            }
            BeanDescription bean = JSON.getSerializationConfig().introspect(type);
            for (BeanPropertyDefinition property : bean.findProperties()) {
                JavaType propertyType = property.getPrimaryType();
                lines.add("%s.%s: %s".formatted(raw.getSimpleName(), property.getName(), propertyType.toCanonical().replaceAll("[a-z0-9_.]+\\.(?=[A-Z])", "")));
                pending.push(propertyType);
            }
        }
        return String.join("\n", lines) + "\n";
    }

    private static String json(Object value)
    {
        try {
            return JSON.writeValueAsString(value).replace("\"", "");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
