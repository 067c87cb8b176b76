package dev.dossier.db;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

/**
 * Who made and last changed a row, when, and its version for optimistic locking: the columns every table carries
 * ({@code created_at}, {@code created_by}, {@code updated_at}, {@code updated_by}, {@code version}), set in this one
 * place by every module. A table without one of them simply does not get it.
 */
public final class Stamps {

    private Stamps() {}

    /** Stamps a new record as made and last changed by {@code by} at {@code at}, at version 0. */
    public static <R extends Record> R created(R record, UUID by, OffsetDateTime at) {
        set(record, "created_at", at);
        set(record, "created_by", by);
        set(record, "version", 0);
        return changedOnly(record, by, at);
    }

    /** Stamps a record as changed by {@code by} at {@code at} and counts one more version. */
    public static <R extends Record> R changed(R record, UUID by, OffsetDateTime at) {
        var version = record.field("version");
        if (version != null && record.get(version) instanceof Number number) {
            set(record, "version", number.intValue() + 1);
        }
        return changedOnly(record, by, at);
    }

    /**
     * Stamps a record that will update the row read at {@code readVersion}: changed by {@code by} at {@code at}, at
     * the next version.
     */
    public static <R extends Record> R changed(R record, UUID by, OffsetDateTime at, int readVersion) {
        set(record, "version", readVersion + 1);
        return changedOnly(record, by, at);
    }

    /** The values an update made by Dossier itself (no user) sets: changed at {@code at}, one more version. */
    public static Map<Field<?>, Object> changed(Table<?> table, OffsetDateTime at) {
        var values = changed(table, null, at);
        values.remove(table.field("updated_by"));
        return values;
    }

    /** The values an insert into {@code table} sets: made and last changed by {@code by} at {@code at}, version 0. */
    public static Map<Field<?>, Object> created(Table<?> table, UUID by, OffsetDateTime at) {
        var values = new LinkedHashMap<Field<?>, Object>();
        put(values, table, "created_at", at);
        put(values, table, "created_by", by);
        put(values, table, "updated_at", at);
        put(values, table, "updated_by", by);
        put(values, table, "version", 0);
        return values;
    }

    /** The values an update of {@code table} sets: changed by {@code by} at {@code at}, one more version. */
    @SuppressWarnings("unchecked")
    public static Map<Field<?>, Object> changed(Table<?> table, UUID by, OffsetDateTime at) {
        var values = new LinkedHashMap<Field<?>, Object>();
        put(values, table, "updated_at", at);
        put(values, table, "updated_by", by);
        var version = (Field<Integer>) table.field("version");
        if (version != null) {
            values.put(version, version.plus(1));
        }
        return values;
    }

    private static <R extends Record> R changedOnly(R record, UUID by, OffsetDateTime at) {
        set(record, "updated_at", at);
        set(record, "updated_by", by);
        return record;
    }

    @SuppressWarnings("unchecked")
    private static void set(Record record, String name, Object value) {
        var field = (Field<Object>) record.field(name);
        if (field != null) {
            record.set(field, field.getDataType().convert(value));
        }
    }

    private static void put(Map<Field<?>, Object> values, Table<?> table, String name, Object value) {
        var field = table.field(name);
        if (field != null) {
            values.put(field, value);
        }
    }
}
