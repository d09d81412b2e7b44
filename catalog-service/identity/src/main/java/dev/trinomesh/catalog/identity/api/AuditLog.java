package dev.trinomesh.catalog.identity.api;

import org.jdbi.v3.core.Handle;

import java.util.Map;

/**
 * The record of privileged actions: tokens made and revoked, policies and user attributes changed, and the like.
 * Areas record what they did once it is done; governance admins read it ({@code /v1/audit}, {@code ./mesh audit}).
 */
public interface AuditLog
{
    void record(String actor, String action, String target, Map<String, String> details);

    /** Records within the caller's transaction, so that the action and its record are kept or lost together. */
    void record(Handle handle, String actor, String action, String target, Map<String, String> details);
}
