package dev.trinomesh.catalog.search;

import dev.trinomesh.api.model.Violation;
import dev.trinomesh.catalog.core.ServiceException;

import java.util.List;

/** A query's text as words to match: all of them; none for an empty text or {@code *}, which asks for everything. */
final class QueryText
{
    static final int MAX_LENGTH = 200;
    static final int MAX_WORDS = 10;

    private QueryText() {}

    static List<QueryTerm> terms(String text, TextAnalysis analysis)
    {
        String stripped = text.strip();
        if (stripped.length() > MAX_LENGTH) {
            throw invalid(stripped.substring(0, 40) + "…", "must be at most %s characters; got %s".formatted(MAX_LENGTH, stripped.length()));
        }
        if (stripped.isEmpty() || stripped.equals("*")) {
            return List.of();
        }
        List<String> words = analysis.queryWords(stripped).stream().distinct().toList();
        if (words.size() > MAX_WORDS) {
            throw invalid(stripped, "must hold at most %s words (names split at _ and case changes count as their parts); got %s".formatted(MAX_WORDS, words.size()));
        }
        if (words.isEmpty()) {
            throw invalid(stripped, "must hold a word or name to look for (or be empty or * for everything)");
        }
        return words.stream().map(word -> new QueryTerm(word, analysis.stem(word))).toList();
    }

    private static ServiceException invalid(String value, String rule)
    {
        Violation violation = new Violation("q", value, rule);
        return ServiceException.badRequest("bad search text: " + violation, List.of(violation));
    }
}
