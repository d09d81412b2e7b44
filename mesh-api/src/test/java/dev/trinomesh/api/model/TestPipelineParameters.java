package dev.trinomesh.api.model;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestPipelineParameters
{
    @Test
    void knownParametersAndChangesOfUpstreamDatasets()
    {
        String sql = "INSERT INTO lake.s.t SELECT * FROM ${changes(sales.orders)} WHERE ts >= ${window_start} AND ts < ${window_end} AND ${bad} AND ${changes(Sales.orders)}";
        assertThat(PipelineParameters.unknown(sql)).containsExactly("bad", "changes(Sales.orders)");
        assertThat(PipelineParameters.changedDatasets(sql)).containsExactly("sales.orders");
        assertThat(PipelineParameters.substitute("SELECT * FROM ${changes(sales.orders)} WHERE run = ${run_id}", Map.of("run_id", "7"), (product, dataset) -> product + "." + dataset + "@x"))
                .isEqualTo("SELECT * FROM sales.orders@x WHERE run = 7");
        // Validation reads the whole dataset in its place.
        assertThat(PipelineParameters.substitute("SELECT * FROM ${changes(sales.orders)}", PipelineParameters.samples())).isEqualTo("SELECT * FROM mesh.sales.orders");
        assertThatThrownBy(() -> PipelineParameters.substitute("SELECT ${nope}", Map.of()))
                .hasMessageContaining("unknown parameter ${nope}")
                .hasMessageContaining("${changes(<product>.<dataset>)}");
        // A value is put in as it is, never read as a pattern.
        assertThat(PipelineParameters.substitute("${run_id}", Map.of("run_id", "$1\\\\"))).isEqualTo("$1\\\\");
    }
}
