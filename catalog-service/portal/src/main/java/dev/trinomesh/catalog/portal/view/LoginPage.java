package dev.trinomesh.catalog.portal.view;

import java.util.Optional;

/** The sign-in page: the password form, and a link to the identity provider when one is set up. */
public record LoginPage(Frame frame, String next, String user, Optional<String> error, boolean oidc)
{
    public String oidcUrl()
    {
        return "/portal/login/oidc?next=" + Urls.query(next);
    }
}
