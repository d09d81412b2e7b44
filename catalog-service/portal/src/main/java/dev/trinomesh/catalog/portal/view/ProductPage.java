package dev.trinomesh.catalog.portal.view;

import java.util.List;
import java.util.Optional;

/** A product as one viewer may see it: its contract, health, history, usage and what applies to them. */
public record ProductPage(
        Frame frame,
        String name,
        String domain,
        String owner,
        String version,
        String status,
        boolean served,
        String description,
        List<String> tags,
        String updated,
        boolean operator,
        boolean readsEverything,
        List<DatasetView> datasets,
        List<RevisionView> history,
        List<ReleaseView> releases,
        Optional<String> previousMajor,
        Optional<UsageView> usage,
        List<Recommendation> alsoRead,
        Optional<String> pendingRequest,
        List<PipelineRunView> pipelineRuns)
{
    /** A run of one of the product's pipelines, in words: a failed run publishes nothing, so its datasets are not broken. */
    public record PipelineRunView(long id, String pipeline, String status, String trigger, String finished, String outcome) {}

    public record DatasetView(
            String name,
            String description,
            String kind,
            boolean readable,
            List<ColumnView> columns,
            Optional<HealthView> health,
            Optional<BarChart> qualityHistory,
            Optional<String> freshness,
            List<String> policies,
            String sql,
            String jdbc,
            String lineageUrl,
            String previewUrl,
            String profileUrl) {}

    public record ColumnView(String name, String type, String description, boolean required, boolean unique, List<String> classification, Optional<String> mask) {}

    /** A dataset's health as text (never by colour alone) and, when its circuit breaker is open, why. */
    public record HealthView(String status, String checkedAt, List<String> failedChecks, Optional<String> breaker) {}

    public record RevisionView(int revision, String version, String status, String at, String author, String summary, List<String> changes, boolean breaking) {}

    public record ReleaseView(String dataset, String name, String productVersion, String at, String by) {}

    /** Queries per dataset as a chart; consumers by name for the product's operators only. */
    public record UsageView(BarChart daily, BarChart chart, List<Consumer> consumers, boolean namesShown) {}

    public record Consumer(String user, long queries, String lastSeen) {}

    public record Recommendation(String product, String domain, String description, int coReaders) {}
}
