package dev.trinomesh.catalog.portal.view;

/** A page that only says something: not found, not deployed, refused. */
public record MessagePage(Frame frame, String heading, String message) {}
