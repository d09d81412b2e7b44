package dev.trinomesh.cli;

import dev.trinomesh.api.model.VersionCheck;

/** How the CLI says whether a product's new version follows its changes. */
final class VersionLines
{
    private VersionLines() {}

    /** E.g. {@code version 1.0.0 → 1.1.0: breaking changes need a new major version, 2.0.0 or later: the apply is refused}. */
    static String describe(VersionCheck check, boolean dryRun)
    {
        String needs = switch (check.bump()) {
            case MAJOR -> "breaking changes need a new major version, %s or later".formatted(check.lowestVersion());
            case MINOR -> "compatible contract changes need a new minor version, %s or later".formatted(check.lowestVersion());
            case PATCH, NONE -> "no contract change: any version from %s".formatted(check.lowestVersion());
        };
        String verdict;
        if (check.satisfied()) {
            verdict = "ok";
        }
        else if (check.enforced()) {
            verdict = dryRun ? "the apply would be refused" : "the apply is refused";
        }
        else {
            verdict = "allowed while the product is a draft";
        }
        return "version %s → %s: %s: %s".formatted(check.currentVersion(), check.version(), needs, verdict);
    }
}
