package dev.trinomesh.catalog.portal.view;

import java.util.List;
import java.util.Optional;

/** The mesh at a glance, as one viewer may see it. */
public record OverviewPage(
        Frame frame,
        int products,
        BarChart byStatus,
        BarChart byHealth,
        List<DomainRow> domains,
        List<Alert> alerts,
        List<Refusal> refusedCommits,
        List<Recent> recent,
        Optional<String> lineage)
{
    public record DomainRow(String name, int products, String searchUrl) {}

    /** A dataset that is failing, stale or blocked, and why. */
    public record Alert(String product, String dataset, String status, String why, String url) {}

    public record Refusal(String table, String at, String message) {}

    public record Recent(String product, String domain, String status, String version, String updated, String url) {}
}
