package dev.dossier.shared;

import java.util.List;

/**
 * The small checks every form and payload makes on typed text and choices, reporting problems with the message
 * keys of one module: {@code <prefix>.required}, {@code <prefix>.too-long} and {@code <prefix>.unknown-option}.
 */
public final class Inputs {

    private final String prefix;

    /** Checks that report with keys under {@code prefix}, e.g. {@code task.field}. */
    public Inputs(String prefix) {
        this.prefix = prefix;
    }

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

    /** The trimmed text; adds a problem when it is missing but required, or longer than {@code max}. */
    public String text(List<FieldProblem> problems, String field, String value, int max, boolean required) {
        var text = trim(value);
        if (text == null && required) {
            problems.add(new FieldProblem(field, prefix + ".required"));
        } else if (text != null && text.length() > max) {
            problems.add(new FieldProblem(field, prefix + ".too-long", max));
        }
        return text;
    }

    /** The named constant of {@code type}; adds a problem when missing (and required) or unknown. */
    public <E extends Enum<E>> E option(
            List<FieldProblem> problems, String field, String value, Class<E> type, boolean required) {
        var text = trim(value);
        if (text == null) {
            if (required) {
                problems.add(new FieldProblem(field, prefix + ".required"));
            }
            return null;
        }
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(field, prefix + ".unknown-option"));
            return null;
        }
    }
}
