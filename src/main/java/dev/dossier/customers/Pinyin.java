package dev.dossier.customers;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import net.sourceforge.pinyin4j.PinyinHelper;
import net.sourceforge.pinyin4j.format.HanyuPinyinCaseType;
import net.sourceforge.pinyin4j.format.HanyuPinyinOutputFormat;
import net.sourceforge.pinyin4j.format.HanyuPinyinToneType;
import net.sourceforge.pinyin4j.format.HanyuPinyinVCharType;
import net.sourceforge.pinyin4j.format.exception.BadHanyuPinyinOutputFormatCombination;

/** Pinyin readings of Chinese characters, toneless and lower case, with ü written as v. */
final class Pinyin {

    private static final HanyuPinyinOutputFormat FORMAT = new HanyuPinyinOutputFormat();

    static {
        FORMAT.setCaseType(HanyuPinyinCaseType.LOWERCASE);
        FORMAT.setToneType(HanyuPinyinToneType.WITHOUT_TONE);
        FORMAT.setVCharType(HanyuPinyinVCharType.WITH_V);
    }

    private Pinyin() {
    }

    static boolean isHan(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }

    /** The distinct readings of one character, most common first; empty for anything but a Han character. */
    static List<String> readings(char c) {
        if (!isHan(c)) {
            return List.of();
        }
        try {
            var readings = PinyinHelper.toHanyuPinyinStringArray(c, FORMAT);
            if (readings == null) {
                return List.of();
            }
            return List.copyOf(new LinkedHashSet<>(List.of(readings)));
        } catch (BadHanyuPinyinOutputFormatCombination e) {
            throw new IllegalStateException(e);
        }
    }

    /** The most common full reading of a text: Han characters as pinyin syllables joined by spaces, the rest kept. */
    static String reading(String text) {
        var out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            var readings = readings(c);
            if (readings.isEmpty()) {
                out.append(Character.toLowerCase(c));
            } else {
                if (!out.isEmpty() && out.charAt(out.length() - 1) != ' ') {
                    out.append(' ');
                }
                out.append(readings.getFirst()).append(' ');
            }
        }
        return out.toString().strip();
    }

    /**
     * Per Han character of {@code text}, its readings; characters with several readings (单: dan, shan) keep up
     * to three so that a search by any of them finds the name.
     */
    static List<List<String>> syllables(String text) {
        var result = new ArrayList<List<String>>();
        for (int i = 0; i < text.length(); i++) {
            var readings = readings(text.charAt(i));
            if (!readings.isEmpty()) {
                result.add(readings.size() > 3 ? readings.subList(0, 3) : readings);
            }
        }
        return result;
    }
}
