package dev.trinomesh.catalog.identity.authentication;

import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.identity.ApiAuthenticationConfig;
import jakarta.inject.Inject;

import java.nio.file.Path;
import java.util.Optional;

/** People's passwords, when the service shares Trino's password file ({@code identity.password-file}). */
public class Passwords
{
    private final Optional<PasswordFile> file;

    @Inject
    public Passwords(ApiAuthenticationConfig config)
    {
        this.file = config.getPasswordFile().map(Path::of).map(PasswordFile::new);
    }

    public boolean verify(String user, String password)
    {
        return file.orElseThrow(() -> ServiceException.unavailable(
                        "password login is not set up on this catalog service (identity.password-file); use a token an admin made for you, or a JWT of the service's issuer"))
                .verify(user, password);
    }
}
