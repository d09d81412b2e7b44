package dev.trinomesh.catalog.lake;

import io.airlift.log.Logger;
import org.apache.iceberg.catalog.TableIdentifier;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Tells whoever subscribed that a commit added data to a lake table (e.g. so that the datasets reading it
 * are checked). Subscribers run on the committing thread and must only hand the work on; a failing one is
 * logged and never affects the commit.
 */
public class LakeCommits
{
    private static final Logger log = Logger.get(LakeCommits.class);

    private final List<Consumer<TableIdentifier>> subscribers = new CopyOnWriteArrayList<>();

    public void subscribe(Consumer<TableIdentifier> subscriber)
    {
        subscribers.add(subscriber);
    }

    void dataCommitted(TableIdentifier table)
    {
        for (Consumer<TableIdentifier> subscriber : subscribers) {
            try {
                subscriber.accept(table);
            }
            catch (RuntimeException e) {
                log.error(e, "a subscriber to commits of %s failed", table);
            }
        }
    }
}
