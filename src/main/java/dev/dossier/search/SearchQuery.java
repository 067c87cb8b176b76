package dev.dossier.search;

import static dev.dossier.search.SearchAnalysis.CHARS;
import static dev.dossier.search.SearchAnalysis.KEYWORDS;
import static dev.dossier.search.SearchAnalysis.SPACES;
import static dev.dossier.search.SearchAnalysis.TEXT_CHARS;
import static dev.dossier.search.SearchAnalysis.TEXT_WORDS;
import static dev.dossier.search.SearchAnalysis.TITLE_CHARS;
import static dev.dossier.search.SearchAnalysis.WORDS;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * What someone typed, made into the index's query and into the marks on the text they may see. Every part
 * (separated by spaces) must match: a Latin word exactly, as the start of a word (typed so far) or with a typo or two;
 * a run of Han characters by all its pairs, or as the words the segmenter finds in it; a keyword exactly or by its
 * start. Matches in a title come first, then exact ones anywhere, then the rest, newest first within each (see
 * {@link #tiers()}). The index is asked without positions (cheap at millions of records); the marks, found on what
 * the reader sees, then drop a record whose run of characters is not there as typed nor as its words.
 */
final class SearchQuery {

    static final int MAX_LENGTH = 100;
    private static final int MAX_PARTS = 8;

    /**
     * A part of the query.
     *
     * @param keyword the part lower case, as a keyword
     * @param chars its standard words (a Latin word, or Han characters in overlapping pairs)
     * @param words the segmenter's words when it holds Han characters, else empty
     */
    record Part(String keyword, List<String> chars, List<String> words) {

        boolean latin() {
            return chars.size() == 1 && !SearchAnalysis.han(chars.getFirst());
        }

        /** A single Han character, which the index holds only inside pairs (and as a word of the segmenter). */
        boolean oneHan() {
            return chars.size() == 1
                    && SearchAnalysis.han(chars.getFirst())
                    && chars.getFirst().codePointCount(0, chars.getFirst().length()) == 1;
        }

        /** Typos allowed in a Latin word: none below four letters, one up to seven, two from eight. */
        int edits() {
            if (!latin()) {
                return 0;
            }
            var word = chars.getFirst();
            if (word.length() < 4 || !word.chars().allMatch(Character::isLetter)) {
                return 0;
            }
            return word.length() < 8 ? 1 : 2;
        }

        /** What the part must match: its words anywhere in a record (title or text). */
        Query match() {
            var any = new BooleanQuery.Builder();
            if (!keyword.isEmpty()) {
                any.add(boost(new TermQuery(new Term(KEYWORDS, keyword)), 4), Occur.SHOULD);
                if (keyword.length() >= 2) {
                    any.add(boost(new PrefixQuery(new Term(KEYWORDS, keyword)), 2), Occur.SHOULD);
                }
            }
            if (chars.size() == 1) {
                var c = chars.getFirst();
                any.add(boost(new TermQuery(new Term(TEXT_CHARS, c)), 2), Occur.SHOULD);
                if ((latin() && c.length() >= 2) || oneHan()) {
                    any.add(new PrefixQuery(new Term(TEXT_CHARS, c)), Occur.SHOULD);
                }
                if (oneHan()) {
                    any.add(new TermQuery(new Term(TEXT_WORDS, c)), Occur.SHOULD);
                }
                if (edits() > 0) {
                    any.add(boost(new FuzzyQuery(new Term(TEXT_CHARS, c), edits(), 1), 0.3f), Occur.SHOULD);
                }
            } else if (chars.size() > 1) {
                any.add(boost(all(TEXT_CHARS, chars), 2), Occur.SHOULD);
            }
            if (words.size() > 1) {
                any.add(boost(all(TEXT_WORDS, words), 0.8f), Occur.SHOULD);
            }
            return any.build();
        }

        /** The part as written, in the title (or as a keyword: a number or a code); null when it has no words. */
        Query inTitle() {
            return asWritten(TITLE_CHARS);
        }

        /** The part as written, anywhere (or as a keyword); null when it has no words. */
        Query exact() {
            return asWritten(TEXT_CHARS);
        }

        private Query asWritten(String field) {
            if (chars.isEmpty() && keyword.isEmpty()) {
                return null;
            }
            var any = new BooleanQuery.Builder();
            if (!keyword.isEmpty()) {
                any.add(new TermQuery(new Term(KEYWORDS, keyword)), Occur.SHOULD);
            }
            if (!chars.isEmpty()) {
                any.add(
                        chars.size() == 1 ? new TermQuery(new Term(field, chars.getFirst())) : all(field, chars),
                        Occur.SHOULD);
            }
            return any.build();
        }

        /** Every word in the field (for Han characters, each pair of a run, so the run as a rule). */
        private static Query all(String field, List<String> terms) {
            var all = new BooleanQuery.Builder();
            for (var term : new java.util.LinkedHashSet<>(terms)) {
                all.add(new TermQuery(new Term(field, term)), Occur.MUST);
            }
            return all.build();
        }

        /** Where this part matches {@code text}; empty when it does not. */
        List<int[]> ranges(String text, List<SearchAnalysis.Token> charTokens) {
            var ranges = new ArrayList<int[]>();
            if (oneHan()) {
                var c = chars.getFirst();
                for (int at = text.indexOf(c); at >= 0; at = text.indexOf(c, at + c.length())) {
                    ranges.add(new int[] {at, at + c.length()});
                }
            } else if (chars.size() == 1) {
                var c = chars.getFirst();
                for (var token : charTokens) {
                    if (token.term().equals(c)
                            || (latin() && c.length() >= 2 && token.term().startsWith(c))
                            || (edits() > 0 && distance(token.term(), c, edits()) <= edits())) {
                        ranges.add(new int[] {token.start(), token.end()});
                    }
                }
            } else if (chars.size() > 1) {
                for (int i = 0; i + chars.size() <= charTokens.size(); i++) {
                    boolean all = true;
                    for (int j = 0; j < chars.size() && all; j++) {
                        all = charTokens.get(i + j).term().equals(chars.get(j));
                    }
                    if (all) {
                        ranges.add(new int[] {
                            charTokens.get(i).start(),
                            charTokens.get(i + chars.size() - 1).end()
                        });
                    }
                }
            }
            if (ranges.isEmpty() && words.size() > 1) {
                var found = new ArrayList<int[]>();
                var seen = new java.util.HashSet<String>();
                for (var token : SearchAnalysis.tokens(WORDS, text)) {
                    if (words.contains(token.term())) {
                        seen.add(token.term());
                        found.add(new int[] {token.start(), token.end()});
                    }
                }
                if (seen.containsAll(words)) {
                    ranges.addAll(found);
                }
            }
            return ranges;
        }

        /** Whether this part matches one of the keywords. */
        boolean inKeywords(String keywords) {
            if (keyword.isEmpty() || keywords == null) {
                return false;
            }
            return SearchAnalysis.terms(SPACES, keywords).stream()
                    .anyMatch(k -> k.equals(keyword) || (keyword.length() >= 2 && k.startsWith(keyword)));
        }
    }

    private final String text;
    private final List<Part> parts;

    private SearchQuery(String text, List<Part> parts) {
        this.text = text;
        this.parts = parts;
    }

    /** The query typed, cut to 100 characters and 8 parts; empty when nothing in it can be searched. */
    static Optional<SearchQuery> of(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        var text = typed.strip();
        if (text.length() > MAX_LENGTH) {
            text = text.substring(0, MAX_LENGTH);
        }
        var parts = new ArrayList<Part>();
        for (var piece : text.split("[\\s\\u3000]+")) {
            if (parts.size() == MAX_PARTS) {
                break;
            }
            var keywords = SearchAnalysis.terms(SPACES, piece);
            var keyword = keywords.isEmpty() ? "" : keywords.getFirst();
            var chars = SearchAnalysis.terms(CHARS, piece);
            var hasHan = chars.stream().anyMatch(SearchAnalysis::han);
            var words = hasHan ? SearchAnalysis.terms(WORDS, piece) : List.<String>of();
            if (!chars.isEmpty() || !keyword.isEmpty()) {
                parts.add(new Part(keyword, chars, words));
            }
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(new SearchQuery(text, parts));
    }

    String text() {
        return text;
    }

    List<Part> parts() {
        return parts;
    }

    /**
     * The queries for the index, in the order their matches are shown: every part as written in the title (or a
     * number or code), then every part as written anywhere, then with starts of words, typos and words in another
     * order. Each tier is read newest first, so that a common word costs no more than a rare one: the index is sorted
     * that way and a tier stops as soon as it has enough.
     */
    List<Query> tiers() {
        var tiers = new ArrayList<Query>();
        var title = new BooleanQuery.Builder();
        var exact = new BooleanQuery.Builder();
        var broad = new BooleanQuery.Builder();
        boolean complete = true;
        for (var part : parts) {
            var inTitle = part.inTitle();
            var anywhere = part.exact();
            if (inTitle == null || anywhere == null) {
                complete = false;
            } else {
                title.add(inTitle, Occur.MUST);
                exact.add(anywhere, Occur.MUST);
            }
            broad.add(part.match(), Occur.MUST);
        }
        if (complete) {
            tiers.add(title.build());
            tiers.add(exact.build());
        }
        tiers.add(broad.build());
        return tiers;
    }

    /**
     * Where the query matches what a reader sees of a record, or empty when a part matches none of it: a record whose
     * match lies only in what the reader may not see is not shown.
     *
     * @param title the title as shown
     * @param text the text as shown
     * @param keywords the keywords the reader may see, or null
     */
    Optional<Marked> mark(String title, String text, String keywords) {
        var titleTokens = SearchAnalysis.tokens(CHARS, title);
        var textTokens = SearchAnalysis.tokens(CHARS, text);
        var titleRanges = new ArrayList<int[]>();
        var textRanges = new ArrayList<int[]>();
        for (var part : parts) {
            var inTitle = part.ranges(title == null ? "" : title, titleTokens);
            var inText = part.ranges(text == null ? "" : text, textTokens);
            if (inTitle.isEmpty() && inText.isEmpty() && !part.inKeywords(keywords)) {
                return Optional.empty();
            }
            titleRanges.addAll(inTitle);
            textRanges.addAll(inText);
        }
        return Optional.of(new Marked(merge(titleRanges), merge(textRanges)));
    }

    /**
     * The marked ranges of a record's title and text.
     *
     * @param title ranges in the title, in order, not overlapping
     * @param text ranges in the text, in order, not overlapping
     */
    record Marked(List<int[]> title, List<int[]> text) {}

    private static List<int[]> merge(List<int[]> ranges) {
        ranges.sort(Comparator.comparingInt((int[] r) -> r[0]).thenComparingInt(r -> r[1]));
        var merged = new ArrayList<int[]>();
        for (var r : ranges) {
            if (!merged.isEmpty() && r[0] <= merged.getLast()[1]) {
                merged.getLast()[1] = Math.max(merged.getLast()[1], r[1]);
            } else {
                merged.add(new int[] {r[0], r[1]});
            }
        }
        return merged;
    }

    private static Query boost(Query query, float boost) {
        return new BoostQuery(query, boost);
    }

    /**
     * The edit distance of two words counting a swap of two neighbours as one edit, as the index's fuzzy match does,
     * or more than {@code max} once it is certain to exceed it.
     */
    static int distance(String a, String b, int max) {
        if (Math.abs(a.length() - b.length()) > max) {
            return max + 1;
        }
        var before = new int[b.length() + 1];
        var previous = new int[b.length() + 1];
        var current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int best = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int d = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d = Math.min(d, before[j - 2] + 1);
                }
                current[j] = d;
                best = Math.min(best, d);
            }
            if (best > max) {
                return max + 1;
            }
            var swap = before;
            before = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
