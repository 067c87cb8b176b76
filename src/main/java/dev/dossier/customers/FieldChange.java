package dev.dossier.customers;

/**
 * One field's change, its values as stored (codes and E.164 numbers, not translated).
 *
 * @param field field name
 * @param oldValue before, or null
 * @param newValue after, or null
 */
record FieldChange(String field, String oldValue, String newValue) {}
