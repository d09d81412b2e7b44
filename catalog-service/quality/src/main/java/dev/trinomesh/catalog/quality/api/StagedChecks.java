package dev.trinomesh.catalog.quality.api;

import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.QualifiedTableName;
import dev.trinomesh.api.quality.CheckResult;

import java.util.List;
import java.util.Optional;

/** A dataset's declared checks run on staged data before it is published, for write–audit–publish. */
public interface StagedChecks
{
    /**
     * The results of the dataset's checks with its lake table read from {@code staged} instead, in declaration order.
     * Checks that judge rows one by one (not_null, accepted_values, range, regex) read only the rows of {@code newFiles}
     * when they are given (what the staged writes appended); row counts and uniqueness read the whole staged table.
     * Freshness checks are left out: they judge when data arrived, which publishing decides. Nothing is recorded in
     * the quality history.
     */
    List<CheckResult> check(long runId, String product, Dataset dataset, QualifiedTableName staged, Optional<List<String>> newFiles);
}
