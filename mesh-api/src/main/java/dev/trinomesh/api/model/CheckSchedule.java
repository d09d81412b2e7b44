package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * When a product's quality checks run besides on demand: every {@code every} (a duration such as
 * {@code 6h}; never when absent) and after each lake commit to a table one of its datasets reads
 * ({@code afterCommit}, on unless set to false).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckSchedule(String every, Boolean afterCommit)
{
    public static final CheckSchedule DEFAULT = new CheckSchedule(null, null);

    public boolean runsAfterCommit()
    {
        return afterCommit == null || afterCommit;
    }
}
