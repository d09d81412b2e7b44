package dev.trinomesh.benchmarks;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** Wall-clock samples of one measured thing, summarised by median and spread (the machines are noisy). */
public final class Timings
{
    private final String name;
    private final List<Double> millis = new ArrayList<>();

    public Timings(String name)
    {
        this.name = requireNonNull(name, "name is null");
    }

    public String name()
    {
        return name;
    }

    public void add(long nanos)
    {
        millis.add(nanos / 1_000_000.0);
    }

    public int count()
    {
        return millis.size();
    }

    public double median()
    {
        List<Double> sorted = sorted();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** The nearest-rank percentile, {@code fraction} between 0 and 1. */
    public double percentile(double fraction)
    {
        List<Double> sorted = sorted();
        int rank = (int) Math.ceil(fraction * sorted.size());
        return sorted.get(Math.clamp(rank - 1, 0, sorted.size() - 1));
    }

    public double mean()
    {
        return millis.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    public double min()
    {
        return millis.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    public double max()
    {
        return millis.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    public String summary()
    {
        return "%-44s n=%-4d median %9.1f ms   p90 %9.1f   min %9.1f   max %9.1f".formatted(name, millis.size(), median(), percentile(0.9), min(), max());
    }

    private List<Double> sorted()
    {
        if (millis.isEmpty()) {
            throw new IllegalStateException("no samples of " + name);
        }
        return millis.stream().sorted().toList();
    }
}
