package dev.trinomesh.connector;

import java.util.Set;

/**
 * Whether Trino is asking for one view in order to list it rather than to read it. Trino 476 asks a
 * connector for a single view ({@code ConnectorMetadata.getView}) when a query reads it, but also from
 * these listing paths, which treat an error as "no such relation" and show nothing:
 * <ul>
 * <li>{@code DESCRIBE}, {@code SHOW COLUMNS}, {@code information_schema.columns} and {@code system.jdbc.columns}
 * filtered to one table ({@code MetadataManager.listTableColumns});</li>
 * <li>{@code information_schema.views} filtered to one view ({@code MetadataManager.getViews});</li>
 * <li>{@code system.metadata.table_comments} filtered to one table;</li>
 * <li>{@code SHOW CREATE VIEW}.</li>
 * </ul>
 * The SPI does not say which it is, so the calling frames do. Only these callers count as listing: any
 * other (a query, or a caller a later Trino adds or renames) counts as a read, so a blocked dataset stays
 * blocked when this list is out of date; the connector tests pin these paths on a real Trino.
 * Schema-wide listings ({@code SHOW TABLES}, {@code information_schema.tables}, unfiltered
 * {@code information_schema.columns}) use {@code getViews}, {@code listTables} and {@code getRelationTypes}
 * instead, which never block.
 */
final class TrinoListing
{
    private record Caller(String className, String methodName) {}

    private static final Set<Caller> LISTING_CALLERS = Set.of(
            new Caller("io.trino.metadata.MetadataManager", "listTableColumns"),
            new Caller("io.trino.metadata.MetadataManager", "getViews"),
            new Caller("io.trino.connector.system.TableCommentSystemTable", "getRelationComment"),
            new Caller("io.trino.sql.rewrite.ShowQueriesRewrite$Visitor", "showCreateView"));

    private TrinoListing() {}

    /** Walks the calling thread's stack: call it only when the answer matters (a blocked dataset). */
    static boolean inProgress()
    {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(frame -> LISTING_CALLERS.contains(new Caller(frame.getClassName(), frame.getMethodName()))));
    }
}
