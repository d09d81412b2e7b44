package dev.trinomesh.api.lineage;

import java.util.Locale;
import java.util.Optional;

/**
 * The way in through which a query reached Trino: SQL from a person's own client, or one of the catalog service's
 * doors, where the service runs the query as the person (impersonating them) and names itself in the query's
 * source. A source alone proves nothing (any client may set it): a query is a door's only when it was also
 * impersonated, which only the service's principal may do.
 */
public enum Door
{
    SQL(null),
    PORTAL("mesh-portal"),
    API("mesh-api"),
    /** The service's MCP server: an agent's tool calls, run as the person it acts for. */
    MCP("mesh-mcp"),
    QUALITY("mesh-quality"),
    /** A pipeline's steps, run as the pipeline's principal {@code pipeline:<product>}. */
    PIPELINE("mesh-pipeline");

    private final String source;

    Door(String source)
    {
        this.source = source;
    }

    /** The query source the service sets for this door; none for {@link #SQL}. */
    public Optional<String> source()
    {
        return Optional.ofNullable(source);
    }

    /** The name the lineage store and the audit trail show: sql, portal, api, mcp, quality, pipeline. */
    public String wireName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Door of(Optional<String> source, boolean impersonated)
    {
        if (!impersonated || source.isEmpty()) {
            return SQL;
        }
        for (Door door : values()) {
            if (door.source != null && door.source.equals(source.orElseThrow())) {
                return door;
            }
        }
        return SQL;
    }
}
