package dev.trinomesh.catalog.registry;

import dev.trinomesh.catalog.core.ServiceException;

import java.util.Base64;
import java.util.Optional;

import static java.nio.charset.StandardCharsets.UTF_8;

/** Opaque paging tokens: the last product name of a page, so pages stay stable under inserts. */
public final class PageToken
{
    private PageToken() {}

    public static String after(String name)
    {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(UTF_8));
    }

    public static Optional<String> decode(String token)
    {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Base64.getUrlDecoder().decode(token), UTF_8));
        }
        catch (IllegalArgumentException e) {
            throw ServiceException.badRequest("pageToken '%s' is not a token this service issued; pass nextPageToken from the previous page".formatted(token));
        }
    }
}
