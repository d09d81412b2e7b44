package dev.trinomesh.catalog.portal.view;

import dev.trinomesh.api.quality.DatasetQuality;

/** Why a dataset's circuit breaker is open, in the words every page uses. */
public final class Breakers
{
    private Breakers() {}

    public static String reason(DatasetQuality quality)
    {
        String check = "its blocking check '%s' failed".formatted(quality.blockedBy());
        return quality.blockedMessage() == null ? check : check + ": " + quality.blockedMessage();
    }
}
