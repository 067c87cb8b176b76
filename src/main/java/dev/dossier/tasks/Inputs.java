package dev.dossier.tasks;

import dev.dossier.shared.FieldProblem;
import java.util.List;

/** Small checks shared by the task forms and payloads. */
final class Inputs {

    private Inputs() {
    }

    static String trim(String text) {
        if (text == null) {
            return null;
        }
        var trimmed = text.strip();
        return trimmed.isEmpty() ? null : trimmed;
    }

    /** The trimmed text; adds a problem when it is missing but required, or longer than {@code max}. */
    static String text(List<FieldProblem> problems, String field, String value, int max, boolean required) {
        var text = trim(value);
        if (text == null && required) {
            problems.add(new FieldProblem(field, "task.field.required"));
        } else if (text != null && text.length() > max) {
            problems.add(new FieldProblem(field, "task.field.too-long", max));
        }
        return text;
    }

    /** The named constant of {@code type}; adds a problem when missing (and required) or unknown. */
    static <E extends Enum<E>> E option(List<FieldProblem> problems, String field, String value, Class<E> type,
            boolean required) {
        var text = trim(value);
        if (text == null) {
            if (required) {
                problems.add(new FieldProblem(field, "task.field.required"));
            }
            return null;
        }
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(field, "task.field.unknown-option"));
            return null;
        }
    }
}
