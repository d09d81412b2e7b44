package dev.trinomesh.api.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.model.CatalogSnapshot;
import dev.trinomesh.api.model.GovernanceSnapshot;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static dev.trinomesh.api.governance.GovernanceFixtures.ORDERS;
import static dev.trinomesh.api.governance.GovernanceFixtures.snapshot;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A snapshot of a newer service (a field or value this plugin does not know) is refused, saying what and why. */
class TestSnapshotReader
{
    private static final ObjectMapper JSON = DescriptorDocuments.jsonMapper();
    private static final URI SERVICE = URI.create("http://catalog:8181");

    @Test
    void readsWhatThisReleaseWrites()
            throws Exception
    {
        GovernanceSnapshot snapshot = snapshot(List.of(ORDERS), List.of(), Map.of("alice", Map.of("region", "EU")));
        assertThat(SnapshotReader.read(JSON.writeValueAsBytes(snapshot), GovernanceSnapshot.class, SERVICE)).isEqualTo(snapshot);
        CatalogSnapshot catalog = new CatalogSnapshot(3, List.of(), List.of(), List.of());
        assertThat(SnapshotReader.read(JSON.writeValueAsBytes(catalog), CatalogSnapshot.class, SERVICE)).isEqualTo(catalog);
    }

    @Test
    void refusesAFieldItDoesNotKnow()
    {
        ObjectNode tree = JSON.valueToTree(snapshot(List.of(ORDERS), List.of(), Map.of()));
        ((ObjectNode) tree.withArray("products").get(0)).put("denyEveryoneBut", "group:auditors");
        assertThatThrownBy(() -> SnapshotReader.read(JSON.writeValueAsBytes(tree), GovernanceSnapshot.class, SERVICE))
                .isInstanceOf(CatalogServiceException.class)
                .hasMessageStartingWith("the catalog service at http://catalog:8181 sent a governance snapshot with the field \"denyEveryoneBut\" at $.products[0].denyEveryoneBut, which this plugin does not know")
                .hasMessageContaining("upgrade the plugins before the service")
                .hasMessageContaining("keeps the last snapshot it understood");
    }

    @Test
    void refusesAValueItDoesNotKnow()
    {
        ObjectNode tree = JSON.valueToTree(snapshot(List.of(ORDERS), List.of(), Map.of()));
        ((ObjectNode) tree.withArray("products").get(0).get("metadata")).put("status", "embargoed");
        assertThatThrownBy(() -> SnapshotReader.read(JSON.writeValueAsBytes(tree), GovernanceSnapshot.class, SERVICE))
                .isInstanceOf(CatalogServiceException.class)
                .hasMessageContaining("sent a governance snapshot with the value at $.products[0].metadata.status (unknown status 'embargoed'; expected one of draft, published, deprecated, retired), which this plugin does not know");
    }

    @Test
    void otherwiseSaysWhatWasWrong()
    {
        assertThatThrownBy(() -> SnapshotReader.read("{\"revision\": \"seven\"}".getBytes(UTF_8), CatalogSnapshot.class, SERVICE))
                .isInstanceOf(CatalogServiceException.class)
                .hasMessageStartingWith("unexpected catalog snapshot from the catalog service at http://catalog:8181: ");
    }
}
