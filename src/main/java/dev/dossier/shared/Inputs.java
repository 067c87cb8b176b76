package dev.dossier.shared;

/**
 * Typed text as drafts keep it (trimmed, blank as nothing) and a checked choice as its enum constant; the rules
 * themselves are constraints checked by {@link FieldRules}.
 */
public final class Inputs {

    private Inputs() {}

    /** The text without surrounding white space, or null when nothing is left. */
    public static String trim(String text) {
        if (text == null) {
            return null;
        }
        var trimmed = text.strip();
        return trimmed.isEmpty() ? null : trimmed;
    }

    /**
     * The named constant of {@code type}, or null for no text or a name of no constant (which a {@link OneOf}
     * constraint on the same text reports).
     */
    public static <E extends Enum<E>> E choice(Class<E> type, String value) {
        var text = trim(value);
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
