package dev.trinomesh.connector.catalog;

import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.function.FunctionMetadata;
import io.trino.spi.function.SchemaFunctionName;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TestDeprecationNotices
{
    @Test
    void aNoticeNamesItsTableByFunctionNameAndById()
    {
        for (String table : new String[] {"orders_v1", "orders@2026-q3", "orders@v1.2"}) {
            SchemaTableName name = new SchemaTableName("shop", table);
            assertThat(DeprecationNotices.table(DeprecationNotices.functionName(name))).contains(name);
            assertThat(DeprecationNotices.table(DeprecationNotices.functionId(name))).contains(name);
            FunctionMetadata metadata = DeprecationNotices.metadata(name, "it is old");
            assertThat(metadata.isDeprecated()).isTrue();
            assertThat(metadata.isHidden()).isTrue();
            assertThat(metadata.isDeterministic()).as("the planner folds the call away").isTrue();
            assertThat(metadata.getDescription()).isEqualTo("it is old");
        }
        assertThat(DeprecationNotices.table(new SchemaFunctionName("shop", "lower"))).isEqualTo(Optional.empty());
    }

    @Test
    void theGuardFiltersOnTheQuotedFunction()
    {
        assertThat(DeprecationNotices.guard("mesh", new SchemaTableName("shop", "orders@2026-q3"), "SELECT 1"))
                .isEqualTo("SELECT * FROM (\nSELECT 1\n) WHERE \"mesh\".\"shop\".\"deprecated_orders@2026-q3\"()");
    }
}
