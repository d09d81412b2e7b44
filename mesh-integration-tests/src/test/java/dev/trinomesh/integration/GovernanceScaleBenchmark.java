package dev.trinomesh.integration;

import dev.trinomesh.access.MeshAccessControlFactory;
import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.Policy;
import dev.trinomesh.api.model.PolicyApplyResult;
import dev.trinomesh.benchmarks.Timings;
import dev.trinomesh.benchmarks.governance.GovernanceFixture;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import dev.trinomesh.connector.MeshPlugin;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import io.trino.Session;
import io.trino.plugin.base.security.FileBasedSystemAccessControl;
import io.trino.plugin.tpch.TpchPlugin;
import io.trino.spi.security.SystemAccessControl;
import io.trino.testing.DistributedQueryRunner;
import io.trino.testing.TestingGroupProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.trino.testing.TestingSession.testSessionBuilder;

/**
 * Listing a 10,000-dataset mesh as a consumer, with the mesh access control (1,000 policies) and with
 * Trino's file-based access control holding rules with the same decisions, side by side in one JVM on
 * one catalog service; and how fast a policy change reaches Trino. Not a test: it runs only through
 * {@code benchmarks/run governance-scale}, and prints its results to .mesh/bench-governance-scale.txt.
 */
@EnabledIfSystemProperty(named = "mesh.benchmark", matches = "true")
class GovernanceScaleBenchmark
{
    private static final int WARMUP = 20;
    private static final int MEASURED = 30;
    private static final int PROPAGATION_ROUNDS = 20;

    @Test
    // Registering 1,000 products and measuring takes minutes, beyond the suite's default timeout.
    @Timeout(value = 60, unit = TimeUnit.MINUTES)
    void run()
            throws Exception
    {
        int products = Integer.getInteger("mesh.benchmark.products", 1000);
        GovernanceFixture fixture = new GovernanceFixture(products, 10);
        List<String> report = new ArrayList<>();
        try (TestingCatalogService service = new TestingCatalogService(Map.of("governance.admins", "user:admin"));
                JettyHttpClient httpClient = new JettyHttpClient(new HttpClientConfig())) {
            CatalogServiceClient admin = service.client(httpClient, "admin");
            long start = System.nanoTime();
            register(admin, fixture);
            report.add("registered %s products x 10 datasets and %s policies in %.1f s".formatted(products, GovernanceFixture.POLICIES, (System.nanoTime() - start) / 1e9));
            Path rules = Files.createTempFile("rules", ".json");
            Files.writeString(rules, fixture.fileBasedRules());
            SystemAccessControl fileBased = new FileBasedSystemAccessControl.Factory().create(Map.of("security.config-file", rules.toString()), null);
            SystemAccessControl mesh = new MeshAccessControlFactory().create(Map.of(
                    "mesh.catalog-service.uri", service.baseUri().toString(),
                    "mesh.catalog-service.token", service.tokenFor(TestingMesh.TRINO_PRINCIPAL),
                    "mesh.governance.poll-wait", "5s"), null);
            try (DistributedQueryRunner meshRunner = runner(service, mesh);
                    DistributedQueryRunner fileRunner = runner(service, fileBased)) {
                Session alice = TestingMesh.session(GovernanceFixture.USER);
                String middle = GovernanceFixture.product(products / 2);
                awaitListed(meshRunner, alice, products);
                awaitListed(fileRunner, alice, products);
                compare(report, meshRunner, fileRunner, alice, "SHOW SCHEMAS FROM mesh", "SHOW SCHEMAS FROM mesh");
                compare(report, meshRunner, fileRunner, alice, "SHOW TABLES of one product", "SHOW TABLES FROM mesh." + middle);
                compare(report, meshRunner, fileRunner, alice, "information_schema.tables of the mesh", "SELECT count(*) FROM mesh.information_schema.tables");
                compare(report, meshRunner, fileRunner, alice, "information_schema.columns of one product", "SELECT table_name, column_name FROM mesh.information_schema.columns WHERE table_schema = '%s'".formatted(middle));
                propagation(report, admin, meshRunner, alice, middle);
            }
        }
        Path output = Path.of(System.getProperty("mesh.benchmark.output", "target/bench-governance-scale.txt"));
        Files.write(output, report);
    }

    private static DistributedQueryRunner runner(TestingCatalogService service, SystemAccessControl accessControl)
            throws Exception
    {
        DistributedQueryRunner runner = DistributedQueryRunner.builder(testSessionBuilder().build())
                .setWorkerCount(0)
                .setSystemAccessControl(accessControl)
                .build();
        TestingGroupProvider groups = new TestingGroupProvider();
        groups.setUserGroups(Map.of(GovernanceFixture.USER, Set.copyOf(GovernanceFixture.USER_GROUPS)));
        runner.getGroupProvider().setConfiguredGroupProvider(groups);
        runner.installPlugin(new TpchPlugin());
        runner.createCatalog("tpch", "tpch");
        runner.installPlugin(new MeshPlugin());
        runner.createCatalog("mesh", "mesh", Map.of("mesh.catalog-service.uri", service.baseUri().toString(), "mesh.catalog-service.token", service.tokenFor(TestingMesh.TRINO_PRINCIPAL)));
        return runner;
    }

