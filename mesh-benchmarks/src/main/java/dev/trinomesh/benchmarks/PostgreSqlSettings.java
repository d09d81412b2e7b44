package dev.trinomesh.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What a PostgreSQL server says of its version and durability, printed with every figure measured on it. */
final class PostgreSqlSettings
{
    private PostgreSqlSettings() {}

    static String describe(String jdbcUrl, String user)
            throws SQLException
    {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, null);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit'), " +
                        "current_setting('full_page_writes'), current_setting('wal_sync_method'), current_setting('data_directory')")) {
            rows.next();
            return "PostgreSQL %s, fsync=%s synchronous_commit=%s full_page_writes=%s wal_sync_method=%s, data in %s".formatted(
                    rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6));
        }
    }
}
