package dev.dossier.notes;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code @username} in a comment or a note. A mention starts at the beginning of the text or after a character that
 * is not part of a name, so an e-mail address mentions nobody; a full stop or other punctuation ends it.
 */
final class Mentions {

    private static final Pattern MENTION = Pattern.compile("(?<![A-Za-z0-9._@-])@([A-Za-z0-9][A-Za-z0-9._-]*)");

    private Mentions() {}

    /** The user names mentioned, each once, in order, without the {@code @}. */
    static Set<String> in(String text) {
        var names = new LinkedHashSet<String>();
        if (text == null) {
            return names;
        }
        var matcher = MENTION.matcher(text);
        while (matcher.find()) {
            var name = matcher.group(1);
            while (name.endsWith(".") || name.endsWith("-")) {
                name = name.substring(0, name.length() - 1);
            }
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }
}
