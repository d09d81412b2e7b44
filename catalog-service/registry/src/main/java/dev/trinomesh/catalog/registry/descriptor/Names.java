package dev.trinomesh.catalog.registry.descriptor;

import java.util.Set;
import java.util.regex.Pattern;

/** The naming rules of the mesh, shared by every validator so that each rule is stated once. */
public final class Names
{
    /** Product and dataset names become Trino schema and table names: lower case, unquoted identifiers. */
    public static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,127}");
    public static final String IDENTIFIER_RULE = "must be a lower-case SQL identifier: a letter, then letters, digits or '_' (at most 128)";

    public static final Pattern COLUMN = Pattern.compile("[a-z_][a-z0-9_]{0,127}");
    public static final String COLUMN_RULE = "must be a lower-case column name: a letter or '_', then letters, digits or '_' (at most 128)";

    public static final Pattern DOMAIN = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    public static final String DOMAIN_RULE = "must be lower case: a letter, then letters, digits, '_' or '-' (at most 64)";

    /** Who owns a product or domain: a person or a team. */
    public static final Pattern OWNER = Pattern.compile("(user|group):[A-Za-z0-9._@-]{1,128}");
    public static final String OWNER_RULE = "must be a principal such as 'group:sales-team' or 'user:alice'";

    /** Whom access is given or denied to: also a product, whose views then read as it. */
    public static final Pattern PRINCIPAL = Pattern.compile("(user|group):[A-Za-z0-9._@-]{1,128}|product:[a-z][a-z0-9_]{0,127}");
    public static final String PRINCIPAL_RULE = "must be a principal such as 'group:sales-team', 'user:alice' or 'product:sales_revenue' (the identity a product's views run as)";

    public static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    public static final String TAG_RULE = "must be a lower-case tag: letters, digits, '_', '-' or '.' (at most 64)";

    public static final Pattern DURATION = Pattern.compile("\\d+(\\.\\d+)?(ms|s|m|h|d)");
    public static final String DURATION_RULE = "must be a duration such as 30m, 24h or 7d";

    /** Schema names the mesh catalog keeps for itself. */
    public static final Set<String> RESERVED_SCHEMAS = Set.of("information_schema", "metadata", "system");

    private static final String PART = "(?:[a-z_][a-z0-9_]*|\"(?:[^\"]|\"\")+\")";
    public static final Pattern QUALIFIED_TABLE = Pattern.compile(PART + "\\." + PART + "\\." + PART);
    public static final String QUALIFIED_TABLE_RULE = "must be a fully qualified table 'catalog.schema.table' (quote parts with other characters in double quotes)";

    private Names() {}
}
