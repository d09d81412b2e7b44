package dev.trinomesh.access;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import java.lang.management.ManagementFactory;
import java.util.Optional;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/** The snapshot poller's counters, as Trino's jmx catalog reads them: MBean attributes on the platform MBean server. */
class TestGovernanceSnapshotsMBean
{
    @Test
    void thePollersCountersAreReadThroughThePlatformMBeanServer()
            throws Exception
    {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(GovernanceSnapshots.OBJECT_NAME);
        try (TestingCatalogService service = new TestingCatalogService();
                JettyHttpClient httpClient = new JettyHttpClient(new HttpClientConfig())) {
            GovernanceSnapshots snapshots = new GovernanceSnapshots(
                    new CatalogServiceClient(httpClient, service.baseUri(), Optional.of(service.tokenFor("trino"))),
                    new MeshAccessControlConfig().setPollWait(new Duration(1, SECONDS)));
            snapshots.start();
            try {
                assertThat(server.getAttribute(name, "SnapshotsLoaded")).isEqualTo(1L);
                assertThat((Long) server.getAttribute(name, "Polls")).isGreaterThanOrEqualTo(1L);
                assertThat(server.getAttribute(name, "PollFailures")).isEqualTo(0L);
                assertThat((Long) server.getAttribute(name, "Revision")).isGreaterThanOrEqualTo(0L);
                assertThat(server.getAttribute(name, "FailingClosed")).isEqualTo(false);
                assertThat((Double) server.getAttribute(name, "SecondsSinceConfirmed")).isLessThan(60.0);
            }
            finally {
                snapshots.stop();
            }
            assertThat(server.isRegistered(name)).as("unexported when stopped").isFalse();
        }
    }
}
