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

    /** The usual reading of characters pinyin4j lists with a rarer one first. */
    private static final java.util.Map<Character, String> PREFERRED = java.util.Map.ofEntries(
            java.util.Map.entry('长', "chang"),
            java.util.Map.entry('厦', "xia"),
            java.util.Map.entry('藏', "cang"),
            java.util.Map.entry('都', "du"),
            java.util.Map.entry('尾', "wei"),
            java.util.Map.entry('曾', "zeng"),
            java.util.Map.entry('区', "qu"),
            java.util.Map.entry('朴', "pu"),
            java.util.Map.entry('仇', "chou"),
            java.util.Map.entry('率', "lv"),
            java.util.Map.entry('莞', "guan"),
            java.util.Map.entry('单', "dan"),
            java.util.Map.entry('石', "shi"),
            java.util.Map.entry('广', "guang"),
            java.util.Map.entry('南', "nan"),
            java.util.Map.entry('阿', "a"),
            java.util.Map.entry('大', "da"),
            java.util.Map.entry('沈', "shen"),
            java.util.Map.entry('查', "cha"),
            java.util.Map.entry('解', "jie"),
            java.util.Map.entry('乐', "le"),
            java.util.Map.entry('行', "xing"),
            java.util.Map.entry('重', "zhong"),
            java.util.Map.entry('会', "hui"),
            java.util.Map.entry('传', "chuan"),
            java.util.Map.entry('调', "diao"),
            java.util.Map.entry('宿', "su"),
            java.util.Map.entry('地', "di"),
            java.util.Map.entry('的', "de"),
            java.util.Map.entry('和', "he"),
            java.util.Map.entry('台', "tai"),
            java.util.Map.entry('丽', "li"),
            java.util.Map.entry('六', "liu"),
            java.util.Map.entry('蚌', "beng"),
            java.util.Map.entry('番', "fan"),
            java.util.Map.entry('给', "gei"),
            java.util.Map.entry('系', "xi"),
            java.util.Map.entry('合', "he"),
            java.util.Map.entry('省', "sheng"));

    /** Words whose characters read differently there than alone: places and common business words. */
    private static final java.util.Map<String, List<String>> PHRASES = java.util.Map.ofEntries(
            java.util.Map.entry("重庆", List.of("chong", "qing")), java.util.Map.entry("银行", List.of("yin", "hang")),
            java.util.Map.entry("行业", List.of("hang", "ye")), java.util.Map.entry("乐清", List.of("yue", "qing")),
            java.util.Map.entry("六安", List.of("lu", "an")), java.util.Map.entry("番禺", List.of("pan", "yu")),
            java.util.Map.entry("蚌埠", List.of("beng", "bu")), java.util.Map.entry("音乐", List.of("yin", "yue")),
            java.util.Map.entry("长大", List.of("zhang", "da")), java.util.Map.entry("朝阳", List.of("chao", "yang")),
            java.util.Map.entry("会计", List.of("kuai", "ji")), java.util.Map.entry("重工", List.of("zhong", "gong")),
            java.util.Map.entry("调研", List.of("diao", "yan")), java.util.Map.entry("传记", List.of("zhuan", "ji")));

    private Pinyin() {}

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
            var ordered = new LinkedHashSet<String>();
            var preferred = PREFERRED.get(c);
            if (preferred != null) {
                ordered.add(preferred);
            }
            ordered.addAll(List.of(readings));
            return List.copyOf(ordered);
        } catch (BadHanyuPinyinOutputFormatCombination e) {
            throw new IllegalStateException(e);
        }
    }

    /** The most common full reading of a text: Han characters as pinyin syllables joined by spaces, the rest kept. */
    static String reading(String text) {
        var out = new StringBuilder();
        var phrased = phraseReadings(text);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            var readings = phrased[i] != null ? List.of(phrased[i]) : readings(c);
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
        var phrased = phraseReadings(text);
        for (int i = 0; i < text.length(); i++) {
            var readings = phrased[i] != null ? List.of(phrased[i]) : readings(text.charAt(i));
            if (!readings.isEmpty()) {
                result.add(readings.size() > 3 ? readings.subList(0, 3) : readings);
            }
        }
        return result;
    }

    /** Per position of {@code text}, the reading a known word gives its character there, or null. */
    private static String[] phraseReadings(String text) {
        var readings = new String[text.length()];
        for (var phrase : PHRASES.entrySet()) {
            for (int at = text.indexOf(phrase.getKey()); at >= 0; at = text.indexOf(phrase.getKey(), at + 1)) {
                for (int k = 0; k < phrase.getValue().size(); k++) {
                    readings[at + k] = phrase.getValue().get(k);
                }
            }
        }
        return readings;
    }
}
