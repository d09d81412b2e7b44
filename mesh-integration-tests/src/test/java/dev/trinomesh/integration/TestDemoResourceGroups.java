package dev.trinomesh.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's resource groups (etc/trino/resource-groups.json) queue each of the catalog service's doors, told apart by
 * the query source it sets (mesh-api's {@code Door}), apart from people's own SQL. Trino's file-based manager takes the
 * first selector whose source pattern matches the whole source. On a running Trino: MeshUpIT (the portal's door).
 */
class TestDemoResourceGroups
{
    @Test
    void eachDoorQueuesInItsGroupAndEverythingElseWithPeople()
            throws IOException
    {
        JsonNode config = new ObjectMapper().readTree(Path.of(System.getProperty("mesh.etc.dir", "../etc")).resolve("trino/resource-groups.json").toFile());
        assertThat(group(config, "mesh-portal")).isEqualTo("mesh.portal");
        assertThat(group(config, "mesh-api")).isEqualTo("mesh.api");
        // An agent's MCP tool calls are API calls: they share the API's limits.
        assertThat(group(config, "mesh-mcp")).isEqualTo("mesh.api");
        assertThat(group(config, "mesh-quality")).isEqualTo("mesh.quality");
        assertThat(group(config, "mesh-pipeline")).isEqualTo("mesh.pipelines");
        assertThat(group(config, "trino-cli")).isEqualTo("mesh.people");
        assertThat(group(config, "mesh-mcp-lookalike")).isEqualTo("mesh.people");

        Set<String> groups = new HashSet<>();
        for (JsonNode root : config.get("rootGroups")) {
            for (JsonNode sub : root.get("subGroups")) {
                groups.add(root.get("name").asText() + "." + sub.get("name").asText());
            }
        }
        for (JsonNode selector : config.get("selectors")) {
            assertThat(groups).as("the group of selector %s", selector).contains(selector.get("group").asText());
        }
    }

    private static String group(JsonNode config, String source)
    {
        for (JsonNode selector : config.get("selectors")) {
            if (!selector.has("source") || Pattern.compile(selector.get("source").asText()).matcher(source).matches()) {
                return selector.get("group").asText();
            }
        }
        throw new AssertionError("no selector takes source " + source);
    }
}
