package dev.trinomesh.catalog.portal.preview;

import dev.trinomesh.api.model.Column;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TestProfileQuery
{
    @Test
    void measuresEachColumnAsItsContractTypeAllows()
    {
        ProfileQuery query = new ProfileQuery("\"mesh\".\"p\".\"d\"", List.of(
                new Column("key", "bigint", true, true, null, List.of()),
                new Column("name", "varchar(25)", false, false, null, List.of()),
                new Column("flag", "boolean", false, false, null, List.of()),
                new Column("tags", "array(varchar)", false, false, null, List.of())), 1000);
        assertThat(query.sql()).isEqualTo("SELECT count(*), "
                + "count_if(\"key\" IS NULL), approx_distinct(\"key\"), CAST(min(\"key\") AS varchar), CAST(max(\"key\") AS varchar), approx_most_frequent(5, CAST(\"key\" AS varchar), 1000), "
                + "count_if(\"name\" IS NULL), approx_distinct(\"name\"), CAST(min(\"name\") AS varchar), CAST(max(\"name\") AS varchar), approx_most_frequent(5, CAST(\"name\" AS varchar), 1000), "
                // Booleans are counted but not ordered; arrays only have their nulls counted.
                + "count_if(\"flag\" IS NULL), approx_distinct(\"flag\"), NULL, NULL, approx_most_frequent(5, CAST(\"flag\" AS varchar), 1000), "
                + "count_if(\"tags\" IS NULL), NULL, NULL, NULL, NULL "
                + "FROM (SELECT \"key\", \"name\", \"flag\", \"tags\" FROM \"mesh\".\"p\".\"d\" LIMIT 1000)");
        assertThat(ProfileQuery.firstMeasure(0)).isEqualTo(2);
        assertThat(ProfileQuery.firstMeasure(3)).isEqualTo(17);
    }

    @Test
    void quotesNamesSoThatNoNameBreaksOutOfTheQuery()
    {
        ProfileQuery query = new ProfileQuery("\"mesh\".\"p\".\"d\"", List.of(new Column("a\" FROM x; --", "bigint", false, false, null, List.of())), 10);
        assertThat(query.sql()).contains("count_if(\"a\"\" FROM x; --\" IS NULL)");
    }
}
