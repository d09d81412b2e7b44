package dev.trinomesh.catalog.registry.api;

import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * The first rows of a listing that a caller may see, for stores that filter by other things than visibility: the
 * listing is read in growing windows (four times larger each time, up to {@code maxRead} rows) until it holds
 * {@code limit} visible rows or has no more, so that a person's page is not emptied by the rows hidden from them.
 */
public final class VisibleRows
{
    private VisibleRows() {}

    public static <T> List<T> first(IntFunction<List<T>> read, Predicate<T> visible, int limit, int maxRead)
    {
        int window = Math.min(limit, maxRead);
        while (true) {
            List<T> rows = read.apply(window);
            List<T> shown = rows.stream().filter(visible).limit(limit).toList();
            if (shown.size() >= limit || rows.size() < window || window >= maxRead) {
                return shown;
            }
            window = (int) Math.min((long) maxRead, 4L * window);
        }
    }
}
