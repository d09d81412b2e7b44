package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Optional;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"lake", "datasets", "access", "checks", "previousMajor"})
public record ProductSpec(List<Dataset> datasets, Access access, Lake lake, CheckSchedule checks, PreviousMajor previousMajor)
{
    public ProductSpec
    {
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
        access = access == null ? Access.NONE : access;
    }

    public ProductSpec(List<Dataset> datasets, Access access, Lake lake, CheckSchedule checks)
    {
        this(datasets, access, lake, checks, null);
    }

    public ProductSpec(List<Dataset> datasets, Access access, Lake lake)
    {
        this(datasets, access, lake, null, null);
    }

    /** When the checks run besides on demand; the defaults when the descriptor says nothing. */
    public CheckSchedule checkSchedule()
    {
        return checks == null ? CheckSchedule.DEFAULT : checks;
    }

    public ProductSpec(List<Dataset> datasets, Access access)
    {
        this(datasets, access, null);
    }

    public Optional<Dataset> dataset(String name)
    {
        return datasets.stream().filter(dataset -> dataset.name().equals(name)).findFirst();
    }
}
