package dev.trinomesh.catalog.database;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import org.jdbi.v3.core.Jdbi;

import javax.sql.DataSource;

import static io.airlift.configuration.ConfigBinder.configBinder;

public class DatabaseModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(DatabaseConfig.class);
        binder.bind(Database.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    public static DataSource createDataSource(Database database)
    {
        return database.dataSource();
    }

    @Provides
    @Singleton
    public static Jdbi createJdbi(Database database)
    {
        return Jdbi.create(database.dataSource());
    }
}
