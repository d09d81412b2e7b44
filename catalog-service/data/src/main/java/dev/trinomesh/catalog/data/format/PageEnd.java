package dev.trinomesh.catalog.data.format;

/**
 * How a response ended: how many rows it carried, whether more rows match ({@code truncated}: a limit of rows or bytes
 * was reached), the cursor of the next page when there is one, and why it was cut.
 */
public record PageEnd(long rows, boolean truncated, String next, String reason)
{
    public static PageEnd complete(long rows)
    {
        return new PageEnd(rows, false, null, null);
    }
}
