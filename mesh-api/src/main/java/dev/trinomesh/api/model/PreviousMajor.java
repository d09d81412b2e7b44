package dev.trinomesh.api.model;

import java.time.LocalDate;

import static java.util.Objects.requireNonNull;

/**
 * {@code spec.previousMajor}: keep serving the datasets of the previous major version beside the new
 * ones, each as {@code <dataset>_v<major>}, until (and including) {@code until}; consumers reading them
 * get a deprecation warning, and after that day they are gone.
 */
public record PreviousMajor(LocalDate until)
{
    public PreviousMajor
    {
        requireNonNull(until, "until is null");
    }

    /** The table that serves {@code dataset} of major version {@code major}: {@code orders_v1}. */
    public static String tableName(String dataset, int major)
    {
        return dataset + "_v" + major;
    }
}
