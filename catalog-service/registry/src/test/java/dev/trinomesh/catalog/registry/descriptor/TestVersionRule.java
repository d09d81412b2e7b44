package dev.trinomesh.catalog.registry.descriptor;

import dev.trinomesh.api.model.VersionBump;
import dev.trinomesh.api.model.VersionCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TestVersionRule
{
    @ParameterizedTest(name = "{0} → {1} for a {2} change: lowest {3}, satisfied {4}")
    @CsvSource(delimiter = '|', textBlock = """
            1.2.3 | 2.0.0       | major | 2.0.0 | true
            1.2.3 | 3.1.0       | major | 2.0.0 | true
            1.2.3 | 1.3.0       | major | 2.0.0 | false
            1.2.3 | 2.0.0-rc.1  | major | 2.0.0 | false
            0.4.0 | 1.0.0       | major | 1.0.0 | true
            1.2.3 | 1.3.0       | minor | 1.3.0 | true
            1.2.3 | 1.2.4       | minor | 1.3.0 | false
            1.2.3 | 2.0.0       | minor | 1.3.0 | true
            1.2.3 | 1.2.3       | patch | 1.2.3 | true
            1.2.3 | 1.2.4       | patch | 1.2.3 | true
            1.2.3 | 1.2.3       | none  | 1.2.3 | true
            1.2.3 | 1.2.3+build | none  | 1.2.3 | true
            """)
    void lowestVersionFollowsTheBump(String current, String version, String bump, String lowest, boolean satisfied)
    {
        VersionCheck check = VersionRule.check(current, version, VersionBump.fromWireName(bump), true);
        assertThat(check.lowestVersion()).isEqualTo(lowest);
        assertThat(check.satisfied()).isEqualTo(satisfied);
        assertThat(check.refuses()).isEqualTo(!satisfied);
        assertThat(VersionRule.check(current, version, VersionBump.fromWireName(bump), false).refuses()).isFalse();
    }
}
