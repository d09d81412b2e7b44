package dev.trinomesh.catalog.registry.descriptor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TestTrinoTypes
{
    @ParameterizedTest
    @ValueSource(strings = {
            "bigint", "BIGINT", "int", "integer", "varchar", "varchar(10)", "char(3)", "decimal(12,2)", "decimal(38)", "double",
            "real", "boolean", "date", "timestamp", "timestamp(3)", "timestamp(6) with time zone", "time(3)", "varbinary",
            "json", "uuid", "ipaddress", "array(varchar)", "map(varchar, array(bigint))", "row(a bigint, b varchar(3))",
            "interval day to second", "interval year to month", "double precision"})
    void acceptsTrinoTypes(String type)
    {
        assertThat(TrinoTypes.check(type)).as(type).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "string | in Trino use varchar",
            "strnig | unknown type 'strnig'",
            "bigin | did you mean 'bigint'?",
            "decimal(0) | decimal precision must be between 1 and 38",
            "decimal(10,11) | decimal scale must be between 0 and 10",
            "varchar(0) | length of varchar must be between 1",
            "timestamp(13) | precision of timestamp must be between 0 and 12",
            "bigint(3) | type bigint takes no parameters",
            "array | type array needs an element type",
            "map(varchar) | type map needs a key and a value type",
            "array(strnig) | unknown type 'strnig'",
            "row(a strnig) | unknown type 'strnig'",
            "interval day | unsupported interval type 'interval day'; Trino has interval day to second and interval year to month",
            "interval hour to second | unsupported interval type",
            "varchar( | not a Trino type"})
    void refusesOthersWithAReason(String type, String reason)
    {
        assertThat(TrinoTypes.check(type)).as(type).hasValueSatisfying(message -> assertThat(message).contains(reason));
    }
}
