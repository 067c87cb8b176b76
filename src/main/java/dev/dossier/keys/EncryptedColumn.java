package dev.dossier.keys;

import java.util.List;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * A column that holds encrypted values, as the background job walks it.
 *
 * @param name {@code table.column}; also the associated data its values are bound to
 * @param table the table
 * @param key the primary key columns, walked in order
 * @param value the column
 * @param encryptScope rows whose plain values are to be encrypted (asked anew on every walk)
 * @param decryptScope rows whose encrypted values are to be decrypted, because their field is no longer sensitive
 */
public record EncryptedColumn(
        String name,
        Table<?> table,
        List<Field<?>> key,
        Field<String> value,
        Supplier<Condition> encryptScope,
        Supplier<Condition> decryptScope) {

    public EncryptedColumn {
        key = List.copyOf(key);
    }

    /** A column whose values are always encrypted. */
    public static EncryptedColumn always(String name, Table<?> table, List<Field<?>> key, Field<String> value) {
        return new EncryptedColumn(name, table, key, value, DSL::trueCondition, DSL::falseCondition);
    }

    /** A column encrypted while {@code sensitive} says so, decrypted otherwise. */
    public static EncryptedColumn whileMarked(
            String name, Table<?> table, List<Field<?>> key, Field<String> value, Supplier<Boolean> sensitive) {
        return new EncryptedColumn(
                name,
                table,
                key,
                value,
                () -> sensitive.get() ? DSL.trueCondition() : DSL.falseCondition(),
                () -> sensitive.get() ? DSL.falseCondition() : DSL.trueCondition());
    }
}
