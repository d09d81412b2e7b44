package dev.trinomesh.cli;

import dev.trinomesh.api.quality.CheckOutcome;
import dev.trinomesh.api.quality.CheckResult;
import dev.trinomesh.api.quality.DatasetQuality;
import dev.trinomesh.api.quality.QualityRun;
import dev.trinomesh.api.quality.QualityStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mesh check} and {@code mesh quality} against the service's quality endpoints (stubbed: the service's side is tested there). */
class TestQualityCommands
{
    private static final Instant AT = Instant.parse("2026-01-01T06:00:00Z");
    private static final CheckResult ROW_COUNT = new CheckResult(7, "shop", "orders", "row_count", "row_count", false, CheckOutcome.PASSED, 15000.0, ">= 1", null, AT, 40);
    private static final CheckResult NEGATIVE = new CheckResult(7, "shop", "orders", "no_negative_totals", "sql", true, CheckOutcome.FAILED, 12.0, "0", "12 rows where totalprice < 0", AT, 40);
    private static final CheckResult FRESH = new CheckResult(7, "shop", "big_orders", "freshness", "freshness", false, CheckOutcome.PASSED, 3600.5, "<= 86400", null, AT, 3);
    private static final DatasetQuality ORDERS_FAILING = new DatasetQuality("shop", "orders", QualityStatus.FAILING, AT, List.of("no_negative_totals"), "no_negative_totals", "12 rows where totalprice < 0");
    private static final DatasetQuality BIG_ORDERS_HEALTHY = new DatasetQuality("shop", "big_orders", QualityStatus.HEALTHY, AT, List.of(), null, null);

    private StubQualityService service;

    record Run(int exitCode, String out, String err) {}

    @BeforeEach
    void start()
    {
        service = new StubQualityService();
    }

    @AfterEach
    void stop()
    {
        service.close();
    }

    private Run mesh(String... args)
    {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> arguments = new ArrayList<>(List.of(args));
        arguments.addAll(List.of("--user", "admin", "--service", service.baseUri().toString()));
        int exitCode = MeshCli.run(new PrintWriter(out, true), new PrintWriter(err, true), arguments.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static QualityRun run(String state, List<CheckResult> results, List<DatasetQuality> datasets)
    {
        return new QualityRun(7, "shop", null, "manual", state, AT, state.equals("queued") ? null : AT, null, null, results, datasets);
    }

    @Test
    void checkFollowsTheRunAndFailsWhenACheckFailed()
    {
        service.answer("POST /v1/quality/runs", run("queued", List.of(), List.of()))
                .answer("GET /v1/quality/runs/7", run("running", List.of(), List.of()), run("finished", List.of(ROW_COUNT, NEGATIVE, FRESH), List.of(ORDERS_FAILING, BIG_ORDERS_HEALTHY)));
        Run check = mesh("check", "shop");
        assertThat(check.exitCode()).as(check.out() + check.err()).isEqualTo(1);
        assertThat(check.out()).startsWith("run 7 of shop: queued\nrunning (").contains("\nfinished (");
        assertThat(check.out().substring(check.out().indexOf("DATASET"))).isEqualTo("""
                DATASET     CHECK               OUTCOME  MEASURED  EXPECTED  MESSAGE
                orders      row_count           passed   15000     >= 1
                orders      no_negative_totals  failed   12        0         12 rows where totalprice < 0
                big_orders  freshness           passed   3600.5    <= 86400

                orders: failing, blocked by no_negative_totals
                big_orders: healthy
                2 of 3 checks passed
                """);
        assertThat(service.requests()).startsWith("POST /v1/quality/runs?product=shop").contains("GET /v1/quality/runs/7");
    }

    @Test
    void checkOfOneDatasetPassesWhenEveryCheckPassed()
    {
        service.answer("POST /v1/quality/runs", run("finished", List.of(ROW_COUNT), List.of(new DatasetQuality("shop", "orders", QualityStatus.HEALTHY, AT, List.of(), null, null))));
        Run check = mesh("check", "shop", "--dataset", "orders");
        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).startsWith("run 7 of shop.orders: finished").endsWith("orders: healthy\n1 of 1 check passed\n");
        assertThat(service.requests()).containsExactly("POST /v1/quality/runs?product=shop&dataset=orders");
    }

    @Test
    void checkShowsWhyTheServiceRefusedOrTheRunFailed()
    {
        service.refuse("POST /v1/quality/runs", 503, "quality checks are not configured: set quality.trino-uri on the catalog service");
        Run refused = mesh("check", "shop");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("check shop: refused (HTTP 503): quality checks are not configured: set quality.trino-uri on the catalog service\n");

        service.answer("POST /v1/quality/runs", new QualityRun(8, "shop", null, "manual", "failed", AT, AT, AT, "Trino at http://127.0.0.1:8080 is unreachable", List.of(), List.of()));
        Run failed = mesh("check", "shop");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).isEqualTo("run 8 failed: Trino at http://127.0.0.1:8080 is unreachable\n");

        service.answer("POST /v1/quality/runs", run("finished", List.of(), List.of()));
        assertThat(mesh("check", "shop").out()).endsWith("product shop has no quality checks to run\n");
    }

    @Test
    void usageErrorsExitWithTwo()
    {
        Run missingProduct = mesh("check");
        assertThat(missingProduct.exitCode()).isEqualTo(2);
        assertThat(missingProduct.err()).contains("Missing required parameter: 'PRODUCT'");
        assertThat(mesh("check", "shop", "--limit", "3").exitCode()).isEqualTo(2);
        assertThat(mesh("quality", "results").exitCode()).isEqualTo(2);
        assertThat(service.requests()).isEmpty();
    }

    @Test
    void qualityShowsHealthAndHistory()
    {
        service.answer("GET /v1/quality/status", List.of(ORDERS_FAILING, BIG_ORDERS_HEALTHY))
                .answer("GET /v1/quality/results", List.of(NEGATIVE));
        Run status = mesh("quality", "shop");
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).isEqualTo("""
                PRODUCT  DATASET     STATUS   CHECKED AT            FAILED CHECKS       BLOCKED BY
                shop     orders      failing  2026-01-01T06:00:00Z  no_negative_totals  no_negative_totals
                shop     big_orders  healthy  2026-01-01T06:00:00Z
                """);
        assertThat(mesh("quality").exitCode()).isZero();

        Run results = mesh("quality", "results", "shop", "--dataset", "orders", "--check", "no_negative_totals", "--limit", "5");
        assertThat(results.exitCode()).isZero();
        assertThat(results.out()).isEqualTo("""
                CHECKED AT            RUN  DATASET  CHECK               OUTCOME  MEASURED  EXPECTED  MESSAGE
                2026-01-01T06:00:00Z  7    orders   no_negative_totals  failed   12        0         12 rows where totalprice < 0
                """);
        assertThat(service.requests()).containsExactly(
                "GET /v1/quality/status?product=shop",
                "GET /v1/quality/status",
                "GET /v1/quality/results?limit=5&product=shop&dataset=orders&check=no_negative_totals");
    }
}
