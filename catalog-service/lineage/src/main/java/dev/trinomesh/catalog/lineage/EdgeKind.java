package dev.trinomesh.catalog.lineage;

/** How data flows along an edge; {@code LineageEdge}'s javadoc in mesh-api defines each. */
public enum EdgeKind
{
    /** A query wrote the target from the source. */
    DIRECT,
    /** The source affects the target without being copied into it (a join key, a filter). */
    INDIRECT,
    /** A view (or SQL-defined mesh dataset) reads the source; dataset level. */
    VIEW,
    /** A mesh dataset serves its lake table's columns, as its product's descriptor says. */
    CONTRACT,
}
