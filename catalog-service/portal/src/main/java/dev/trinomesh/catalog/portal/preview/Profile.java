package dev.trinomesh.catalog.portal.preview;

import java.util.List;
import java.util.Optional;

/** A profile of a dataset's sample as Trino returned it to the person (masks and row filters applied), or why there is none. */
public record Profile(long sampledRows, long sampleBound, List<ColumnProfile> columns, long millis, Optional<String> refusal)
{
    public Profile
    {
        columns = List.copyOf(columns);
    }

    public static Profile refused(String reason)
    {
        return new Profile(0, 0, List.of(), 0, Optional.of(reason));
    }

    /** Absent measures are those Trino cannot take of the column's type. */
    public record ColumnProfile(String name, String type, long nulls, Optional<Long> distinct, Optional<String> min, Optional<String> max, List<String> topValues) {}
}
