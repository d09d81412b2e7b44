package dev.trinomesh.catalog.quality;

import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.quality.CheckOutcome;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TestScanQuery
{
    private static final Dataset DATASET = DescriptorDocuments.fromJson("""
            {"name": "orders", "source": {"table": "lake.shop.orders"},
             "columns": [{"name": "id", "type": "bigint"}, {"name": "status", "type": "varchar"}, {"name": "price", "type": "decimal(12,2)"},
                         {"name": "day", "type": "date"}, {"name": "updated", "type": "timestamp(6)"}],
             "freshness": {"column": "updated", "maxAge": "1h"},
             "quality": [
               {"check": "row_count", "min": 1},
               {"check": "unique", "columns": ["id", "status"]},
               {"check": "accepted_values", "column": "status", "values": ["A", "it's"]},
               {"check": "accepted_values", "name": "days", "column": "day", "values": ["2024-01-01"]},
               {"check": "range", "column": "price", "max": 10.5},
               {"check": "freshness"},
               {"check": "schema"},
               {"check": "sql", "name": "custom", "query": "SELECT 1 FROM {dataset}", "expect": 1}]}
            """, Dataset.class);

    private static List<DeclaredCheck> checks()
    {
        return DATASET.quality().stream().map(DeclaredCheck::of).toList();
    }

    @Test
    void rowChecksShareOneScanOfTheSource()
    {
        ScanQuery scan = ScanQuery.of(DATASET, checks());

        assertThat(scan.parts()).extracting(part -> part.check().name())
                .containsExactly("row_count", "unique", "accepted_values_status", "days", "range_price", "freshness");
        assertThat(scan.sql()).isEqualTo("""
                SELECT count(*),
                       count(*) - count(DISTINCT ROW("id", "status")),
                       count_if("status" IS NOT NULL AND "status" NOT IN ('A', 'it''s')),
                       count_if("day" IS NOT NULL AND "day" NOT IN (CAST('2024-01-01' AS date))),
                       count_if("price" > 10.5),
                       date_diff('millisecond', max(CAST("updated" AS timestamp(3) with time zone)), current_timestamp),
                       CAST(max(CAST("updated" AS timestamp(3) with time zone)) AS varchar)
                FROM "lake"."shop"."orders\"""");
        assertThat(scan.sql(scan.parts().get(4))).isEqualTo("""
                SELECT count_if("price" > 10.5)
                FROM "lake"."shop"."orders\"""");
    }

    @Test
    void eachPartJudgesItsOwnValues()
    {
        ScanQuery scan = ScanQuery.of(DATASET, checks());

        Evaluation range = scan.parts().get(4).judge().apply(List.of(3L));
        assertThat(range).isEqualTo(new Evaluation(CheckOutcome.FAILED, 3.0, "at most 10.5", "3 rows have a price above 10.5"));
        Evaluation rows = scan.parts().get(0).judge().apply(List.of(0L));
        assertThat(rows).isEqualTo(new Evaluation(CheckOutcome.FAILED, 0.0, "at least 1", "0 rows, expected at least 1"));
        Evaluation fresh = scan.parts().get(5).judge().apply(List.of(60_000L, "2026-01-01 00:00:00.000 UTC"));
        assertThat(fresh.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(fresh.measured()).isEqualTo(60.0);
        Evaluation empty = scan.parts().get(5).judge().apply(Arrays.asList(null, null));
        assertThat(empty).isEqualTo(new Evaluation(CheckOutcome.FAILED, null, "newest updated at most 1h old", "no row has a updated"));
    }
}
