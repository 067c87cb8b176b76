package dev.dossier.db;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.RowN;
import org.jooq.Table;
import org.jooq.TableRecord;
import org.jooq.impl.DSL;

/**
 * Inserts many new records with few statements: one multi-row {@code INSERT … VALUES (…), (…), …} for up to
 * {@link #MAX_PARAMETERS} values, rendered once. jOOQ's {@code batchInsert} renders each record's statement on its
 * own and sends one row per statement, which made the SQL rendering the largest cost of loading customers.
 *
 * <p>Each record inserts the fields that were set on it (as {@code batchInsert} does), so columns with a default keep
 * it; records of a table that set different fields go into different statements.
 */
public final class Batches {

    /** Values per statement: below PostgreSQL's limit of 65,535 parameters, and a size H2 parses quickly. */
    static final int MAX_PARAMETERS = 30_000;

    private Batches() {}

    /** Inserts the records (of one table or several, each table's in the order given). */
    public static void insert(DSLContext db, Collection<? extends TableRecord<?>> records) {
        if (records.isEmpty()) {
            return;
        }
        var groups = new LinkedHashMap<Shape, List<TableRecord<?>>>();
        for (var record : records) {
            var fields = new ArrayList<Field<?>>();
            for (var field : record.fields()) {
                if (record.changed(field)) {
                    fields.add(field);
                }
            }
            groups.computeIfAbsent(new Shape(record.getTable(), List.copyOf(fields)), s -> new ArrayList<>())
                    .add(record);
        }
        groups.forEach((shape, rows) -> insert(db, shape, rows));
    }

    private static void insert(DSLContext db, Shape shape, List<TableRecord<?>> records) {
        int perStatement =
                Math.max(1, MAX_PARAMETERS / Math.max(1, shape.fields().size()));
        for (int from = 0; from < records.size(); from += perStatement) {
            var chunk = records.subList(from, Math.min(records.size(), from + perStatement));
            var rows = new ArrayList<RowN>(chunk.size());
            for (var record : chunk) {
                var values = new ArrayList<Field<?>>(shape.fields().size());
                for (var field : shape.fields()) {
                    values.add(value(record, field));
                }
                rows.add(DSL.row(values));
            }
            db.insertInto(shape.table())
                    .columns(shape.fields())
                    .valuesOfRows(rows)
                    .execute();
        }
    }

    private static <T> Field<T> value(TableRecord<?> record, Field<T> field) {
        return DSL.val(record.get(field), field);
    }

    private record Shape(Table<?> table, List<Field<?>> fields) {}
}
