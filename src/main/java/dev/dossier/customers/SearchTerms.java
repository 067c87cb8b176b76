package dev.dossier.customers;

import dev.dossier.shared.PhoneNumber;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The quick-search terms of a customer. Every name term is a suffix of something searchable, so that a prefix
 * range over the terms finds a fragment anywhere: names from each Han character and each word, their pinyin
 * (full and initials) from each syllable, email domains. Phones and email addresses are personal data, so their
 * terms are secret, found in the forms people type them: a phone's whole number, its first seven digits and its
 * last four to eight digits; each start of three or more letters and digits of an email's local part, and the whole
 * address. Values that extend one another are written as one chain of short keyed hashes ({@link Secret}), found
 * by a prefix range like the plain terms: a number from its end is one term, not five. Every term is a row of the
 * index and an entry in each of its indexes, so a customer has few ({@code SearchTermsSizeTest} counts them).
 *
 * <p>Names and queries are folded alike, so that a name is found however it is typed: traditional Chinese
 * characters as simplified ones (宏遠 and 宏远), Latin letters without their accents (Müller as muller), and
 * German umlauts also written out (Müller as mueller).
 */
final class SearchTerms {

    static final int MAX_TERM = 48;
    /**
     * Raised whenever the terms change, so that the terms already written are rebuilt (3: phones by whole number,
     * first and last digits only; email starts from three characters; secret terms as chains of short hashes;
     * no terms from inside a legal form).
     */
    static final short VERSION = 3;

    private static final int MAX_COMBINATIONS = 8;

    private SearchTerms() {}

