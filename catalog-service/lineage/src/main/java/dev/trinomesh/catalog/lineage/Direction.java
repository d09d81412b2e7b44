package dev.trinomesh.catalog.lineage;

import java.util.Locale;
import java.util.Optional;

/** Which way a walk follows edges: upstream from target to source, downstream from source to target. */
public enum Direction
{
    UPSTREAM("target_id"),
    DOWNSTREAM("source_id");

    private final String nearColumn;

    Direction(String nearColumn)
    {
        this.nearColumn = nearColumn;
    }

    /** The edge column holding the end a walk arrives from; upstream by the primary key, downstream by its index. */
    String nearColumn()
    {
        return nearColumn;
    }

    public String wireName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Direction> parse(String value)
    {
        for (Direction direction : values()) {
            if (direction.wireName().equalsIgnoreCase(value)) {
                return Optional.of(direction);
            }
        }
        return Optional.empty();
    }
}
