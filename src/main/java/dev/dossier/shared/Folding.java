package dev.dossier.shared;

import com.ibm.icu.text.Transliterator;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Text as names are compared: compatibility forms unified (full-width letters and digits as half-width), lower case,
 * traditional Han characters as simplified (宏遠 as 宏远), accents taken off Latin letters (Müller as muller, ß as ss);
 * other scripts stay as they are. The quick search and duplicate matching fold alike.
 */
public final class Folding {

    /** ICU's transliterators are not safe to share between threads: one each. */
    private static final ThreadLocal<Transliterator> TO_SIMPLIFIED =
            ThreadLocal.withInitial(() -> Transliterator.getInstance("Traditional-Simplified"));

    private Folding() {}

    /** The text folded; empty for null. */
    public static String fold(String text) {
        if (text == null) {
            return "";
        }
        var lower = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        if (lower.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
            lower = TO_SIMPLIFIED.get().transliterate(lower);
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
}
