package dev.trinomesh.catalog.search;

/**
 * The text fields of a product's document, with how much a match in each counts. Each is indexed twice: stemmed
 * under {@link #field()} for exact matches, and unstemmed under {@link #rawField()} for prefixes and typos ("revnue" is
 * one edit from "revenue", two from its stem "revenu").
 */
enum SearchField
{
    NAME("name", 5),
    TAG("tag", 3),
    DATASET("dataset", 3),
    METRIC("metric", 3),
    COLUMN("column", 2),
    CLASSIFICATION("classification", 2),
    DOMAIN("domain", 2),
    OWNER("owner", 2),
    DESCRIPTION("description", 1);

    private final String field;
    private final float boost;

    SearchField(String field, float boost)
    {
        this.field = field;
        this.boost = boost;
    }

    String field()
    {
        return field;
    }

    String rawField()
    {
        return field + "_raw";
    }

    float boost()
    {
        return boost;
    }
}
