package dev.trinomesh.catalog.identity.authentication;

/** A credential the service recognises but does not accept (expired, revoked, badly signed): the message says why. */
public class AuthenticationFailure
        extends RuntimeException
{
    public AuthenticationFailure(String message)
    {
        super(message);
    }
}
