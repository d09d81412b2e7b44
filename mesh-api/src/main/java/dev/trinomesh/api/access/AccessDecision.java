package dev.trinomesh.api.access;

/** An owner's approval or denial of an access request, with an optional note to the requester. */
public record AccessDecision(String note) {}
