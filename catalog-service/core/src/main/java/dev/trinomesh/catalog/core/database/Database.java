package dev.trinomesh.catalog.core.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.airlift.log.Logger;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import javax.sql.DataSource;

import java.util.List;
import java.util.Set;

/**
 * The service database: a pooled DataSource whose tables are brought to the latest version of every
 * deployed area ({@link SchemaMigrations}) before anything else uses it, so every replica and every
 * restart sees the same schema.
 */
public class Database
{
    private static final Logger log = Logger.get(Database.class);
    private final HikariDataSource dataSource;
    private final boolean h2;

    @Inject
    public Database(DatabaseConfig config, Set<SchemaMigrations> areas)
    {
        h2 = config.getUrl().startsWith("jdbc:h2:");
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("catalog-service");
        pool.setJdbcUrl(h2 ? withH2Defaults(config.getUrl()) : config.getUrl());
        config.getUser().ifPresent(pool::setUsername);
        config.getPassword().ifPresent(pool::setPassword);
        pool.setMaximumPoolSize(config.getMaxConnections());
        pool.setMinimumIdle(Math.min(2, config.getMaxConnections()));
        dataSource = new HikariDataSource(pool);
        try {
            log.info("Database %s", redact(config.getUrl()));
            Migrations.apply(dataSource, List.copyOf(areas));
        }
        catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    public DataSource dataSource()
    {
        return dataSource;
    }

    public boolean isH2()
    {
        return h2;
    }

    @PreDestroy
    public void close()
    {
        dataSource.close();
    }

    // PostgreSQL-compatible H2: lower-case identifiers, NULLs sorting as in PostgreSQL.
    private static String withH2Defaults(String url)
    {
        String upper = url.toUpperCase(java.util.Locale.ROOT);
        StringBuilder result = new StringBuilder(url);
        if (!upper.contains(";MODE=")) {
            result.append(";MODE=PostgreSQL");
        }
        if (!upper.contains(";DATABASE_TO_LOWER=")) {
            result.append(";DATABASE_TO_LOWER=TRUE");
        }
        if (!upper.contains(";DEFAULT_NULL_ORDERING=")) {
            result.append(";DEFAULT_NULL_ORDERING=HIGH");
        }
        return result.toString();
    }

    private static String redact(String url)
    {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }
}
