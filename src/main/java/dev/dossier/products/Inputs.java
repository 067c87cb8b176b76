package dev.dossier.products;

import dev.dossier.shared.FieldProblem;
import java.util.List;

/** The checks of typed text and choices of the product forms and payloads, with the product messages. */
final class Inputs {

    private static final dev.dossier.shared.Inputs CHECKS = new dev.dossier.shared.Inputs("products.field");

    private Inputs() {}

    static String text(List<FieldProblem> problems, String field, String value, int max, boolean required) {
        return CHECKS.text(problems, field, value, max, required);
    }
}
