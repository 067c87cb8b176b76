package dev.dossier.shared;

/**
 * One thing wrong with one field of a submitted form or payload.
 *
 * @param field the field's path, as the form and the JSON name it ({@code phones[1].number})
 * @param code a message key that says what is wrong
 * @param args arguments of the message
 */
public record FieldProblem(String field, String code, Object... args) {}
