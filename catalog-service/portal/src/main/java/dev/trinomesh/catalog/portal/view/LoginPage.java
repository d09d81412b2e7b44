package dev.trinomesh.catalog.portal.view;

import java.util.Optional;

public record LoginPage(Frame frame, String next, String user, Optional<String> error) {}
