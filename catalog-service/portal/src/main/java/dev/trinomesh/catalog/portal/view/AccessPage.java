package dev.trinomesh.catalog.portal.view;

import java.util.List;
import java.util.Optional;

/** A person's own access requests, and the requests waiting for their decision as an owner. */
public record AccessPage(Frame frame, Optional<String> notice, List<Request> mine, List<Request> inbox, List<Request> decided)
{
    public record Request(long id, String product, String productUrl, String requester, String reason, String status, String at, String decision) {}
}
