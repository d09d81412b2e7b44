package dev.trinomesh.catalog.registry.descriptor;

import dev.trinomesh.api.model.VersionBump;
import dev.trinomesh.api.model.VersionCheck;

/**
 * The semantic versioning rule of contracts: a breaking change needs the next major version or later, a
 * compatible contract change the next minor or later, anything else any version that does not go back
 * (the same one included). Versions compare by semver precedence, so a pre-release of the next major
 * (2.0.0-rc.1) is still below the 2.0.0 a breaking change needs.
 */
public final class VersionRule
{
    private VersionRule() {}

    /** The lowest version that {@code bump} allows after {@code current}. */
    public static SemanticVersion lowestVersion(SemanticVersion current, VersionBump bump)
    {
        return switch (bump) {
            case MAJOR -> current.nextMajor();
            case MINOR -> current.nextMinor();
            case PATCH, NONE -> current;
        };
    }

    /** How {@code version} meets {@code bump} after {@code currentVersion}; {@code enforced} says whether a miss refuses the change. */
    public static VersionCheck check(String currentVersion, String version, VersionBump bump, boolean enforced)
    {
        SemanticVersion current = parse(currentVersion);
        SemanticVersion lowest = lowestVersion(current, bump);
        return new VersionCheck(currentVersion, version, bump, lowest.text(), enforced, parse(version).compareTo(lowest) >= 0);
    }

    private static SemanticVersion parse(String version)
    {
        return SemanticVersion.parse(version).orElseThrow(() -> new IllegalArgumentException("not a semantic version: " + version));
    }
}
