package dev.trinomesh.catalog.identity;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import dev.trinomesh.catalog.identity.api.AuditLog;
import dev.trinomesh.catalog.identity.api.Callers;
import dev.trinomesh.catalog.identity.api.WebSessions;
import dev.trinomesh.catalog.identity.audit.DatabaseAuditLog;
import dev.trinomesh.catalog.identity.authentication.ApiAuthenticationFilter;
import dev.trinomesh.catalog.identity.authentication.Authenticators;
import dev.trinomesh.catalog.identity.authentication.DatabaseFailureTally;
import dev.trinomesh.catalog.identity.authentication.FailedAttempts;
import dev.trinomesh.catalog.identity.authentication.OnBehalfOf;
import dev.trinomesh.catalog.identity.authentication.Passwords;
import dev.trinomesh.catalog.identity.authentication.PersonalTokens;
import dev.trinomesh.catalog.identity.http.AuditResource;
import dev.trinomesh.catalog.identity.http.AuthResource;
import dev.trinomesh.catalog.identity.http.TokensResource;
import dev.trinomesh.catalog.identity.sessions.TokenWebSessions;
import dev.trinomesh.catalog.identity.tokens.TokenStore;
import dev.trinomesh.catalog.identity.tokens.Tokens;

import java.time.Clock;

import static dev.trinomesh.catalog.core.database.SchemaMigrations.bindMigrations;
import static io.airlift.configuration.ConfigBinder.configBinder;
import static io.airlift.jaxrs.JaxrsBinder.jaxrsBinder;

/**
 * Identity: who calls the API (personal tokens, JWTs of the OpenID Connect issuer, service tokens, a password login
 * for a token), which principals a caller holds, and the audit of privileged actions.
 */
public class IdentityModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        // A new area: databases of the single-history layout have none of its tables.
        bindMigrations(binder, "identity", 0);
        configBinder(binder).bindConfig(IdentityConfig.class);
        configBinder(binder).bindConfig(ApiAuthenticationConfig.class);
        configBinder(binder).bindConfig(OidcConfig.class);
        configBinder(binder).bindConfig(MetricsAccessConfig.class);
        binder.bind(Callers.class).to(ConfiguredCallers.class).in(Scopes.SINGLETON);
        binder.bind(TokenStore.class).in(Scopes.SINGLETON);
        binder.bind(Tokens.class).in(Scopes.SINGLETON);
        binder.bind(PersonalTokens.class).in(Scopes.SINGLETON);
        binder.bind(Authenticators.class).in(Scopes.SINGLETON);
        binder.bind(OnBehalfOf.class).in(Scopes.SINGLETON);
        binder.bind(Passwords.class).in(Scopes.SINGLETON);
        binder.bind(DatabaseFailureTally.class).in(Scopes.SINGLETON);
        binder.bind(WebSessions.class).to(TokenWebSessions.class).in(Scopes.SINGLETON);
        binder.bind(DatabaseAuditLog.class).in(Scopes.SINGLETON);
        binder.bind(AuditLog.class).to(DatabaseAuditLog.class);
        jaxrsBinder(binder).bind(ApiAuthenticationFilter.class);
        jaxrsBinder(binder).bind(AuthResource.class);
        jaxrsBinder(binder).bind(TokensResource.class);
        jaxrsBinder(binder).bind(AuditResource.class);
    }

    @Provides
    @Singleton
    public static FailedAttempts failedAttempts(ApiAuthenticationConfig config, DatabaseFailureTally tally)
    {
        return new FailedAttempts(config.getMaxFailedAttempts(), tally, Clock.systemUTC());
    }
}
