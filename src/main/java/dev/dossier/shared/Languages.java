package dev.dossier.shared;

import java.util.List;
import java.util.Locale;

/**
 * The languages Dossier has message bundles for, as language tags: English and Simplified Chinese. Text for a
 * customer who speaks another language (German, say) is written in English.
 */
public final class Languages {

    /** English. */
    public static final String ENGLISH = "en";
    /** Simplified Chinese. */
    public static final String CHINESE = "zh-CN";
    /** Every supported tag, in the order forms offer them. */
    public static final List<String> SUPPORTED = List.of(ENGLISH, CHINESE);

    private Languages() {}

    /** The supported tag to write in for a locale: Chinese for any Chinese, English for anything else. */
    public static String of(Locale locale) {
        return locale != null && "zh".equals(locale.getLanguage()) ? CHINESE : ENGLISH;
    }

    /** The supported tag a typed tag stands for ({@code zh}, {@code zh_cn}, {@code EN}), or null if none. */
    public static String parse(String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        var normal = tag.strip().replace('_', '-');
        return SUPPORTED.stream()
                .filter(s -> s.equalsIgnoreCase(normal))
                .findFirst()
                .orElse("zh".equalsIgnoreCase(normal) ? CHINESE : null);
    }
}