    private static void register(CatalogServiceClient admin, GovernanceFixture fixture)
            throws Exception
    {
        try (ExecutorService executor = Executors.newFixedThreadPool(4)) {
            List<Future<?>> writes = new ArrayList<>();
            for (DataProduct product : fixture.descriptors()) {
                writes.add(executor.submit(() -> admin.applyProduct(product.name(), DescriptorDocuments.toJson(product), Optional.of("*"), false)));
            }
            for (Future<?> write : writes) {
                write.get();
            }
            writes.clear();
            admin.setUserAttributes(GovernanceFixture.USER, Map.of("region", GovernanceFixture.REGION));
            for (Policy policy : fixture.policies()) {
                writes.add(executor.submit(() -> admin.applyPolicy(policy.name(), DescriptorDocuments.toJson(policy), Optional.of("*"), false)));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        }
    }

    private static void awaitListed(DistributedQueryRunner runner, Session session, int products)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (runner.execute(session, "SHOW SCHEMAS FROM mesh").getRowCount() != products / 2 + 2) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the mesh catalog did not list the products in 5 minutes");
            }
            Thread.sleep(500);
        }
    }

    private static void compare(List<String> report, DistributedQueryRunner mesh, DistributedQueryRunner file, Session session, String name, String sql)
    {
        // Both must answer the same.
        if (!mesh.execute(session, sql).getMaterializedRows().equals(file.execute(session, sql).getMaterializedRows())) {
            throw new IllegalStateException("the access controls disagree on: " + sql);
        }
        // Alternating, and which goes first too, so that both see the same machine.
        Timings meshTimings = new Timings("mesh");
        Timings fileTimings = new Timings("file-based");
        for (int i = 0; i < WARMUP + MEASURED; i++) {
            boolean meshFirst = i % 2 == 0;
            long first = time(meshFirst ? mesh : file, session, sql);
            long second = time(meshFirst ? file : mesh, session, sql);
            if (i >= WARMUP) {
                meshTimings.add(meshFirst ? first : second);
                fileTimings.add(meshFirst ? second : first);
            }
        }
        report.add("%-45s mesh %8.1f ms (p90 %8.1f)   file-based %8.1f ms (p90 %8.1f)   ratio %.2f   (medians of %s)".formatted(
                name, meshTimings.median(), meshTimings.percentile(0.9), fileTimings.median(), fileTimings.percentile(0.9), meshTimings.median() / fileTimings.median(), MEASURED));
    }

    /**
     * How long a policy change takes to reach the access control of a running Trino: a deny of the product for the
     * user is applied, and the time taken until the user's listing of the product is empty; then the policy is
     * removed, and the time taken until the listing is back. Each wait polls with a listing query (tens of ms), which
     * bounds the resolution.
     */
    private static void propagation(List<String> report, CatalogServiceClient admin, DistributedQueryRunner runner, Session session, String product)
            throws InterruptedException
    {
        Timings deny = new Timings("policy change visible in Trino: a deny");
        Timings removal = new Timings("policy change visible in Trino: its removal");
        for (int i = 0; i < PROPAGATION_ROUNDS; i++) {
            String name = "propagation_probe_%02d".formatted(i);
            String policy = """
                    apiVersion: mesh/v1
                    kind: Policy
                    metadata: {name: %s, scope: global}
                    spec:
                      rules:
                        - {type: deny, product: %s, principals: [user:%s]}
                    """.formatted(name, product, GovernanceFixture.USER);
            long start = System.nanoTime();
            PolicyApplyResult applied = admin.applyPolicy(name, policy, Optional.of("*"), false);
            while (tablesListed(runner, session, product)) {
                Thread.sleep(5);
            }
            deny.add(System.nanoTime() - start);
            start = System.nanoTime();
            admin.removePolicy(name, "\"%s\"".formatted(applied.policy().revision()));
            while (!tablesListed(runner, session, product)) {
                Thread.sleep(5);
            }
            removal.add(System.nanoTime() - start);
        }
        report.add(deny.summary());
        report.add(removal.summary());
        report.add("  (%s rounds each; every change recompiles the whole governance snapshot in the access control)".formatted(PROPAGATION_ROUNDS));
        // The benchmark is a single run; its numbers are also printed for the console.
        report.forEach(System.out::println);
    }

    private static boolean tablesListed(DistributedQueryRunner runner, Session session, String product)
    {
        return runner.execute(session, "SELECT count(*) FROM mesh.information_schema.tables WHERE table_schema = '%s'".formatted(product)).getOnlyValue().equals(10L);
    }

    private static long time(DistributedQueryRunner runner, Session session, String sql)
    {
        long start = System.nanoTime();
        runner.execute(session, sql);
        return System.nanoTime() - start;
    }
}
