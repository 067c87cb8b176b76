package dev.dossier.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * How text becomes words, the same way when it is indexed, searched and marked. Each text is read twice: by the
 * Chinese word segmenter ({@code smartcn}: 退款 / 问题) and by the standard tokenizer (Latin words lower case and
 * folded, full-width forms made half-width, Han characters as overlapping pairs, 退款问题 as 退款 / 款问 / 问题, so that
 * any run of two characters or more is found as a phrase of pairs, and a two-character word with one look-up).
 * Keywords (numbers like {@code C-000123}, codes, pinyin) are split on spaces only.
 */
final class SearchAnalysis {

    static final String TITLE_CHARS = "t_std";
    static final String TEXT_WORDS = "zh";
    static final String TEXT_CHARS = "std";
    static final String KEYWORDS = "kw";

    /**
     * A word and where it stands in the text it came from.
     *
     * @param term the word as indexed
     * @param start its first character
     * @param end after its last character
     */
    record Token(String term, int start, int end) {}

    static final Analyzer WORDS = new SmartChineseAnalyzer();

    static final Analyzer CHARS = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            var tokenizer = new StandardTokenizer();
            var stream =
                    new CJKBigramFilter(new ASCIIFoldingFilter(new LowerCaseFilter(new CJKWidthFilter(tokenizer))));
            return new TokenStreamComponents(tokenizer, stream);
        }
    };

    static final Analyzer SPACES = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            var tokenizer = new WhitespaceTokenizer();
            return new TokenStreamComponents(tokenizer, new LowerCaseFilter(new CJKWidthFilter(tokenizer)));
        }
    };

    /** The analyzer of every field of the index. */
    static final Analyzer INDEX = new PerFieldAnalyzerWrapper(
            CHARS, Map.of(TEXT_WORDS, WORDS, TITLE_CHARS, CHARS, TEXT_CHARS, CHARS, KEYWORDS, SPACES));

    private SearchAnalysis() {}

    /** The words {@code analyzer} makes of {@code text}, with their places. */
    static List<Token> tokens(Analyzer analyzer, String text) {
        var tokens = new ArrayList<Token>();
        if (text == null || text.isEmpty()) {
            return tokens;
        }
        try (var stream = analyzer.tokenStream("", text)) {
            var term = stream.addAttribute(CharTermAttribute.class);
            var offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                tokens.add(new Token(term.toString(), offset.startOffset(), offset.endOffset()));
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tokens;
    }

    static List<String> terms(Analyzer analyzer, String text) {
        return tokens(analyzer, text).stream().map(Token::term).toList();
    }

    /** Whether the word is made of Han characters (one alone, or a pair). */
    static boolean han(String term) {
        return !term.isEmpty()
                && term.codePoints().allMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }
}
