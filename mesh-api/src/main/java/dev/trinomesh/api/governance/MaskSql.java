package dev.trinomesh.api.governance;

import dev.trinomesh.api.model.PolicyRule.Mask;

import java.util.Locale;

/**
 * The SQL of a column mask. Trino requires a mask of the column's own type, so every mask is cast to
 * it; the presets pick a value that is valid for any type (text for character columns, NULL otherwise).
 */
final class MaskSql
{
    private MaskSql() {}

    static String preset(Mask mask, String column, String type)
    {
        boolean text = isText(type);
        return switch (mask) {
            case HASH -> text ? "CAST(to_hex(sha256(to_utf8(%s))) AS %s)".formatted(column, type) : nullOf(type);
            case REDACT -> text ? "CAST(CASE WHEN %s IS NULL THEN NULL ELSE '****' END AS %s)".formatted(column, type) : nullOf(type);
            case NULL -> nullOf(type);
        };
    }

    static String expression(String boundExpression, String type)
    {
        return "CAST((%s) AS %s)".formatted(boundExpression, type);
    }

    private static String nullOf(String type)
    {
        return "CAST(NULL AS %s)".formatted(type);
    }

    private static boolean isText(String type)
    {
        String lower = type.toLowerCase(Locale.ROOT);
        return lower.startsWith("varchar") || lower.startsWith("char");
    }
}
