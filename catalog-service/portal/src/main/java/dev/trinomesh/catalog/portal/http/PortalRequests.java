package dev.trinomesh.catalog.portal.http;

import dev.trinomesh.catalog.portal.session.PortalUser;
import jakarta.ws.rs.container.ContainerRequestContext;

/** The signed-in person of a portal request, as the session filter found them. */
final class PortalRequests
{
    private PortalRequests() {}

    static PortalUser user(ContainerRequestContext request)
    {
        Object user = request.getProperty(PortalUser.PROPERTY);
        if (!(user instanceof PortalUser portalUser)) {
            // The session filter signs in every /portal request but the sign-in page: reaching here without is a wiring bug.
            throw new IllegalStateException("portal request without a signed-in person");
        }
        return portalUser;
    }
}
