package dev.trinomesh.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** Wall-clock samples of one measured thing, summarised by median (the machines are noisy). */
final class Timings
{
    private final String name;
    private final List<Double> millis = new ArrayList<>();

    Timings(String name)
    {
        this.name = name;
    }

    void add(long nanos)
    {
        millis.add(nanos / 1_000_000.0);
    }

    double median()
    {
        List<Double> sorted = millis.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    double min()
    {
        return millis.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    double max()
    {
        return millis.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    String summary()
    {
        return "%-44s n=%-3d median %9.1f ms   min %9.1f   max %9.1f".formatted(name, millis.size(), median(), min(), max());
    }
}
