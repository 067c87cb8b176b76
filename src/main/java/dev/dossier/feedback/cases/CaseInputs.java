package dev.dossier.feedback.cases;

import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.Inputs;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/** The checks of typed text and choices of the case forms and payloads, with the case messages. */
final class CaseInputs {

    private static final Inputs CHECKS = new Inputs("cases.field");

    private CaseInputs() {}

    static String text(List<FieldProblem> problems, String field, String value, int max, boolean required) {
        return CHECKS.text(problems, field, value, max, required);
    }

    static <E extends Enum<E>> E option(
            List<FieldProblem> problems, String field, String value, Class<E> type, boolean required) {
        return CHECKS.option(problems, field, value, type, required);
    }

    /** Tags as stored: trimmed, lower case, without repeats, comma-separated; null for none. */
    static String tags(List<FieldProblem> problems, String field, List<String> tags) {
        if (tags == null) {
            return null;
        }
        var clean = new LinkedHashSet<String>();
        for (var tag : tags) {
            if (tag == null) {
                continue;
            }
            for (var part : tag.split(",")) {
                var text = Inputs.trim(part);
                if (text != null) {
                    clean.add(text.toLowerCase(Locale.ROOT));
                }
            }
        }
        if (clean.isEmpty()) {
            return null;
        }
        var joined = String.join(",", clean);
        if (joined.length() > 500) {
            problems.add(new FieldProblem(field, "cases.field.too-long", 500));
        }
        return joined;
    }
}
