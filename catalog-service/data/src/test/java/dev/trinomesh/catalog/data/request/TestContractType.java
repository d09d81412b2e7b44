package dev.trinomesh.catalog.data.request;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestContractType
{
    @Test
    void valuesBecomeTypedLiterals()
    {
        assertThat(ContractType.of("bigint").literal(" 42 ")).isEqualTo("CAST(42 AS bigint)");
        assertThat(ContractType.of("integer").literal("-2147483648")).isEqualTo("CAST(-2147483648 AS integer)");
        assertThat(ContractType.of("decimal(10,2)").literal("12.5")).isEqualTo("DECIMAL '12.5'");
        assertThat(ContractType.of("DECIMAL(18, 2)").literal("-0.01")).isEqualTo("DECIMAL '-0.01'");
        assertThat(ContractType.of("double").literal("1e-3")).isEqualTo("CAST(0.001 AS double)");
        assertThat(ContractType.of("boolean").literal("TRUE")).isEqualTo("true");
        assertThat(ContractType.of("varchar").literal("O'Brien")).isEqualTo("'O''Brien'");
        assertThat(ContractType.of("varchar(3)").literal("abc")).isEqualTo("'abc'");
        assertThat(ContractType.of("date").literal("2024-02-29")).isEqualTo("DATE '2024-02-29'");
        assertThat(ContractType.of("timestamp(6)").literal("2024-01-31T13:45:00.000001")).isEqualTo("TIMESTAMP '2024-01-31 13:45:00.000001'");
        assertThat(ContractType.of("timestamp(3)").literal("2024-01-31 13:45")).isEqualTo("TIMESTAMP '2024-01-31 13:45'");
        assertThat(ContractType.of("timestamp(3) with time zone").literal("2024-01-31T13:45:00+02:00")).isEqualTo("TIMESTAMP '2024-01-31 13:45 +02:00'");
        assertThat(ContractType.of("timestamp(3) with time zone").literal("2024-01-31T13:45:00Z")).isEqualTo("TIMESTAMP '2024-01-31 13:45 UTC'");
        assertThat(ContractType.of("time").literal("13:45:01")).isEqualTo("TIME '13:45:01'");
    }

    @Test
    void whatIsNotAValueOfTheTypeIsRefusedSayingWhatIs()
    {
        assertThatThrownBy(() -> ContractType.of("integer").literal("2147483648")).hasMessageContaining("fits a integer");
        assertThatThrownBy(() -> ContractType.of("smallint").literal("40000")).hasMessageContaining("smallint");
        assertThatThrownBy(() -> ContractType.of("bigint").literal("1.5")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> ContractType.of("bigint").literal("1; DROP TABLE x")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> ContractType.of("decimal(10,2)").literal("1.234")).hasMessageContaining("2 of them after the point");
        assertThatThrownBy(() -> ContractType.of("decimal(4,2)").literal("123")).hasMessageContaining("at most 4 digits");
        assertThatThrownBy(() -> ContractType.of("double").literal("NaN")).hasMessageContaining("a number");
        assertThatThrownBy(() -> ContractType.of("double").literal("1e999")).hasMessageContaining("a number");
        assertThatThrownBy(() -> ContractType.of("boolean").literal("yes")).hasMessageContaining("true or false");
        assertThatThrownBy(() -> ContractType.of("varchar(3)").literal("abcd")).hasMessageContaining("at most 3 characters");
        assertThatThrownBy(() -> ContractType.of("date").literal("2024-02-30")).hasMessageContaining("a date");
        assertThatThrownBy(() -> ContractType.of("timestamp(6)").literal("2024-01-31T25:00")).hasMessageContaining("a timestamp");
        assertThatThrownBy(() -> ContractType.of("array(varchar)").literal("a")).hasMessageContaining("cannot be filtered");
        assertThat(ContractType.of("array(varchar)").comparable()).isFalse();
        assertThat(ContractType.of("map(varchar, bigint)").kind()).isEqualTo(ContractType.Kind.OTHER);
        assertThat(ContractType.of("row(a bigint)").kind()).isEqualTo(ContractType.Kind.OTHER);
    }
}
