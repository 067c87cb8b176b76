package dev.dossier.notes;

import dev.dossier.shared.FieldProblem;
import java.util.List;

/** Small checks of typed text shared by the notes forms and payloads. */
final class Texts {

    private Texts() {
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
            problems.add(new FieldProblem(field, "field.required"));
        } else if (text != null && text.length() > max) {
            problems.add(new FieldProblem(field, "field.too-long", max));
        }
        return text;
    }
}
