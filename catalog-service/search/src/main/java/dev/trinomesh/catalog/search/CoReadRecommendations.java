package dev.trinomesh.catalog.search;

import com.google.common.base.Suppliers;
import dev.trinomesh.catalog.lineage.api.ProductReaders;
import dev.trinomesh.catalog.registry.api.Viewer;
import dev.trinomesh.catalog.search.api.Recommendations;
import dev.trinomesh.catalog.search.api.Recommended;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.SECONDS;
import static java.util.stream.Collectors.toUnmodifiableSet;

/**
 * Recommends Q beside P when people who read P in the last 90 days also read Q: scored by cosine similarity of
 * their readers, co-readers / sqrt(|readers of P| · |readers of Q|). Q needs at least {@value #MIN_READERS} readers
 * and {@value #MIN_READERS} co-readers, so that a recommendation never tells what one or two people read; service
 * principals are no readers. The readers are read at most every 30 seconds: a recommendation need not be fresher.
 */
public final class CoReadRecommendations
        implements Recommendations
{
    static final int MIN_READERS = 3;
    static final Duration WINDOW = Duration.ofDays(90);
    private static final long CACHE_SECONDS = 30;

    private final SearchIndex index;
    private final Supplier<Map<String, Set<String>>> readers;

    @Inject
    public CoReadRecommendations(ProductReaders productReaders, ServicePrincipals servicePrincipals, SearchIndex index)
    {
        this(productReaders, servicePrincipals, index, Clock.systemUTC());
    }

    CoReadRecommendations(ProductReaders productReaders, ServicePrincipals servicePrincipals, SearchIndex index, Clock clock)
    {
        requireNonNull(productReaders, "productReaders is null");
        requireNonNull(servicePrincipals, "servicePrincipals is null");
        requireNonNull(clock, "clock is null");
        this.index = requireNonNull(index, "index is null");
        this.readers = Suppliers.memoizeWithExpiration(() -> people(productReaders.readersByProduct(clock.instant().minus(WINDOW)), servicePrincipals), CACHE_SECONDS, SECONDS);
    }

    @Override
    public List<Recommended> alsoRead(Viewer viewer, String product, int limit)
    {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        if (!viewer.canSee(product)) {
            return List.of();
        }
        Map<String, Set<String>> readersByProduct = readers.get();
        Set<String> readersOfProduct = readersByProduct.getOrDefault(product, Set.of());
        if (readersOfProduct.size() < MIN_READERS) {
            return List.of();
        }
        Map<String, IndexedProduct> products = index.current().products();
        List<Scored> scored = new ArrayList<>();
        readersByProduct.forEach((other, readersOfOther) -> {
            if (other.equals(product) || readersOfOther.size() < MIN_READERS || !products.containsKey(other) || !viewer.canSee(other)) {
                return;
            }
            Set<String> both = new HashSet<>(readersOfProduct);
            both.retainAll(readersOfOther);
            if (both.size() >= MIN_READERS) {
                scored.add(new Scored(other, both.size(), both.size() / Math.sqrt((double) readersOfProduct.size() * readersOfOther.size())));
            }
        });
        return scored.stream()
                .sorted(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::product))
                .limit(limit)
                .map(candidate -> {
                    IndexedProduct indexed = products.get(candidate.product());
                    return new Recommended(indexed.name(), indexed.domain(), indexed.description(), candidate.coReaders());
                })
                .toList();
    }

    private static Map<String, Set<String>> people(Map<String, Set<String>> readers, ServicePrincipals servicePrincipals)
    {
        Map<String, Set<String>> people = new HashMap<>();
        readers.forEach((product, users) -> people.put(product, users.stream().filter(user -> !servicePrincipals.isService(user)).collect(toUnmodifiableSet())));
        return Map.copyOf(people);
    }

    private record Scored(String product, int coReaders, double score) {}
}
