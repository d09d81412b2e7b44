package dev.trinomesh.catalog.registry.descriptor;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TestSemanticVersion
{
    @Test
    void ordersByPrecedence()
    {
        // The precedence example of semver.org, shuffled.
        List<String> ordered = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.2.0", "1.10.0", "2.0.0");
        List<String> sorted = Stream.of("1.10.0", "1.0.0-beta.11", "2.0.0", "1.0.0-alpha", "1.0.0", "1.0.0-rc.1", "1.2.0", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-alpha.1", "1.0.0-beta.2")
                .map(text -> SemanticVersion.parse(text).orElseThrow())
                .sorted()
                .map(SemanticVersion::text)
                .toList();
        assertThat(sorted).isEqualTo(ordered);
    }

    @Test
    void ignoresBuildMetadata()
    {
        assertThat(SemanticVersion.parse("1.0.0+build.5").orElseThrow().compareTo(SemanticVersion.parse("1.0.0").orElseThrow())).isZero();
    }

    @Test
    void refusesWhatIsNotSemver()
    {
        Stream.of("1", "1.2", "01.2.3", "1.2.3.4", "v1.2.3", "1.2.3-", "").forEach(text ->
                assertThat(SemanticVersion.parse(text)).as(text).isEmpty());
    }
}
