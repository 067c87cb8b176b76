package dev.dossier.shared;

/**
 * One field's value before and after a change, as other modules (the audit trail) receive it.
 *
 * @param field field name, for a contact prefixed with {@code contact.}
 * @param before value before, or null
 * @param after value after, or null
 * @param sensitive true when the values are personal information that must not be copied in plain text
 */
public record ValueChange(String field, String before, String after, boolean sensitive) {}
