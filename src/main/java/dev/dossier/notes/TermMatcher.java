package dev.dossier.notes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds words to avoid in a text. Chinese has no spaces between words, so a word with Chinese (or any non-Latin)
 * characters is found anywhere in the text; a Latin word only as a whole word, in any case. Standard terms are taken
 * out of the text first, so that a synonym that is part of a standard term ("强意向" in "强意向客户") is not flagged
 * where the standard term was used.
 */
final class TermMatcher {

    /**
     * A standard term and the words to avoid in its favour.
     *
     * @param term the standard term
     * @param synonyms words to avoid
     */
    record Term(String term, List<String> synonyms) {}

    /**
     * A word to avoid that a text used.
     *
     * @param found the word as listed
     * @param standard the term to use instead
     */
    record Finding(String found, String standard) {

        /** As stored on a note: {@code found=standard}. */
        String line() {
            return found + "=" + standard;
        }

        static Finding parse(String line) {
            int eq = line.indexOf('=');
            return eq < 0 ? new Finding(line, "") : new Finding(line.substring(0, eq), line.substring(eq + 1));
        }
    }

    private final List<Term> terms;

    TermMatcher(List<Term> terms) {
        this.terms = List.copyOf(terms);
    }

    /** The words to avoid that occur in the text, each once, in the order of the vocabulary. */
    List<Finding> findings(String text) {
        if (text == null || text.isBlank() || terms.isEmpty()) {
            return List.of();
        }
        var masked = text;
        for (var term : terms) {
            masked = mask(masked, term.term());
        }
        var found = new LinkedHashMap<String, Finding>();
        for (var term : terms) {
            for (var synonym : term.synonyms()) {
                if (!synonym.isBlank()
                        && !found.containsKey(synonym.toLowerCase(Locale.ROOT))
                        && occurs(masked, synonym)) {
                    found.put(synonym.toLowerCase(Locale.ROOT), new Finding(synonym, term.term()));
                }
            }
        }
        return new ArrayList<>(found.values());
    }

    /** Whether a word is written with Latin letters, digits and punctuation only, so has word boundaries. */
    static boolean latin(String word) {
        return word.codePoints().allMatch(c -> c < 0x250);
    }

    static boolean occurs(String text, String word) {
        return latin(word) ? wholeWord(word).matcher(text).find() : text.contains(word);
    }

    private static String mask(String text, String term) {
        if (term == null || term.isBlank()) {
            return text;
        }
        var blank = "\u0000".repeat(term.length());
        return latin(term) ? wholeWord(term).matcher(text).replaceAll(blank) : text.replace(term, blank);
    }

    private static Pattern wholeWord(String word) {
        return Pattern.compile(
                "(?<![\\p{IsLatin}\\p{Nd}])" + Pattern.quote(word) + "(?![\\p{IsLatin}\\p{Nd}])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}
