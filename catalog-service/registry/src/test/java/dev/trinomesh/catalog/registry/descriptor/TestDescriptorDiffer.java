package dev.trinomesh.catalog.registry.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.model.DescriptorChange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestDescriptorDiffer
{
    @Test
    void addressesNamedEntriesByName()
            throws Exception
    {
        JsonNode before = DescriptorDocuments.readDocument(TestDescriptorValidator.VALID);
        JsonNode after = DescriptorDocuments.readDocument(TestDescriptorValidator.VALID
                .replace("version: 1.2.0", "version: 1.3.0")
                .replace("type: \"decimal(12,2)\"", "type: \"decimal(14,2)\"")
                .replace("tags: [orders, revenue]", "tags: [orders, sales]")
                .replace("        - {name: status, type: varchar(16)}\n", "")
                .replace("group:finance]", "group:finance, group:audit]"));

        assertThat(DescriptorDiffer.diff(before, after)).extracting(DescriptorChange::describe).containsExactly(
                "~ metadata.version: \"1.2.0\" → \"1.3.0\"",
                "- metadata.tags: \"revenue\"",
                "+ metadata.tags: \"sales\"",
                "- spec.datasets[orders].columns[status]: {\"name\":\"status\",\"type\":\"varchar(16)\"}",
                "~ spec.datasets[orders].columns[amount].type: \"decimal(12,2)\" → \"decimal(14,2)\"",
                "+ spec.access.consumers: \"group:audit\"");
    }

    @Test
    void reportsReorderingOnce()
            throws Exception
    {
        JsonNode before = DescriptorDocuments.readDocument("{columns: [{name: a, type: bigint}, {name: b, type: bigint}]}");
        JsonNode after = DescriptorDocuments.readDocument("{columns: [{name: b, type: bigint}, {name: a, type: bigint}]}");
        assertThat(DescriptorDiffer.diff(before, after)).extracting(DescriptorChange::describe)
                .containsExactly("~ columns(order): \"a, b\" → \"b, a\"");
    }

    @Test
    void identicalDocumentsHaveNoChanges()
            throws Exception
    {
        JsonNode document = DescriptorDocuments.readDocument(TestDescriptorValidator.VALID);
        assertThat(DescriptorDiffer.diff(document, document.deepCopy())).isEmpty();
    }

    @Test
    void creationIsOneAddition()
            throws Exception
    {
        JsonNode document = DescriptorDocuments.readDocument(TestDescriptorValidator.VALID);
        assertThat(DescriptorDiffer.diff(null, document)).hasSize(1)
                .first().satisfies(change -> assertThat(change.kind()).isEqualTo(DescriptorChange.Kind.ADDED));
    }
}
