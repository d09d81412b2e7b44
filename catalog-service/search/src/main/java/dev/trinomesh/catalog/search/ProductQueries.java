package dev.trinomesh.catalog.search;

import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The Lucene query of a search. Every word must match somewhere (AND): typos and prefixes already make a word
 * forgiving, and a product that lacks a word is seldom what was meant. A word scores by its best place (a
 * disjunction-max over fields and ways of matching, the others adding a tenth), so that "order revnue" ranks the
 * product named {@code sales_orders} and tagged {@code revenue} above one that mentions orders in a column.
 */
final class ProductQueries
{
    static final String PRODUCT = "product";
    private static final float EXACT_BOOST = 2;
    private static final float FUZZY_BOOST = 0.7f;
    private static final float TIE_BREAKER = 0.1f;

    private ProductQueries() {}

    static Query matching(List<QueryTerm> terms)
    {
        if (terms.isEmpty()) {
            return new MatchAllDocsQuery();
        }
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        terms.forEach(term -> query.add(anywhere(term), Occur.MUST));
        return query.build();
    }

    /** {@code query}, of the products {@code visible} only: a filter, so that hidden products neither match nor count. */
    static Query visibleOnly(Query query, Collection<String> visible)
    {
        return new BooleanQuery.Builder()
                .add(query, Occur.MUST)
                .add(new TermInSetQuery(PRODUCT, visible.stream().map(BytesRef::new).toList()), Occur.FILTER)
                .build();
    }

    private static Query anywhere(QueryTerm term)
    {
        List<Query> places = new ArrayList<>();
        for (SearchField field : SearchField.values()) {
            places.add(new BoostQuery(new TermQuery(new Term(field.field(), term.stem())), EXACT_BOOST * field.boost()));
            if (term.prefixes()) {
                places.add(new BoostQuery(new PrefixQuery(new Term(field.rawField(), term.raw())), field.boost()));
            }
            places.add(new BoostQuery(new FuzzyQuery(new Term(field.rawField(), term.raw()), term.maxEdits(), QueryTerm.FUZZY_PREFIX_LENGTH), FUZZY_BOOST * field.boost()));
        }
        return new DisjunctionMaxQuery(places, TIE_BREAKER);
    }
}
