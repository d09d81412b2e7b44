package dev.trinomesh.catalog.search;

import org.apache.lucene.util.automaton.Automaton;
import org.apache.lucene.util.automaton.CharacterRunAutomaton;
import org.apache.lucene.util.automaton.LevenshteinAutomata;
import org.apache.lucene.util.automaton.Operations;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One word of a query, as it is matched: its stem against stemmed terms, and the word itself as a prefix (from three
 * letters) and with typos (none up to three letters, one up to six, two beyond; the first letter as typed) against
 * raw terms.
 */
final class QueryTerm
{
    static final int MIN_PREFIX_LENGTH = 3;
    /** Typos are looked for after the first letter, which people seldom get wrong, and which keeps the automaton small. */
    static final int FUZZY_PREFIX_LENGTH = 1;

    private final String raw;
    private final String stem;
    private final int maxEdits;
    private final CharacterRunAutomaton withTypos;

    QueryTerm(String raw, String stem)
    {
        this.raw = requireNonNull(raw, "raw is null");
        this.stem = requireNonNull(stem, "stem is null");
        this.maxEdits = raw.length() <= 3 ? 0 : raw.length() <= 6 ? 1 : 2;
        int prefix = Math.min(FUZZY_PREFIX_LENGTH, raw.length());
        Automaton automaton = new LevenshteinAutomata(raw.substring(prefix), true).toAutomaton(maxEdits, raw.substring(0, prefix));
        this.withTypos = new CharacterRunAutomaton(Operations.determinize(automaton, Operations.DEFAULT_DETERMINIZE_WORK_LIMIT));
    }

    String raw()
    {
        return raw;
    }

    String stem()
    {
        return stem;
    }

    int maxEdits()
    {
        return maxEdits;
    }

    boolean prefixes()
    {
        return raw.length() >= MIN_PREFIX_LENGTH;
    }

    /** Whether this word matches a text of these stemmed and raw terms, as the query does. */
    boolean matches(List<String> stemmedTerms, List<String> rawTerms)
    {
        return stemmedTerms.contains(stem) || rawTerms.stream().anyMatch(term -> (prefixes() && term.startsWith(raw)) || withTypos.run(term));
    }

    @Override
    public String toString()
    {
        return raw;
    }
}
