package dev.dossier.shared;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Text of a file's cells compared as people mean it: width, case and runs of spaces aside; and the choices of a field
 * known by their code, their labels in either language and the words old systems use.
 */
public final class ImportText {

    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern LABEL_DECORATION = Pattern.compile("[\\s_\\-/]");

    private ImportText() {}

    /** Text compared without regard to case, width or runs of spaces. */
    public static String normalised(String text) {
        var t = Normalizer.normalize(text, Normalizer.Form.NFKC).strip();
        return SPACES.matcher(t).replaceAll(" ").toLowerCase(Locale.ROOT);
    }

    /** A choice's label as compared: width, case, spaces, dashes and slashes aside. */
    public static String labelKey(String text) {
        return LABEL_DECORATION
                .matcher(Normalizer.normalize(text, Normalizer.Form.NFKC))
                .replaceAll("")
                .toLowerCase(Locale.ROOT);
    }

    /**
     * The choices of an enum by their keys: each constant's name, its label in English and in Chinese (as
     * {@code label} finds it for a constant and a locale, or null), then the other words each is known by.
     */
    public static <E extends Enum<E>> Map<String, E> labels(
            Class<E> type, java.util.function.BiFunction<E, Locale, String> label, Map<E, List<String>> aliases) {
        var map = new HashMap<String, E>();
        for (var constant : type.getEnumConstants()) {
            map.put(labelKey(constant.name()), constant);
            for (var locale : List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE)) {
                var text = label.apply(constant, locale);
                if (text != null) {
                    map.putIfAbsent(labelKey(text), constant);
                }
            }
        }
        aliases.forEach((constant, words) -> words.forEach(w -> map.putIfAbsent(labelKey(w), constant)));
        return Map.copyOf(map);
    }
}
