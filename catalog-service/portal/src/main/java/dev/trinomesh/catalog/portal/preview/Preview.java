package dev.trinomesh.catalog.portal.preview;

import java.util.List;
import java.util.Optional;

/**
 * The first rows of a dataset as Trino returned them to the person, or why there are none. {@code cut} says the
 * preview stopped at its row or size bound; {@code cutCells} counts values shortened for display.
 */
public record Preview(List<String> columns, List<List<String>> rows, boolean cut, int cutCells, long millis, Optional<String> refusal)
{
    public Preview
    {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    public static Preview refused(String reason)
    {
        return new Preview(List.of(), List.of(), false, 0, 0, Optional.of(reason));
    }
}
