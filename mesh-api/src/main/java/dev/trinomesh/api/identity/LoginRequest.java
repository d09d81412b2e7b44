package dev.trinomesh.api.identity;

/**
 * Logs in with a password, once, for a personal API token: {@code name} names the token (e.g. the machine it is for),
 * {@code expiresIn} its lifetime (a duration such as {@code 30d}).
 */
public record LoginRequest(String user, String password, String name, String expiresIn)
{
    @Override
    public String toString()
    {
        return "LoginRequest[user=%s, name=%s, expiresIn=%s]".formatted(user, name, expiresIn);
    }
}
