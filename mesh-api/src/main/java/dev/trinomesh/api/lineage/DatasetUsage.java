package dev.trinomesh.api.lineage;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/** How often one user read one dataset (directly or through views), and when first and last. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetUsage(String product, String dataset, String user, long queries, Instant firstSeen, Instant lastSeen) {}
