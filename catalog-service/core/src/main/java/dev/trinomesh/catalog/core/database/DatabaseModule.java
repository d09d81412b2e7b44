package dev.trinomesh.catalog.core.database;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import org.jdbi.v3.core.Jdbi;

import javax.sql.DataSource;

import static com.google.inject.multibindings.Multibinder.newSetBinder;
import static io.airlift.configuration.ConfigBinder.configBinder;

/** The service database; each area adds its tables with {@link SchemaMigrations#bindMigrations}. */
public class DatabaseModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(DatabaseConfig.class);
        newSetBinder(binder, SchemaMigrations.class);
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
