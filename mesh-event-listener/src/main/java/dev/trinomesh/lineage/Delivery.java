package dev.trinomesh.lineage;

import java.util.ArrayList;
import java.util.List;

/**
 * How sending a list of events went. The first {@code handled} events are done with: delivered, or refused
 * ({@code rejections}, which are among them). When {@code failure} is present, the events after them were not
 * delivered and must be sent again later.
 */
record Delivery(int handled, int duplicates, List<Rejection> rejections, String failure)
{
    Delivery
    {
        rejections = List.copyOf(rejections);
    }

    static Delivery delivered(int count, int duplicates)
    {
        return new Delivery(count, duplicates, List.of(), null);
    }

    static Delivery rejected(Rejection rejection)
    {
        return new Delivery(1, 0, List.of(rejection), null);
    }

    static Delivery failed(String failure)
    {
        return new Delivery(0, 0, List.of(), failure);
    }

    boolean complete()
    {
        return failure == null;
    }

    int delivered()
    {
        return handled - rejections.size();
    }

    /** This delivery followed by {@code next}, which covers the events after this one's. Only valid when this one is complete. */
    Delivery then(Delivery next)
    {
        List<Rejection> all = new ArrayList<>(rejections);
        all.addAll(next.rejections);
        return new Delivery(handled + next.handled, duplicates + next.duplicates, all, next.failure);
    }
}
