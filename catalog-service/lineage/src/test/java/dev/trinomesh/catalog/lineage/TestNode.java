package dev.trinomesh.catalog.lineage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestNode
{
    @Test
    void idsAreStable()
    {
        // Ids are stored: a change of the hash would orphan every stored node and edge.
        assertThat(Node.dataset("trino", "lake.sales.orders").id()).isEqualTo(6064581678398137737L);
        assertThat(Node.column("trino", "lake.sales.orders", "amount").id()).isEqualTo(383223264081079059L);
        assertThat(Node.column("trino", "lake.sales.orders", "amount").datasetId()).isEqualTo(6064581678398137737L);
    }

    @Test
    void namesThatConcatenateAlikeAreDifferentNodes()
    {
        assertThat(Node.column("trino", "a.b", "c").id()).isNotEqualTo(Node.column("trino", "a", "b.c").id());
        assertThat(Node.dataset("trino", "a.b.c").id()).isNotEqualTo(Node.dataset("trino.a", "b.c").id());
    }

    @Test
    void aColumnKnowsItsDataset()
    {
        Node column = Node.dataset("trino", "lake.sales.orders").column("amount");
        assertThat(column).isEqualTo(Node.column("trino", "lake.sales.orders", "amount"));
        assertThat(column.datasetNode()).isEqualTo(Node.dataset("trino", "lake.sales.orders"));
        assertThat(column.isColumn()).isTrue();
        assertThat(column.datasetNode().isColumn()).isFalse();
    }
}
