package dev.trinomesh.catalog.identity.authentication;

import java.util.Optional;

/** One kind of bearer token: the caller it proves, or empty when the token is not one this kind accepts. */
interface BearerAuthenticator
{
    Optional<Authentication> authenticate(String token);
}
