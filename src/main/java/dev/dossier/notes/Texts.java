package dev.dossier.notes;

import dev.dossier.shared.FieldProblem;
import java.util.List;

/** The checks of typed text and choices of the notes forms and payloads, with the notes messages. */
final class Texts {

    private static final dev.dossier.shared.Inputs CHECKS = new dev.dossier.shared.Inputs("field");

    private Texts() {}

    static String trim(String text) {
        return dev.dossier.shared.Inputs.trim(text);
    }

    static String text(List<FieldProblem> problems, String field, String value, int max, boolean required) {
        return CHECKS.text(problems, field, value, max, required);
    }

    static <E extends Enum<E>> E option(
            List<FieldProblem> problems, String field, String value, Class<E> type, boolean required) {
        return CHECKS.option(problems, field, value, type, required);
    }
}