    /** Text as terms compare it: see {@link dev.dossier.shared.Folding}. */
    static String fold(String text) {
        return dev.dossier.shared.Folding.fold(text);
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

    /**
     * Writes a secret chain: the values of its levels, each one extending the one before (a number's last four
     * digits, then its last five, ...), as one term that starts with {@code #}, such that the chain of the first
     * levels is a prefix of the chain of all of them. So one term finds a value at every level, by a prefix range.
     */
    @FunctionalInterface
    interface Secret {
        /** The term of the levels; null when there are none. */
        String chain(List<String> levels);

        /** Levels kept as they are, each followed by {@code |} (for tests of what is indexed). */
        Secret PLAIN = levels -> levels.isEmpty() ? null : "#" + String.join("|", levels) + "|";
    }

    /** Search terms with their rank: 0 from the start of a name, number or address, 1 from inside it. */
    static final class Terms {
        private final Map<String, Integer> ranks = new LinkedHashMap<>();
        private final Secret secret;
        private int offset;

        /** Terms whose secret ones are kept as they are (for tests of what is indexed). */
        Terms() {
            this(Secret.PLAIN);
        }

        /** Terms whose secret ones are written through {@code secret} (keyed hashes). */
        Terms(Secret secret) {
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

        void putSecret(List<String> levels, int rank) {
            var chain = secret.chain(levels);
            if (chain != null) {
                put(chain, rank);
            }
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
        var folded = fold(name);
        addWords(terms, folded, person ? 0 : legalFormLength(folded));
        var writtenOut = umlautsWrittenOut(lower);
        if (writtenOut != null) {
            var foldedOut = fold(writtenOut);
            addWords(terms, foldedOut, person ? 0 : legalFormLength(foldedOut));
        }
        addPinyin(terms, folded, person);
    }

    /** Legal forms that end an organisation's name, longest first; a search does not start inside them. */
    private static final List<String> HAN_LEGAL_FORMS = List.of("股份有限公司", "有限责任公司", "有限公司", "公司");

    private static final java.util.Set<String> LATIN_LEGAL_FORMS = java.util.Set.of(
            "ltd", "limited", "inc", "llc", "gmbh", "pte", "co", "corp", "corporation", "plc", "ag", "sa", "bv");

    /**
     * How many letters and digits at the end of an organisation's folded name are its legal form (有限公司, Co., Ltd.):
     * every company has one, so a term starting there would find them all and only fill the index. The name is still
     * found with its legal form typed, from its start or from any word or character before the form.
     */
    static int legalFormLength(String folded) {
        var compact = new StringBuilder();
        folded.codePoints().filter(Character::isLetterOrDigit).forEach(compact::appendCodePoint);
        for (var form : HAN_LEGAL_FORMS) {
            if (compact.length() > form.length() && compact.toString().endsWith(form)) {
                return form.length();
            }
        }
        var words = folded.split("[^\\p{L}\\p{N}]+");
        int length = 0;
        for (int i = words.length - 1; i > 0 && LATIN_LEGAL_FORMS.contains(words[i]); i--) {
            length += words[i].length();
        }
        return length < compact.length() ? length : 0;
    }

    /**
     * Terms from every Han character and every word of letters or digits, to the end of the name; none starts in the
     * last {@code tail} letters and digits (a legal form).
     */
    private static void addWords(Terms terms, String folded, int tail) {
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
            if (start == 0 || start < compact.length() - tail) {
                add(terms, compact.substring(start), start == 0 ? 0 : 1);
            }
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
        // A Han legal form is the name's last characters, so its syllables are the last ones.
        int legalForm = person
                ? 0
                : HAN_LEGAL_FORMS.stream()
                        .filter(form -> name.endsWith(form) && name.length() > form.length())
                        .mapToInt(String::length)
                        .findFirst()
                        .orElse(0);
        int starts = Math.max(1, syllables.size() - legalForm);
        for (int start = 0; start < starts; start++) {
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

    /** How many of a number's last digits are found: the last four to the last eight. */
    static final int MIN_PHONE_END = 4;

    static final int MAX_PHONE_END = 8;
    /** How many of a number's first digits are found (a mobile's network and area block, 139 1234). */
    static final int PHONE_START = 7;

    /**
     * A phone's secret terms, the forms people type a number in: from its start (the first seven digits, then the
     * whole number) for the national digits as written, without the trunk prefix, and the E.164 digits, ranked 0;
     * from its end (the last four digits, then five, up to eight), ranked 1. A run of digits from the middle of a
     * number is not found. A mobile number has three terms, a landline four.
     */
    static void addPhone(Terms terms, PhoneNumber phone) {
        var national = phone.nationalFormatted().replaceAll("[^0-9]", "");
        var nsn = phone.nationalDigits();
        for (var digits : new java.util.LinkedHashSet<>(List.of(national, nsn, phone.digits()))) {
            terms.putSecret(phoneStart(digits), 0);
        }
        terms.putSecret(phoneEnd(nsn), 1);
    }

    /** The levels of a number from its start: its first seven digits, then all of them. */
    static List<String> phoneStart(String digits) {
        return digits.length() > PHONE_START ? List.of(digits.substring(0, PHONE_START), digits) : List.of(digits);
    }

    /** The levels of a number from its end: its last four digits, then five, up to eight (or all of them). */
    static List<String> phoneEnd(String digits) {
        var levels = new ArrayList<String>();
        for (int n = MIN_PHONE_END; n <= Math.min(MAX_PHONE_END, digits.length()); n++) {
            levels.add(digits.substring(digits.length() - n));
        }
        return levels;
    }

    /**
     * The digits a phone query is looked up by: as typed, and for a number typed with its country code ({@code +86
     * 139 1234}) also without it, which is how the national number or its first digits are indexed.
     */
    static List<String> phoneQueryDigits(String query) {
        var digits = query.replaceAll("[^0-9]", "");
        var found = new java.util.LinkedHashSet<String>();
        found.add(digits);
        if (query.strip().startsWith("+")) {
            var util = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance();
            for (int length = 1; length <= 3 && length + MIN_PHONE_END <= digits.length(); length++) {
                int code = Integer.parseInt(digits.substring(0, length));
                if (!"ZZ".equals(util.getRegionCodeForCountryCode(code))) {
                    found.add(digits.substring(length));
                }
            }
        }
        return List.copyOf(found);
    }

    /** The shortest start of an email's local part that is found. */
    static final int MIN_EMAIL_START = 3;

    /** The longest: a longer query is looked up by its first twenty letters and digits. */
    static final int MAX_EMAIL_START = 20;

    /**
     * An email's terms: its domain (plain), and one secret chain: each start of three to twenty letters and digits of
     * its local part, then the whole address.
     */
    static void addEmail(Terms terms, String email) {
        var lower = email.toLowerCase(Locale.ROOT);
        var at = lower.lastIndexOf('@');
        add(terms, lower.substring(at + 1), 1);
        terms.putSecret(emailLevels(lower.substring(0, at), lower), 0);
    }

    /**
     * The levels of an email's chain: each start of its local part from three letters and digits (a shorter local
     * part, such as hr, whole), then the whole address if given.
     */
    static List<String> emailLevels(String local, String whole) {
        var letters = normalize(local);
        var levels = new ArrayList<String>();
        if (!letters.isEmpty() && letters.length() < MIN_EMAIL_START) {
            levels.add(letters);
        }
        for (int end = MIN_EMAIL_START; end <= Math.min(MAX_EMAIL_START, letters.length()); end++) {
            levels.add(letters.substring(0, end));
        }
        if (whole != null) {
            levels.add(truncate(whole));
        }
        return levels;
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
