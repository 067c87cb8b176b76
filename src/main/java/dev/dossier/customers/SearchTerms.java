package dev.dossier.customers;

import com.ibm.icu.text.Transliterator;
import dev.dossier.shared.PhoneNumber;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The quick-search terms of a customer. Every name term is a suffix of something searchable, so that a prefix
 * range over the terms finds a fragment anywhere: names from each Han character and each word, their pinyin
 * (full and initials) from each syllable, email domains. Phones and email addresses are personal data, so their
 * terms are secret (written as keyed hashes) and found by equality: every run of four or more digits of a phone,
 * every prefix of an email's local part, and the whole address.
 *
 * <p>Names and queries are folded alike, so that a name is found however it is typed: traditional Chinese
 * characters as simplified ones (宏遠 and 宏远), Latin letters without their accents (Müller as muller), and
 * German umlauts also written out (Müller as mueller).
 */
final class SearchTerms {

    static final int MAX_TERM = 48;
    /** Raised whenever the terms of a name change, so that the terms already written are rebuilt. */
    static final short VERSION = 2;

    private static final int MAX_COMBINATIONS = 8;
    private static final Transliterator TO_SIMPLIFIED = Transliterator.getInstance("Traditional-Simplified");

    private SearchTerms() {}

    /**
     * Text as terms compare it: compatibility forms unified, lower case, traditional Han characters simplified,
     * accents taken off Latin letters (ß as ss); other scripts stay as they are.
     */
    static String fold(String text) {
        var lower = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        if (lower.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
            synchronized (TO_SIMPLIFIED) {
                lower = TO_SIMPLIFIED.transliterate(lower);
            }
        }
        if (lower.chars().allMatch(c -> c < 0x80)) {
            return lower;
        }
        var decomposed = Normalizer.normalize(lower.replace("ß", "ss"), Normalizer.Form.NFD);
        var out = new StringBuilder(decomposed.length());
        int base = -1;
        for (int i = 0; i < decomposed.length(); ) {
            int c = decomposed.codePointAt(i);
            i += Character.charCount(c);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                if (base >= 0 && Character.UnicodeScript.of(base) == Character.UnicodeScript.LATIN) {
                    continue;
                }
            } else {
                base = c;
            }
            out.appendCodePoint(c);
        }
        return Normalizer.normalize(out, Normalizer.Form.NFC);
    }

    /** German umlauts written out (ä as ae), or null when the text has none. */
    private static String umlautsWrittenOut(String lower) {
        if (lower.chars().noneMatch(c -> c == 'ä' || c == 'ö' || c == 'ü')) {
            return null;
        }
        return lower.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue");
    }

    /** A query as the terms are written: folded, no spaces or punctuation; empty when nothing is left. */
    static String normalize(String text) {
        if (text == null) {
            return "";
        }
        var folded = fold(text);
        var out = new StringBuilder(folded.length());
        folded.codePoints().filter(Character::isLetterOrDigit).forEach(out::appendCodePoint);
        return out.toString();
    }

    /** A query kept with its punctuation (for email addresses): lower case, no white space. */
    static String normalizeRaw(String text) {
        if (text == null) {
            return "";
        }
        return Normalizer.normalize(text, Normalizer.Form.NFKC)
                .toLowerCase(Locale.ROOT)
                .replaceAll("\\s+", "");
    }

    /** Whether a query looks like (part of) a phone number: digits with phone punctuation only. */
    static boolean looksLikePhone(String query) {
        return query.matches("[+0-9()\\-. \u00a0]+")
                && query.chars().filter(Character::isDigit).count() >= 4;
    }

    /** Search terms with their rank: 0 from the start of a name, number or address, 1 from inside it. */
    static final class Terms {
        private final Map<String, Integer> ranks = new LinkedHashMap<>();
        private final UnaryOperator<String> secret;
        private int offset;

        /** Terms whose secret ones are kept as they are (for tests of what is indexed). */
        Terms() {
            this(UnaryOperator.identity());
        }

        /** Terms whose secret ones are written through {@code secret} (a keyed hash). */
        Terms(UnaryOperator<String> secret) {
            this.secret = secret;
        }

        /** Terms added from now on rank {@code offset} lower (a contact's terms rank below the customer's own). */
        Terms offset(int offset) {
            this.offset = offset;
            return this;
        }

        void put(String term, int rank) {
            ranks.merge(term, rank + offset, Math::min);
        }

        void putSecret(String term, int rank) {
            put(secret.apply(term), rank);
        }

        Map<String, Integer> ranks() {
            return ranks;
        }
    }

    /**
     * Terms of a name. A person's name keeps the other readings of its characters (单 as shan and dan, 曾 as
     * zeng and ceng), since surnames are where they matter; an organisation's name takes the common reading only,
     * so that 长沙 is not also found as "zhang sha".
     */
    static void addName(Terms terms, String name, boolean person) {
        if (name == null || name.isBlank()) {
            return;
        }
        var lower = Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        addWords(terms, fold(name));
        var writtenOut = umlautsWrittenOut(lower);
        if (writtenOut != null) {
            addWords(terms, fold(writtenOut));
        }
        addPinyin(terms, fold(name), person);
    }

    /** Terms from every Han character and every word of letters or digits, to the end of the name. */
    private static void addWords(Terms terms, String folded) {
        // Starts: every Han character, and every word of letters or digits.
        var compact = new StringBuilder();
        var starts = new ArrayList<Integer>();
        boolean inWord = false;
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                inWord = false;
                continue;
            }
            if (Pinyin.isHan(c)) {
                starts.add(compact.length());
                inWord = false;
            } else if (!inWord) {
                starts.add(compact.length());
                inWord = true;
            }
            compact.append(c);
        }
        for (int start : starts) {
            add(terms, compact.substring(start), start == 0 ? 0 : 1);
        }
    }

    private static void addPinyin(Terms terms, String name, boolean person) {
        var syllables = Pinyin.syllables(name);
        if (!person) {
            syllables = syllables.stream()
                    .map(readings -> List.of(readings.getFirst()))
                    .toList();
        }
        if (syllables.isEmpty()) {
            return;
        }
        for (int start = 0; start < syllables.size(); start++) {
            for (var reading : combinations(syllables.subList(start, syllables.size()))) {
                var full = String.join("", reading);
                var initials = new StringBuilder();
                reading.forEach(s -> initials.append(s.charAt(0)));
                add(terms, full, start == 0 ? 0 : 1);
                if (initials.length() >= 2) {
                    add(terms, initials.toString(), start == 0 ? 0 : 1);
                }
            }
        }
    }

    private static List<List<String>> combinations(List<List<String>> syllables) {
        var result = new ArrayList<List<String>>();
        result.add(List.of());
        for (var options : syllables) {
            var next = new ArrayList<List<String>>();
            for (var prefix : result) {
                for (var option : options) {
                    if (next.size() >= MAX_COMBINATIONS) {
                        break;
                    }
                    var combined = new ArrayList<>(prefix);
                    combined.add(option);
                    next.add(combined);
                }
            }
            result = next;
        }
        return result;
    }

    /**
     * A phone's secret terms: every run of four or more digits of the national number (as written and without the
     * trunk prefix), and every start of four or more of its E.164 digits; those from the start of a number rank 0.
     */
    static void addPhone(Terms terms, PhoneNumber phone) {
        var national = phone.nationalFormatted().replaceAll("[^0-9]", "");
        var nsn = phone.nationalDigits();
        var found = new LinkedHashMap<String, Integer>();
        for (var digits : List.of(national, nsn)) {
            for (int i = 0; i + 4 <= digits.length(); i++) {
                for (int end = i + 4; end <= digits.length(); end++) {
                    found.merge(digits.substring(i, end), i == 0 ? 0 : 1, Math::min);
                }
            }
        }
        var e164 = phone.digits();
        for (int end = 4; end <= e164.length(); end++) {
            found.merge(e164.substring(0, end), 0, Math::min);
        }
        found.forEach(terms::putSecret);
    }

    /** An email's terms: the whole address and each start of its local part (secret), and its domain (plain). */
    static void addEmail(Terms terms, String email) {
        var lower = email.toLowerCase(Locale.ROOT);
        terms.putSecret(truncate(lower), 0);
        var at = lower.lastIndexOf('@');
        add(terms, lower.substring(at + 1), 1);
        var local = truncate(normalize(lower.substring(0, at)));
        for (int end = 2; end <= local.length(); end++) {
            terms.putSecret(local.substring(0, end), 0);
        }
    }

    static String truncate(String term) {
        return term.length() > MAX_TERM ? term.substring(0, MAX_TERM) : term;
    }

    private static void add(Terms terms, String term, int rank) {
        if (term.isEmpty()) {
            return;
        }
        boolean han = term.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
        if (term.length() < 2 && !han) {
            return;
        }
        terms.put(term.length() > MAX_TERM ? term.substring(0, MAX_TERM) : term, rank);
    }
}
