package dev.trinomesh.catalog.search;

import dev.trinomesh.catalog.search.api.SearchResult.Match;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * Where a hit matched, for showing why: its places that a query word matches, in the product's order (name, tags,
 * datasets, ... descriptions), re-analysed as they were indexed. Lucene's explanations would say the same per field,
 * at far greater cost and without saying which column.
 */
final class MatchFinder
{
    static final int MAX_MATCHES = 5;

    private final TextAnalysis analysis;

    MatchFinder(TextAnalysis analysis)
    {
        this.analysis = requireNonNull(analysis, "analysis is null");
    }

    /** At most {@value #MAX_MATCHES}: the first place of each word, then the next places any word matched, in the product's order. */
    List<Match> matches(IndexedProduct product, List<QueryTerm> terms)
    {
        if (terms.isEmpty()) {
            return List.of();
        }
        List<Place> places = product.places();
        List<List<QueryTerm>> matched = new ArrayList<>();
        for (Place place : places) {
            List<String> stemmed = analysis.stemmedTerms(place.text());
            List<String> raw = analysis.rawTerms(place.text());
            matched.add(terms.stream().filter(term -> term.matches(stemmed, raw)).toList());
        }
        Set<Integer> chosen = new TreeSet<>();
        Set<QueryTerm> covered = new HashSet<>();
        for (int i = 0; i < places.size() && chosen.size() < MAX_MATCHES; i++) {
            if (!covered.containsAll(matched.get(i))) {
                covered.addAll(matched.get(i));
                chosen.add(i);
            }
        }
        for (int i = 0; i < places.size() && chosen.size() < MAX_MATCHES; i++) {
            if (!matched.get(i).isEmpty()) {
                chosen.add(i);
            }
        }
        return chosen.stream()
                .map(places::get)
                .map(place -> new Match(place.kind(), place.path(), place.text()))
                .distinct()
                .toList();
    }
}
