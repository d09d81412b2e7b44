package dev.trinomesh.catalog.server.registry;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.client.CatalogServiceException;
import dev.trinomesh.api.identity.AuditEvent;
import dev.trinomesh.api.model.ApplyResult.Outcome;
import dev.trinomesh.api.model.GovernanceSnapshot;
import dev.trinomesh.api.model.PipelineApplyResult;
import dev.trinomesh.api.model.PipelineRecord;
import dev.trinomesh.api.model.ProductStatus;
import dev.trinomesh.api.model.QualifiedTableName;
import dev.trinomesh.api.model.Violation;
import dev.trinomesh.catalog.registry.api.PipelineDefinition;
import dev.trinomesh.catalog.registry.api.PipelineDefinitions;
import dev.trinomesh.catalog.registry.api.PlannedStep;
import dev.trinomesh.catalog.registry.api.Visibility;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import io.airlift.http.client.HttpClient;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import io.airlift.units.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/** Pipelines over real HTTP against a real database (H2 or PostgreSQL per subclass). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractTestPipelineApi
{
    private Path groupFile;
    private TestingCatalogService service;
    private HttpClient httpClient;

    protected abstract Map<String, String> databaseProperties();

    protected void closeDatabase() {}

    @BeforeAll
    void start()
            throws IOException
    {
        groupFile = Files.createTempFile("groups", ".txt");
        Files.writeString(groupFile, """
                # group:members, as Trino's file group provider reads it
                sales-team:sam,sue
                crm-team:carla
                analysts:alan
                governance:gina
                """);
        Map<String, String> properties = new HashMap<>(databaseProperties());
        properties.put("governance.admins", "user:admin,group:governance");
        properties.put("governance.group-file", groupFile.toString());
        service = new TestingCatalogService(properties);
        httpClient = new JettyHttpClient(new HttpClientConfig());
        // alan reads orders_p but not customers_p; sam reads customers_p; only fred sees vault_p; dora owns domain sales.
        as("sam").applyProduct("orders_p", product("orders_p", "sales", "group:sales-team", "[group:analysts]"), Optional.empty(), false);
        as("sam").applyProduct("rollups_p", product("rollups_p", "sales", "group:sales-team", "[]"), Optional.empty(), false);
        as("sam").applyProduct("snap_p", product("snap_p", "sales", "group:sales-team", "[]").replace("status: published", "status: draft"), Optional.empty(), false);
        as("carla").applyProduct("customers_p", product("customers_p", "crm", "group:crm-team", "[group:sales-team]"), Optional.empty(), false);
        as("fred").applyProduct("vault_p", product("vault_p", "treasury", "user:fred", "[]"), Optional.empty(), false);
        as("admin").applyDomain("sales", "apiVersion: mesh/v1\nkind: Domain\nmetadata: {name: sales, owner: user:dora}\n");
    }

    @AfterAll
    void stop()
            throws IOException
    {
        httpClient.close();
        service.close();
        closeDatabase();
        Files.deleteIfExists(groupFile);
    }

    private CatalogServiceClient as(String user)
    {
        return service.client(httpClient, user);
    }

    private static String product(String name, String domain, String owner, String consumers)
    {
        return """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: %s, domain: %s, owner: %s, version: 1.0.0, status: published}
                spec:
                  access: {consumers: %s}
                  datasets:
                    - name: rows
                      source: {table: lake.%s.rows}
                      columns:
                        - {name: id, type: bigint}
                        - {name: region, type: varchar}
                """.formatted(name, domain, owner, consumers, name);
    }

    private static String pipeline(String name, String product, List<String> upstream, String steps)
    {
        return """
                apiVersion: mesh/v1
                kind: Pipeline
                metadata: {name: %s, product: %s}
                spec:
                  upstream: %s
                  trigger: {every: 1h}
                  steps:
                %s
                """.formatted(name, product, upstream, steps.indent(4).stripTrailing());
    }

    /** A pipeline of {@code product} copying each of {@code upstream}'s rows into a table of its own. */
    private static String copying(String name, String product, List<String> upstream)
    {
        StringBuilder steps = new StringBuilder();
        for (String source : upstream) {
            steps.append("- {name: copy_%s, sql: \"INSERT INTO lake.%s.%s_copy SELECT * FROM mesh.%s.rows WHERE id > ${run_id}\"}\n".formatted(source, product, source, source));
        }
        return pipeline(name, product, upstream, steps.toString());
    }

    /** A pipeline of {@code product} of one step, which reads nothing but its own table. */
    private static String pruning(String name, String product)
    {
        return pipeline(name, product, List.of(), "- {name: prune, sql: \"DELETE FROM lake.%s.rows WHERE id < 0\"}".formatted(product));
    }

    @Test
    void aProductsPipelinesAreWrittenByThoseWhoMayChangeIt()
    {
        String text = copying("orders_enriched", "orders_p", List.of("rollups_p"));
        // alan sees orders_p (he reads it) but may not change it.
        CatalogServiceException refused = refusal(() -> as("alan").applyPipeline("orders_enriched", text, Optional.empty(), false));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused).hasMessageContaining("only the owners of product 'orders_p' (group:sales-team, and user:dora, owner of domain 'sales') and governance admins may write its pipeline 'orders_enriched'; alan is none of them");
        // carla sees no orders_p: to her it does not exist.
        assertThat(violations(() -> as("carla").applyPipeline("orders_enriched", text, Optional.empty(), false)))
                .anySatisfy(violation -> assertThat(violation.toString()).isEqualTo("metadata.product: no such product (got: orders_p)"));

        PipelineApplyResult created = as("sam").applyPipeline("orders_enriched", text, Optional.empty(), false);
        assertThat(created.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(created.pipeline().revision()).isEqualTo(1);
        assertThat(created.pipeline().updatedBy()).isEqualTo("sam");
        assertThat(created.changes()).isNotEmpty();
        // The domain's owner and governance admins may change it too.
        String daily = text.replace("every: 1h", "every: 1d");
        assertThat(as("dora").applyPipeline("orders_enriched", daily, Optional.of("\"1\""), false).pipeline().revision()).isEqualTo(2);
        assertThat(as("gina").applyPipeline("orders_enriched", text, Optional.of("\"2\""), false).pipeline().revision()).isEqualTo(3);
        assertThat(as("sue").getPipeline("orders_enriched")).map(PipelineRecord::revision).contains(3);

        assertThat(as("admin").auditEvents(Optional.empty(), Optional.of("pipeline.apply"), Optional.empty(), 100))
                .filteredOn(event -> event.target().equals("pipeline:orders_enriched"))
                .extracting(AuditEvent::actor)
                .containsExactlyInAnyOrder("sam", "dora", "gina");
    }

    @Test
    void pipelinesAreVersionedWithOptimisticConcurrencyAndRemovalKeepsHistory()
    {
        String first = copying("rollups_nightly", "rollups_p", List.of("orders_p"));
        String second = first.replace("every: 1h", "cron: \"0 2 * * *\"");
        assertThat(status(() -> as("sam").applyPipeline("rollups_nightly", first, Optional.of("\"1\""), false))).isEqualTo(412);
        assertThat(as("sam").applyPipeline("rollups_nightly", first, Optional.empty(), false).outcome()).isEqualTo(Outcome.CREATED);
        assertThat(status(() -> as("sam").applyPipeline("rollups_nightly", second, Optional.empty(), false))).isEqualTo(428);
        assertThat(status(() -> as("sam").applyPipeline("rollups_nightly", second, Optional.of("\"7\""), false))).isEqualTo(412);

        PipelineApplyResult dryRun = as("sam").applyPipeline("rollups_nightly", second, Optional.of("\"1\""), true);
        assertThat(dryRun.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(dryRun.dryRun()).isTrue();
        assertThat(dryRun.changes()).extracting(change -> change.path()).contains("spec.trigger.every", "spec.trigger.cron");
        assertThat(as("sam").getPipeline("rollups_nightly")).map(PipelineRecord::revision).contains(1);

        assertThat(as("sam").applyPipeline("rollups_nightly", second, Optional.of("\"1\""), false).pipeline().revision()).isEqualTo(2);
        PipelineApplyResult unchanged = as("sam").applyPipeline("rollups_nightly", second, Optional.of("\"2\""), false);
        assertThat(unchanged.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(unchanged.pipeline().revision()).isEqualTo(2);

        assertThat(status(() -> as("alan").removePipeline("rollups_nightly", "\"2\""))).isEqualTo(404);
        assertThat(status(() -> as("sam").removePipeline("rollups_nightly", "\"1\""))).isEqualTo(412);
        PipelineRecord removed = as("sue").removePipeline("rollups_nightly", "\"2\"");
        assertThat(removed.active()).isFalse();
        assertThat(removed.revision()).isEqualTo(3);
        assertThat(status(() -> as("sam").removePipeline("rollups_nightly", "\"3\""))).isEqualTo(404);
        assertThat(as("sam").listPipelines(Optional.empty(), false)).extracting(PipelineRecord::name).doesNotContain("rollups_nightly");
        assertThat(as("sam").listPipelines(Optional.empty(), true)).extracting(PipelineRecord::name).contains("rollups_nightly");
        assertThat(as("sam").getPipeline("rollups_nightly")).map(PipelineRecord::active).contains(false);

        // Applying it again brings it back as a new revision, without If-Match (there is nothing in force to overwrite).
        assertThat(as("sam").applyPipeline("rollups_nightly", first, Optional.empty(), false).pipeline().revision()).isEqualTo(4);
        assertThat(as("sam").pipelineRevisions("rollups_nightly")).extracting(PipelineRecord::revision).containsExactly(1, 2, 3, 4);
        assertThat(as("sam").pipelineRevision("rollups_nightly", 2).descriptor().spec().trigger().cron()).isEqualTo("0 2 * * *");
        assertThat(status(() -> as("sam").pipelineRevision("rollups_nightly", 9))).isEqualTo(404);
    }

    @Test
    void aPipelineIsReadByThoseWhoSeeItsProductAndEveryProductItReads()
    {
        as("sam").applyPipeline("orders_audit", copying("orders_audit", "orders_p", List.of("customers_p")), Optional.empty(), false);
        as("fred").applyPipeline("vault_job", pruning("vault_job", "vault_p"), Optional.empty(), false);

        assertThat(as("sam").getPipeline("orders_audit")).isPresent();
        assertThat(as("sam").listPipelines(Optional.of("orders_p"), false)).extracting(PipelineRecord::name).contains("orders_audit").doesNotContain("vault_job");
        assertThat(as("sam").listPipelines(Optional.of("vault_p"), false)).isEmpty();
        // alan reads orders_p but may not see customers_p, which the pipeline reads.
        assertThat(as("alan").getPipeline("orders_audit")).isEmpty();
        assertThat(as("alan").listPipelines(Optional.empty(), true)).extracting(PipelineRecord::name).doesNotContain("orders_audit", "vault_job");
        // To eve and sam, vault_job is a pipeline that does not exist.
        for (String person : List.of("eve", "sam")) {
            assertThat(as(person).getPipeline("vault_job")).isEmpty();
            assertSameRefusal(() -> as(person).pipelineRevisions("vault_job"), () -> as(person).pipelineRevisions("nosuch_job"));
            assertSameRefusal(() -> as(person).pipelineRevision("vault_job", 1), () -> as(person).pipelineRevision("nosuch_job", 1));
            assertSameRefusal(() -> as(person).removePipeline("vault_job", "\"1\""), () -> as(person).removePipeline("nosuch_job", "\"1\""));
        }
        assertThat(as("eve").listPipelines(Optional.empty(), true)).isEmpty();
        // A product sam may not see is one that does not exist, as an upstream product too.
        String readingTheVault = copying("orders_vault", "orders_p", List.of("vault_p"));
        String readingNothing = copying("orders_vault", "orders_p", List.of("nosuch_p"));
        assertThat(violations(() -> as("sam").applyPipeline("orders_vault", readingTheVault, Optional.empty(), false)).toString().replace("vault_p", "nosuch_p"))
                .isEqualTo(violations(() -> as("sam").applyPipeline("orders_vault", readingNothing, Optional.empty(), false)).toString());
        // Its name is taken, though: sam's pipeline needs another.
        CatalogServiceException taken = refusal(() -> as("sam").applyPipeline("vault_job", pruning("vault_job", "orders_p"), Optional.empty(), false));
        assertThat(taken.status()).isEqualTo(403);
        assertThat(taken).hasMessageContaining("pipeline 'vault_job' exists, and only the owners of its product and governance admins may replace it; sam is none of them (a new pipeline needs a name of its own)")
                .hasMessageNotContaining("vault_p").hasMessageNotContaining("fred");
        // Governance admins and the Trinos see every pipeline.
        assertThat(as("gina").getPipeline("vault_job")).isPresent();
        assertThat(as("trino").listPipelines(Optional.empty(), false)).extracting(PipelineRecord::name).contains("orders_audit", "vault_job");
    }

    @Test
    void theStepsAreValidatedAsTrinoParsesThem()
    {
        String text = pipeline("orders_broken", "orders_p", List.of("customers_p"), """
                - {name: copy, sql: "INSERT INTO lake.customers_p.rows SELECT * FROM lake.customers_p.rows"}
                - {name: copy, sql: "SELECT * FROM mesh.customers_p.rows WHERE ts > ${window_begin}"}
                """);
        assertThat(violations(() -> as("sam").applyPipeline("orders_broken", text, Optional.empty(), true)))
                .extracting(Violation::toString)
                .anyMatch(line -> line.startsWith("spec.steps[0].sql: step 'copy' writes lake.customers_p.rows (INSERT), outside the lake namespace of product 'orders_p'"))
                .anyMatch(line -> line.startsWith("spec.steps[0].sql: step 'copy' reads lake table lake.customers_p.rows directly: read other products through the mesh catalog"))
                .anyMatch(line -> line.startsWith("spec.steps[1].name: is also the name of spec.steps[0]"))
                .anyMatch(line -> line.startsWith("spec.steps[1].sql: step 'copy' uses ${window_begin}, which is no parameter"));
        assertThat(violations(() -> as("sam").applyPipeline("other_name", pruning("orders_named", "orders_p"), Optional.empty(), false)))
                .extracting(Violation::toString)
                .containsExactly("metadata.name: must equal the pipeline named in the URL ('other_name') (got: orders_named)");
        assertThat(as("admin").getPipeline("orders_broken")).isEmpty();
    }

    @Test
    void activePipelinesAreServedToTheRuntimeAndTheirUpstreamsInTheGovernanceSnapshot()
    {
        GovernanceSnapshot before = snapshot();
        assertThat(before.pipelineUpstreams()).doesNotContainKey("snap_p");

        as("sam").applyPipeline("snap_one", copying("snap_one", "snap_p", List.of("orders_p")), Optional.empty(), false);
        as("sam").applyPipeline("snap_two", copying("snap_two", "snap_p", List.of("customers_p", "orders_p")), Optional.empty(), false);
        GovernanceSnapshot after = snapshot();
        assertThat(after.revision()).isGreaterThanOrEqualTo(before.revision() + 2);
        assertThat(after.pipelineUpstreams()).containsEntry("snap_p", List.of("customers_p", "orders_p"));

        PipelineDefinitions definitions = service.getInstance(PipelineDefinitions.class);
        PipelineDefinition two = definitions.active("snap_two").orElseThrow();
        assertThat(two.lakeNamespace()).isEqualTo("snap_p");
        assertThat(two.steps()).extracting(PlannedStep::name).containsExactly("copy_customers_p", "copy_orders_p");
        PlannedStep step = two.steps().getFirst();
        assertThat(step.statementKind()).isEqualTo("INSERT");
        assertThat(step.target()).isEqualTo(new QualifiedTableName("lake", "snap_p", "customers_p_copy"));
        assertThat(step.reads()).containsExactly(new QualifiedTableName("mesh", "customers_p", "rows"));
        assertThat(step.sql()).contains("${run_id}");
        assertThat(definitions.visible(service.getInstance(Visibility.class).viewer("sam"), Optional.of("snap_p"))).extracting(PipelineRecord::name).containsExactly("snap_one", "snap_two");
        assertThat(definitions.visible(service.getInstance(Visibility.class).viewer("alan"), Optional.of("snap_p"))).isEmpty();

        PipelineRecord current = as("sam").getPipeline("snap_two").orElseThrow();
        as("sam").removePipeline("snap_two", "\"%s\"".formatted(current.revision()));
        assertThat(snapshot().pipelineUpstreams()).containsEntry("snap_p", List.of("orders_p"));
        assertThat(definitions.active("snap_two")).isEmpty();
        assertThat(definitions.active()).extracting(PipelineDefinition::name).contains("snap_one");

        // A retired product runs no pipelines: they leave the snapshot and the runtime's list, and none can be applied.
        as("sam").changeStatus("snap_p", ProductStatus.RETIRED, Optional.empty());
        assertThat(snapshot().pipelineUpstreams()).doesNotContainKey("snap_p");
        assertThat(definitions.active()).extracting(PipelineDefinition::name).doesNotContain("snap_one");
        assertThat(violations(() -> as("sam").applyPipeline("snap_three", pruning("snap_three", "snap_p"), Optional.empty(), false)))
                .extracting(Violation::toString)
                .contains("metadata.product: the product is retired: a retired product runs no pipelines (got: snap_p)");
    }

    private GovernanceSnapshot snapshot()
    {
        return as("admin").governanceSnapshotIfChanged(Optional.empty(), new Duration(0, SECONDS)).orElseThrow();
    }

    private static void assertSameRefusal(Runnable hidden, Runnable ghost)
    {
        CatalogServiceException hiddenRefusal = refusal(hidden);
        CatalogServiceException ghostRefusal = refusal(ghost);
        assertThat(hiddenRefusal.status()).isEqualTo(404);
        assertThat(ghostRefusal.status()).isEqualTo(404);
        assertThat(hiddenRefusal.getMessage().replace("vault_job", "nosuch_job")).isEqualTo(ghostRefusal.getMessage());
    }

    private static int status(Runnable call)
    {
        return refusal(call).status();
    }

    private static CatalogServiceException refusal(Runnable call)
    {
        try {
            call.run();
        }
        catch (CatalogServiceException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    private static List<Violation> violations(Runnable call)
    {
        CatalogServiceException e = refusal(call);
        assertThat(e.status()).as(e.getMessage()).isEqualTo(400);
        return e.error().orElseThrow().violations();
    }
}
