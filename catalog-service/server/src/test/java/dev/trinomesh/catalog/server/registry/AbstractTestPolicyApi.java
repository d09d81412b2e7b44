package dev.trinomesh.catalog.server.registry;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.client.CatalogServiceException;
import dev.trinomesh.api.model.ApplyResult.Outcome;
import dev.trinomesh.api.model.GovernanceSnapshot;
import dev.trinomesh.api.model.PolicyApplyResult;
import dev.trinomesh.api.model.PolicyRecord;
import dev.trinomesh.api.model.Violation;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Policies and user attributes over real HTTP against a real database (H2 or PostgreSQL per subclass). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractTestPolicyApi
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
                governance:gina
                """);
        Map<String, String> properties = new HashMap<>(databaseProperties());
        properties.put("governance.admins", "user:admin,group:governance");
        properties.put("governance.group-file", groupFile.toString());
        service = new TestingCatalogService(properties);
        httpClient = new JettyHttpClient(new HttpClientConfig());
        as("sam").applyProduct("orders_p", product("orders_p", "sales", "group:sales-team"), Optional.empty(), false);
        as("carla").applyProduct("customers_p", product("customers_p", "crm", "group:crm-team"), Optional.empty(), false);
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

    private static String product(String name, String domain, String owner)
    {
        return """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: %s, domain: %s, owner: %s, version: 1.0.0}
                spec:
                  datasets:
                    - name: rows
                      source: {table: tpch.tiny.orders}
                      columns:
                        - {name: id, type: bigint}
                        - {name: region, type: varchar}
                        - {name: email, type: varchar, classification: pii}
                """.formatted(name, domain, owner);
    }

    private static String policy(String name, String scopeLines, String rules)
    {
        return """
                apiVersion: mesh/v1
                kind: Policy
                metadata:
                  name: %s
                %s
                spec:
                  rules:
                %s
                """.formatted(name, scopeLines.indent(2).stripTrailing(), rules.indent(4).stripTrailing());
    }

    private static final String GLOBAL = "scope: global";

    @Test
    void globalPoliciesAreWrittenOnlyByGovernanceAdmins()
    {
        String text = policy("pii_hashed", GLOBAL, """
                - {type: columnMask, classification: pii, mask: hash, except: [group:pii-readers]}
                """);
        assertThatThrownBy(() -> as("sam").applyPolicy("pii_hashed", text, Optional.empty(), false))
                .isInstanceOfSatisfying(CatalogServiceException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e).hasMessageContaining("only governance admins may write global policy 'pii_hashed'; sam is not one");
                });
        PolicyApplyResult created = as("gina").applyPolicy("pii_hashed", text, Optional.empty(), false);
        assertThat(created.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(created.policy().revision()).isEqualTo(1);
        assertThat(created.policy().updatedBy()).isEqualTo("gina");
        assertThat(as("admin").getPolicy("pii_hashed")).map(PolicyRecord::revision).contains(1);
        // It reaches every product, some of which sam may not see: it is not his to read.
        assertThat(as("sam").getPolicy("pii_hashed")).isEmpty();
        assertThat(as("sam").listPolicies()).extracting(PolicyRecord::name).doesNotContain("pii_hashed");
    }

    @Test
    void domainPoliciesAreWrittenByTheDomainsOwnersForTheirOwnProductsOnly()
    {
        String scope = "scope: domain\ndomain: sales";
        String text = policy("sales_regions", scope, """
                - {type: rowFilter, product: orders_p, expression: "region = ${user.region}"}
                """);
        assertThatThrownBy(() -> as("carla").applyPolicy("sales_regions", text, Optional.empty(), false))
                .isInstanceOfSatisfying(CatalogServiceException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e).hasMessageContaining("only the owners of domain 'sales'");
                });
        assertThat(as("sue").applyPolicy("sales_regions", text, Optional.empty(), false).outcome()).isEqualTo(Outcome.CREATED);

        String reachingOut = policy("sales_reach", scope, """
                - {type: deny, product: customers_p, principals: [group:interns]}
                """);
        assertThat(violations(() -> as("gina").applyPolicy("sales_reach", reachingOut, Optional.empty(), false)))
                .anySatisfy(violation -> {
                    assertThat(violation.path()).isEqualTo("spec.rules[0].product");
                    assertThat(violation.rule()).contains("belongs to domain 'crm'; a policy of domain 'sales' can only govern that domain's products");
                });
        // To sam, who may not see customers_p, it is a product that does not exist.
        assertThat(violations(() -> as("sam").applyPolicy("sales_reach", reachingOut, Optional.empty(), false)))
                .anySatisfy(violation -> {
                    assertThat(violation.path()).isEqualTo("spec.rules[0].product");
                    assertThat(violation.rule()).startsWith("no such product").doesNotContain("crm");
                });
        // The domain's policies are its owners' to read; carla sees neither the policy nor the product it names.
        assertThat(as("sam").getPolicy("sales_regions")).isPresent();
        assertThat(as("carla").getPolicy("sales_regions")).isEmpty();
    }

    @Test
    void policiesAreValidatedAgainstTrinoSqlAndTheTargetColumns()
    {
        String text = policy("broken", GLOBAL, """
                - {type: rowFilter, product: orders_p, expression: "region = = 'x'"}
                - {type: rowFilter, product: orders_p, expression: "country = ${user.country}"}
                - {type: rowFilter, product: orders_p, expression: "id IN (SELECT id FROM other)"}
                - {type: rowFilter, product: orders_p, expression: "region = ${user.Region}"}
                - {type: columnMask, product: orders_p, columns: [email], classification: pii, mask: hash}
                - {type: columnMask, product: orders_p, columns: [phone], mask: scramble}
                - {type: columnMask, classification: pii, expression: "concat(region, '*')"}
                - {type: permit, product: orders_p}
                - {type: access, product: orders_p, datasets: [nope]}
                - {type: rowFilter, product: missing_p, expression: "true"}
                """);
        List<Violation> violations = violations(() -> as("admin").applyPolicy("broken", text, Optional.empty(), false));
        assertThat(violations).extracting(violation -> violation.path() + ": " + violation.rule())
                .anyMatch(line -> line.startsWith("spec.rules[0].expression: is not a valid Trino SQL expression"))
                .anyMatch(line -> line.startsWith("spec.rules[1].expression: reads column 'country', which dataset 'rows' does not have; its columns: id, region, email"))
                .anyMatch(line -> line.startsWith("spec.rules[2].expression: must not contain a subquery"))
                .anyMatch(line -> line.startsWith("spec.rules[3].expression: unknown placeholder '${user.Region}'"))
                .anyMatch(line -> line.startsWith("spec.rules[4]: a column mask names either 'columns'"))
                .anyMatch(line -> line.startsWith("spec.rules[5].columns: no targeted dataset has a column 'phone'"))
                .anyMatch(line -> line.startsWith("spec.rules[5].mask: must be one of hash, redact, null"))
                .anyMatch(line -> line.startsWith("spec.rules[6].expression: reads column 'region', but a mask by classification applies to columns of many datasets"))
                .anyMatch(line -> line.startsWith("spec.rules[7].type: must be one of access, deny, rowFilter, columnMask"))
                .anyMatch(line -> line.startsWith("spec.rules[8].principals: an access rule must name the principals"))
                .anyMatch(line -> line.startsWith("spec.rules[8].datasets: product 'orders_p' has no dataset 'nope'"))
                .anyMatch(line -> line.startsWith("spec.rules[9].product: no such product"));
        assertThat(as("admin").getPolicy("broken")).isEmpty();
    }

    @Test
    void policiesAreVersionedWithOptimisticConcurrencyAndRemovalKeepsHistory()
    {
        String first = policy("interns_out", GLOBAL, "- {type: deny, product: orders_p, principals: [group:interns]}\n");
        String second = policy("interns_out", GLOBAL, "- {type: deny, product: orders_p, principals: [group:interns, group:contractors]}\n");
        as("admin").applyPolicy("interns_out", first, Optional.empty(), false);
        assertThat(status(() -> as("admin").applyPolicy("interns_out", second, Optional.empty(), false))).isEqualTo(428);
        assertThat(status(() -> as("admin").applyPolicy("interns_out", second, Optional.of("\"7\""), false))).isEqualTo(412);
        PolicyApplyResult dryRun = as("admin").applyPolicy("interns_out", second, Optional.of("\"1\""), true);
        assertThat(dryRun.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(dryRun.changes()).isNotEmpty();
        assertThat(as("admin").getPolicy("interns_out")).map(PolicyRecord::revision).contains(1);
        assertThat(as("admin").applyPolicy("interns_out", second, Optional.of("\"1\""), false).policy().revision()).isEqualTo(2);
        assertThat(as("admin").applyPolicy("interns_out", second, Optional.of("\"2\""), false).outcome()).isEqualTo(Outcome.UNCHANGED);

        assertThat(status(() -> as("sam").removePolicy("interns_out", "\"2\""))).isEqualTo(403);
        PolicyRecord removed = as("admin").removePolicy("interns_out", "\"2\"");
        assertThat(removed.active()).isFalse();
        assertThat(as("admin").listPolicies()).extracting(PolicyRecord::name).doesNotContain("interns_out");
        assertThat(as("admin").governanceSnapshotIfChanged(Optional.empty(), new Duration(0, SECONDS)).orElseThrow().policies())
                .extracting(policy -> policy.name()).doesNotContain("interns_out");
        // Applying it again brings it back as a new revision, without If-Match (there is nothing to overwrite).
        assertThat(as("admin").applyPolicy("interns_out", first, Optional.empty(), false).policy().revision()).isEqualTo(4);
    }

    @Test
    void userAttributesAreSetByAdminsAndServedInTheSnapshot()
    {
        assertThat(status(() -> as("sam").setUserAttributes("sam", Map.of("region", "EUROPE")))).isEqualTo(403);
        assertThat(violations(() -> as("admin").setUserAttributes("sam", Map.of("Region", "EUROPE"))))
                .anySatisfy(violation -> assertThat(violation.path()).isEqualTo("Region"));
        as("admin").setUserAttributes("sam", Map.of("region", "EUROPE' OR 1=1 --"));
        assertThat(as("sam").userAttributes("sam")).containsEntry("region", "EUROPE' OR 1=1 --");
        assertThat(status(() -> as("sue").userAttributes("sam"))).isEqualTo(403);
        GovernanceSnapshot snapshot = as("admin").governanceSnapshotIfChanged(Optional.empty(), new Duration(0, SECONDS)).orElseThrow();
        assertThat(snapshot.userAttributes()).containsEntry("sam", Map.of("region", "EUROPE' OR 1=1 --"));
        assertThat(snapshot.products()).extracting(product -> product.name()).contains("orders_p", "customers_p");
        // Everyone's attributes are in it: the access controls (governance.snapshot-readers) and admins read it, nobody else.
        assertThat(status(() -> as("sam").governanceSnapshotIfChanged(Optional.empty(), new Duration(0, SECONDS)))).isEqualTo(403);
        assertThat(as("trino").governanceSnapshotIfChanged(Optional.empty(), new Duration(0, SECONDS))).isPresent();
    }

    @Test
    void aSnapshotPollIsHeldUntilSomethingChanges()
            throws Exception
    {
        long revision = as("admin").governanceSnapshotIfChanged(Optional.empty(), new Duration(0, SECONDS)).orElseThrow().revision();
        long start = System.nanoTime();
        assertThat(as("admin").governanceSnapshotIfChanged(Optional.of(revision), new Duration(300, MILLISECONDS))).isEmpty();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(300);

        CompletableFuture<Optional<GovernanceSnapshot>> poll = CompletableFuture.supplyAsync(
                () -> as("admin").governanceSnapshotIfChanged(Optional.of(revision), new Duration(8, SECONDS)));
        MILLISECONDS.sleep(300);
        long changedAt = System.nanoTime();
        as("admin").setUserAttributes("poller", Map.of("team", "x"));
        Optional<GovernanceSnapshot> changed = poll.get(10, SECONDS);
        long latencyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changedAt);
        assertThat(changed).isPresent();
        assertThat(changed.orElseThrow().revision()).isGreaterThan(revision);
        assertThat(latencyMillis).isLessThan(2_000);
    }

    private static int status(Runnable call)
    {
        try {
            call.run();
        }
        catch (CatalogServiceException e) {
            return e.status();
        }
        throw new AssertionError("the call succeeded");
    }

    private static List<Violation> violations(Runnable call)
    {
        try {
            call.run();
        }
        catch (CatalogServiceException e) {
            assertThat(e.status()).isEqualTo(400);
            return e.error().orElseThrow().violations();
        }
        throw new AssertionError("the call succeeded");
    }
}
