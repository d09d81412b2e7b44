package dev.trinomesh.integration;

import dev.trinomesh.access.GovernanceSource;
import dev.trinomesh.access.MeshAccessControl;
import dev.trinomesh.access.MeshAccessControlConfig;
import dev.trinomesh.api.governance.CompiledGovernance;
import dev.trinomesh.api.model.GovernanceSnapshot;
import io.airlift.configuration.ConfigurationFactory;
import io.trino.plugin.base.security.FileBasedSystemAccessControl;
import io.trino.spi.QueryId;
import io.trino.spi.security.AccessDeniedException;
import io.trino.spi.security.Identity;
import io.trino.spi.security.SystemAccessControl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's two Trino access controls (etc/trino: the mesh one as mesh-access-control.properties configures it,
 * and the file-based rules.json) decide impersonation and query visibility alike: Trino runs a request only when
 * both allow it, so where they disagree the demo would behave as neither describes. On a running Trino:
 * {@link TestIdentityAtTrino}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestDemoTrinoRules
{
    private List<SystemAccessControl> controls;

    @BeforeAll
    void setUp()
            throws IOException
    {
        Path etc = Path.of(System.getProperty("mesh.etc.dir", "../etc")).resolve("trino");
        Properties demo = new Properties();
        try (InputStream in = Files.newInputStream(etc.resolve("mesh-access-control.properties"))) {
            demo.load(in);
        }
        Map<String, String> properties = new HashMap<>();
        demo.stringPropertyNames().forEach(name -> properties.put(name, demo.getProperty(name)));
        MeshAccessControlConfig config = new ConfigurationFactory(properties).build(MeshAccessControlConfig.class);
        CompiledGovernance governance = CompiledGovernance.compile(new GovernanceSnapshot(1, List.of(), List.of(), List.of(), Map.of()), config.getAdmins());
        controls = List.of(
                new MeshAccessControl(GovernanceSource.of(governance), config),
                new FileBasedSystemAccessControl.Factory().create(Map.of("security.config-file", etc.resolve("rules.json").toString()), null));
    }

    @Test
    void onlyTheServicesPrincipalActsForPeople()
    {
        for (String person : List.of("alice", "eve", "sam", "mesh-quality")) {
            assertThat(decisions(control -> control.checkCanImpersonateUser(Identity.ofUser("mesh-service"), person))).as("mesh-service for " + person).containsExactly(true, true);
        }
        assertThat(decisions(control -> control.checkCanImpersonateUser(Identity.ofUser("alice"), "bob"))).containsExactly(false, false);
        assertThat(decisions(control -> control.checkCanImpersonateUser(Identity.ofUser("admin"), "alice"))).containsExactly(false, false);
        assertThat(decisions(control -> control.checkCanImpersonateUser(Identity.ofUser("mesh-quality"), "alice"))).containsExactly(false, false);
    }

    @Test
    void noOneActsForAProductIdentityOrTheAdmin()
    {
        for (String caller : List.of("mesh-service", "admin", "sam")) {
            assertThat(decisions(control -> control.checkCanImpersonateUser(Identity.ofUser(caller), "product:sales_orders"))).as(caller).containsExactly(false, false);
        }
        assertThat(decisions(control -> control.checkCanImpersonateUser(Identity.ofUser("mesh-service"), "admin"))).containsExactly(false, false);
    }

    @Test
    void peopleSeeAndKillOnlyTheirOwnQueriesAndTheAdminAll()
    {
        Identity alice = Identity.ofUser("alice");
        Identity bob = Identity.ofUser("bob");
        for (String viewer : List.of("eve", "bob", "mesh-quality", "mesh-service")) {
            Identity identity = Identity.ofUser(viewer);
            assertThat(decisions(control -> control.checkCanViewQueryOwnedBy(identity, alice))).as(viewer + " views").containsExactly(false, false);
            assertThat(decisions(control -> control.checkCanKillQueryOwnedBy(identity, alice))).as(viewer + " kills").containsExactly(false, false);
            for (SystemAccessControl control : controls) {
                assertThat(control.filterViewQueryOwnedBy(identity, List.of(alice))).as(viewer + " lists").isEmpty();
            }
        }
        Identity admin = Identity.ofUser("admin");
        assertThat(decisions(control -> control.checkCanViewQueryOwnedBy(admin, alice))).containsExactly(true, true);
        assertThat(decisions(control -> control.checkCanKillQueryOwnedBy(admin, alice))).containsExactly(true, true);
        for (SystemAccessControl control : controls) {
            assertThat(control.filterViewQueryOwnedBy(admin, List.of(alice, bob))).containsExactlyInAnyOrder(alice, bob);
        }
        // Everyone may run queries: a queries section without an execute rule would stop them all.
        for (String user : List.of("alice", "eve", "mesh-quality", "admin")) {
            assertThat(decisions(control -> control.checkCanExecuteQuery(Identity.ofUser(user), QueryId.valueOf("q")))).as(user).containsExactly(true, true);
        }
    }

    private interface Check
    {
        void run(SystemAccessControl control);
    }

    /** Whether each access control allows the check. */
    private List<Boolean> decisions(Check check)
    {
        return controls.stream()
                .map(control -> {
                    try {
                        check.run(control);
                        return true;
                    }
                    catch (AccessDeniedException e) {
                        return false;
                    }
                })
                .toList();
    }
}
