package dev.dossier.keys;

import java.util.List;
import java.util.Set;

/**
 * What a module that keeps encrypted values tells the background job and the encryption page: its encrypted
 * columns, and the optional fields an administrator may mark sensitive.
 */
public interface EncryptedData {

    /** The columns holding encrypted values. */
    List<EncryptedColumn> columns();

    /** Fields an administrator may mark sensitive, by name (the page labels them {@code encryption.field.<name>}). */
    default List<String> markableFields() {
        return List.of();
    }

    /** The markable fields marked sensitive now. */
    default Set<String> markedFields() {
        return Set.of();
    }

    /** Marks a field sensitive or not; the job then encrypts or decrypts its values. */
    default void mark(String field, boolean sensitive) {
        throw new IllegalArgumentException("Not a markable field: " + field);
    }
}
