package dev.trinomesh.catalog.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.GENERATE_WORD_PARTS;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.PRESERVE_ORIGINAL;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.SPLIT_ON_CASE_CHANGE;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.SPLIT_ON_NUMERICS;

/**
 * How names and descriptions become terms. Names are identifiers: {@code sales_orders} and {@code salesOrders} are
 * indexed as themselves and as {@code sales} and {@code orders}, so that a word finds them. The stemmed terms serve
 * exact matches ({@code orders} finds {@code order}); the raw ones prefixes and typos, which stems would distort.
 */
final class TextAnalysis
{
    private static final int SPLIT = GENERATE_WORD_PARTS | GENERATE_NUMBER_PARTS | SPLIT_ON_CASE_CHANGE | SPLIT_ON_NUMERICS;

    private final Analyzer stemmed = new NameAnalyzer(SPLIT | PRESERVE_ORIGINAL, true);
    private final Analyzer raw = new NameAnalyzer(SPLIT | PRESERVE_ORIGINAL, false);
    // A query's words: split as names are, without the whole, so that each part must match (sales_orders: sales and orders).
    private final Analyzer queryWords = new NameAnalyzer(SPLIT, false);
    private final Analyzer stemmer = new Analyzer()
    {
        @Override
        protected TokenStreamComponents createComponents(String fieldName)
        {
            Tokenizer tokenizer = new KeywordTokenizer();
            return new TokenStreamComponents(tokenizer, new PorterStemFilter(tokenizer));
        }
    };

    /** Each field's analyzer: stemmed, or raw for the {@code _raw} twins. */
    Analyzer indexAnalyzer()
    {
        Map<String, Analyzer> analyzers = new HashMap<>();
        for (SearchField field : SearchField.values()) {
            analyzers.put(field.field(), stemmed);
            analyzers.put(field.rawField(), raw);
        }
        return new PerFieldAnalyzerWrapper(new StandardAnalyzer(), analyzers);
    }

    List<String> stemmedTerms(String text)
    {
        return terms(stemmed, text);
    }

    List<String> rawTerms(String text)
    {
        return terms(raw, text);
    }

    List<String> queryWords(String text)
    {
        return terms(queryWords, text);
    }

    /** The stem of one lowercase word. */
    String stem(String word)
    {
        List<String> stems = terms(stemmer, word);
        return stems.isEmpty() ? word : stems.getFirst();
    }

    private static List<String> terms(Analyzer analyzer, String text)
    {
        List<String> terms = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream("", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        }
        catch (IOException e) {
            // Analysing a string reads no file.
            throw new UncheckedIOException(e);
        }
        return terms;
    }

    /** StandardTokenizer, word delimiters, flattened for indexing, lower case, ASCII folding, and the Porter stemmer when stemming. */
    private static final class NameAnalyzer
            extends Analyzer
    {
        private final int delimiterFlags;
        private final boolean stem;

        NameAnalyzer(int delimiterFlags, boolean stem)
        {
            this.delimiterFlags = delimiterFlags;
            this.stem = stem;
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName)
        {
            Tokenizer tokenizer = new StandardTokenizer();
            TokenStream stream = new WordDelimiterGraphFilter(tokenizer, delimiterFlags, null);
            // An index holds no graph: the parts are flattened beside the whole.
            stream = new FlattenGraphFilter(stream);
            stream = new LowerCaseFilter(stream);
            stream = new ASCIIFoldingFilter(stream);
            if (stem) {
                stream = new PorterStemFilter(stream);
            }
            return new TokenStreamComponents(tokenizer, stream);
        }
    }
}
