package dev.trinomesh.catalog.quality;

import dev.trinomesh.api.quality.CheckOutcome;

import static java.util.Objects.requireNonNull;

/** What a check concluded from its measurements: the outcome, the value measured, what was expected, and why it failed. */
record Evaluation(CheckOutcome outcome, Double measured, String expected, String message)
{
    Evaluation
    {
        requireNonNull(outcome, "outcome is null");
    }

    static Evaluation of(boolean passed, Double measured, String expected, String failure)
    {
        return new Evaluation(passed ? CheckOutcome.PASSED : CheckOutcome.FAILED, measured, expected, passed ? null : failure);
    }

    static Evaluation error(String expected, String message)
    {
        return new Evaluation(CheckOutcome.ERROR, null, expected, message);
    }
}
