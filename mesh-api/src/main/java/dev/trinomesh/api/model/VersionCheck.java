package dev.trinomesh.api.model;

import static java.util.Objects.requireNonNull;

/**
 * How an update of a registered product meets the version rule: the changes call for {@code bump}, so
 * {@code lowestVersion} is the lowest version that satisfies it (the current version itself when a patch
 * or nothing is called for). The rule is {@code enforced} while the product is published or deprecated
 * (drafts change freely while they are designed); an enforced rule that is not {@code satisfied} refuses
 * the update.
 */
public record VersionCheck(String currentVersion, String version, VersionBump bump, String lowestVersion, boolean enforced, boolean satisfied)
{
    public VersionCheck
    {
        requireNonNull(currentVersion, "currentVersion is null");
        requireNonNull(version, "version is null");
        requireNonNull(bump, "bump is null");
        requireNonNull(lowestVersion, "lowestVersion is null");
    }

    /** Whether the registry refuses the update for its version. */
    public boolean refuses()
    {
        return enforced && !satisfied;
    }
}
