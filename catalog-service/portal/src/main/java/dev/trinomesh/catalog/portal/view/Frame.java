package dev.trinomesh.catalog.portal.view;

import dev.trinomesh.catalog.portal.session.PortalUser;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** What every page's frame shows: its title, who is signed in (none on the sign-in page) and the section it belongs to. */
public record Frame(String title, Optional<PortalUser> user, String section)
{
    public Frame
    {
        requireNonNull(title, "title is null");
        requireNonNull(user, "user is null");
        requireNonNull(section, "section is null");
    }

    public static Frame of(String title, PortalUser user, String section)
    {
        return new Frame(title, Optional.of(user), section);
    }

    public String csrf()
    {
        return user.map(PortalUser::csrfToken).orElse("");
    }

    public String userName()
    {
        return user.map(PortalUser::user).orElse("");
    }
}
