package dev.trinomesh.catalog.lineage;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/** Reads to add to one dataset's and user's usage. */
record UsageDelta(long datasetId, String user, long queries, Instant firstSeen, Instant lastSeen)
{
    UsageDelta
    {
        requireNonNull(user, "user is null");
        requireNonNull(firstSeen, "firstSeen is null");
        requireNonNull(lastSeen, "lastSeen is null");
    }

    Key key()
    {
        return new Key(datasetId, user);
    }

    UsageDelta plus(UsageDelta other)
    {
        return new UsageDelta(datasetId, user, queries + other.queries,
                other.firstSeen.isBefore(firstSeen) ? other.firstSeen : firstSeen,
                other.lastSeen.isAfter(lastSeen) ? other.lastSeen : lastSeen);
    }

    /** One delta per key, in key order: the order in which usage rows are locked. */
    static List<UsageDelta> sum(Iterable<UsageDelta> deltas)
    {
        TreeMap<Key, UsageDelta> sums = new TreeMap<>();
        for (UsageDelta delta : deltas) {
            sums.merge(delta.key(), delta, UsageDelta::plus);
        }
        return List.copyOf(sums.values());
    }

    record Key(long datasetId, String user)
            implements Comparable<Key>
    {
        private static final Comparator<Key> ORDER = Comparator.comparingLong(Key::datasetId).thenComparing(Key::user);

        @Override
        public int compareTo(Key other)
        {
            return ORDER.compare(this, other);
        }
    }
}
