package dev.trinomesh.api.lineage;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TestDoor
{
    @Test
    void aDoorIsTheSourceOfAnImpersonatedQuery()
    {
        assertThat(Arrays.stream(Door.values()).map(Door::wireName)).containsExactly("sql", "portal", "api", "mcp", "quality", "pipeline");
        assertThat(Door.of(Optional.of("mesh-mcp"), true)).isEqualTo(Door.MCP);
        assertThat(Door.MCP.source()).contains("mesh-mcp");
        assertThat(Door.of(Optional.of("mesh-api"), true)).isEqualTo(Door.API);
        assertThat(Door.of(Optional.of("mesh-pipeline"), true)).isEqualTo(Door.PIPELINE);
        // A source is anyone's to set: only the impersonated query came through a door.
        assertThat(Door.of(Optional.of("mesh-mcp"), false)).isEqualTo(Door.SQL);
        assertThat(Door.of(Optional.of("some-client"), true)).isEqualTo(Door.SQL);
        assertThat(Door.of(Optional.empty(), true)).isEqualTo(Door.SQL);
    }
}
