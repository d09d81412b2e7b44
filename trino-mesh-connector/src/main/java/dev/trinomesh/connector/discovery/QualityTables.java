package dev.trinomesh.connector.discovery;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.quality.CheckResult;

import java.util.List;

import static dev.trinomesh.connector.discovery.DiscoveryTables.timestamp;
import static dev.trinomesh.connector.discovery.ServiceTables.equalTo;
import static dev.trinomesh.connector.discovery.ServiceTables.fromService;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;

/**
 * Data quality as SQL: {@code metadata.quality_results}, every check result the catalog service kept,
 * newest first, fetched when scanned. (Each dataset's current health is in {@code metadata.datasets}.)
 */
final class QualityTables
{
    // A scan returns at most this many of the newest results matching its product/dataset/check_name filter.
    static final int MAX_RESULTS = 10_000;

    private QualityTables() {}

    static DiscoveryTable<CheckResult> results(CatalogServiceClient client)
    {
        int product = 1;
        int dataset = 2;
        int check = 3;
        return new DiscoveryTable<>("quality_results", "Results of data quality checks, newest first: the newest %s matching the filter on product, dataset and check_name".formatted(MAX_RESULTS), List.of(
                new Field<>("run_id", BIGINT, "The run that checked it", CheckResult::runId),
                new Field<>("product", VARCHAR, "Product", CheckResult::product),
                new Field<>("dataset", VARCHAR, "Dataset of the product", CheckResult::dataset),
                new Field<>("check_name", VARCHAR, "The check's name (its kind, unless the descriptor names it)", CheckResult::check),
                new Field<>("kind", VARCHAR, "row_count, not_null, unique, accepted_values, freshness, sql...", CheckResult::kind),
                new Field<>("blocking", BOOLEAN, "Whether its failure opens the dataset's circuit breaker", CheckResult::blocking),
                new Field<>("outcome", VARCHAR, "passed, failed, or error (the check could not be evaluated)", result -> result.outcome().wireName()),
                new Field<>("measured", DOUBLE, "The value measured: a count, a rate, an age in seconds...", CheckResult::measured),
                new Field<>("expected", VARCHAR, "What the check expects", CheckResult::expected),
                new Field<>("message", VARCHAR, "What was wrong, when it failed or errored", CheckResult::message),
                new Field<>("checked_at", TIMESTAMP_TZ_MILLIS, "When it was checked", result -> timestamp(result.checkedAt())),
                new Field<>("duration_ms", BIGINT, "Milliseconds the measuring query took (shared by checks measured in one scan)", CheckResult::durationMillis)),
                constraint -> fromService("quality results", () -> client.qualityResults(equalTo(constraint, product), equalTo(constraint, dataset), equalTo(constraint, check), MAX_RESULTS)).stream());
    }
}
