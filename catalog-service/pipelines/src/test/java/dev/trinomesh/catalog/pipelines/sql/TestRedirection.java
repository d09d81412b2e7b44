package dev.trinomesh.catalog.pipelines.sql;

import dev.trinomesh.api.model.QualifiedTableName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TestRedirection
{
    private static final Map<QualifiedTableName, String> STAGED = Map.of(
            new QualifiedTableName("lake", "shop", "orders"), "orders__staged_7",
            new QualifiedTableName("lake", "shop", "totals"), "totals__staged_7");

    @Test
    void writesAndReadsOfStagedTablesNameTheirStagedTablesAndNothingElseChanges()
    {
        assertThat(Redirection.apply("INSERT INTO lake.shop.orders SELECT * FROM mesh.sales.orders WHERE id > (SELECT max(id) FROM lake.shop.orders)", STAGED))
                .isEqualTo("INSERT INTO lake.shop.\"orders__staged_7\" SELECT * FROM mesh.sales.orders WHERE id > (SELECT max(id) FROM lake.shop.\"orders__staged_7\")");
        assertThat(Redirection.apply("CREATE OR REPLACE TABLE lake.shop.totals AS\nSELECT count(*) AS n\n  FROM   LAKE.Shop.\"orders\" o", STAGED))
                .isEqualTo("CREATE OR REPLACE TABLE lake.shop.\"totals__staged_7\" AS\nSELECT count(*) AS n\n  FROM   LAKE.Shop.\"orders__staged_7\" o");
        assertThat(Redirection.apply("DELETE FROM lake.shop.orders WHERE id IN (SELECT id FROM tpch.tiny.orders)", STAGED))
                .isEqualTo("DELETE FROM lake.shop.\"orders__staged_7\" WHERE id IN (SELECT id FROM tpch.tiny.orders)");
        assertThat(Redirection.apply("UPDATE lake.shop.orders SET status = 'x' WHERE id = 1", STAGED))
                .isEqualTo("UPDATE lake.shop.\"orders__staged_7\" SET status = 'x' WHERE id = 1");
    }

    @Test
    void mergeTargetsAndSourcesAndCommonTableExpressions()
    {
        assertThat(Redirection.apply("""
                MERGE INTO lake.shop.orders t USING (WITH fresh AS (SELECT * FROM lake.shop.totals) SELECT * FROM fresh) s ON t.id = s.id
                WHEN MATCHED THEN UPDATE SET n = s.n WHEN NOT MATCHED THEN INSERT (id, n) VALUES (s.id, s.n)""", STAGED))
                .isEqualTo("""
                        MERGE INTO lake.shop."orders__staged_7" t USING (WITH fresh AS (SELECT * FROM lake.shop."totals__staged_7") SELECT * FROM fresh) s ON t.id = s.id
                        WHEN MATCHED THEN UPDATE SET n = s.n WHEN NOT MATCHED THEN INSERT (id, n) VALUES (s.id, s.n)""");
        // A name in another schema or catalog, or a string that only looks like one, is left alone.
        assertThat(Redirection.apply("INSERT INTO lake.shop.orders SELECT 'lake.shop.orders', id FROM lake.other.orders", STAGED))
                .isEqualTo("INSERT INTO lake.shop.\"orders__staged_7\" SELECT 'lake.shop.orders', id FROM lake.other.orders");
    }
}
