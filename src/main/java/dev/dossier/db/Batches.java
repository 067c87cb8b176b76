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
 * own and sends one row per statement, which made the SQL rendering the largest cost of loading customers. On
 * PostgreSQL, {@link #COPY_FROM} rows or more of one table go through {@code COPY … FROM STDIN} instead, the
 * database's own bulk load, in the same transaction: no statement to render, bind or plan.
 *
 * <p>Each record inserts the fields that were set on it (as {@code batchInsert} does), so columns with a default keep
 * it; records of a table that set different fields go into different statements.
 */
public final class Batches {

    /** Values per statement: below PostgreSQL's limit of 65,535 parameters, and a size H2 parses quickly. */
    static final int MAX_PARAMETERS = 30_000;

    /** Rows of one table and shape from which PostgreSQL's {@code COPY} takes over from the multi-row insert. */
    static final int COPY_FROM = 200;

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
        boolean postgres = db.dialect().family() == org.jooq.SQLDialect.POSTGRES;
        groups.forEach((shape, rows) -> {
            if (postgres && rows.size() >= COPY_FROM) {
                copy(db, shape, rows);
            } else {
                insert(db, shape, rows);
            }
        });
    }

    /** PostgreSQL's {@code COPY} in its text format, streamed a slice of rows at a time. */
    private static void copy(DSLContext db, Shape shape, List<TableRecord<?>> records) {
        var sql = new StringBuilder("COPY ").append(db.render(shape.table())).append(" (");
        for (int i = 0; i < shape.fields().size(); i++) {
            sql.append(i == 0 ? "" : ", ")
                    .append(db.render(DSL.name(shape.fields().get(i).getName())));
        }
        sql.append(") FROM STDIN");
        db.connection(connection -> {
            var copy = connection
                    .unwrap(org.postgresql.PGConnection.class)
                    .getCopyAPI()
                    .copyIn(sql.toString());
            try {
                var text = new StringBuilder(64 * 1024);
                for (var record : records) {
                    for (int i = 0; i < shape.fields().size(); i++) {
                        if (i > 0) {
                            text.append('\t');
                        }
                        copyText(text, record.get(shape.fields().get(i)));
                    }
                    text.append('\n');
                    if (text.length() >= 60 * 1024) {
                        send(copy, text);
                    }
                }
                send(copy, text);
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        });
    }

    /** Sends the rows written so far and empties the buffer. */
    private static void send(org.postgresql.copy.CopyIn copy, StringBuilder text) throws java.sql.SQLException {
        var bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        text.setLength(0);
    }

    /** A value as {@code COPY}'s text format reads it: {@code \N} for null, special characters escaped. */
    static void copyText(StringBuilder out, Object value) {
        if (value == null) {
            out.append("\\N");
            return;
        }
        copyEscaped(
                out,
                switch (value) {
                    case byte[] bytes -> "\\x" + java.util.HexFormat.of().formatHex(bytes);
                    case Boolean b -> b ? "t" : "f";
                    default -> value.toString();
                });
    }

    /** Text as a column of {@code COPY}'s text format: backslash, line breaks and tabs escaped. */
    public static void copyEscaped(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
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
            // The statement's SQL depends only on the table, the columns and the number of rows: the small ones
            // (a customer saved, its points and terms) are rendered once; a large one costs little per row anyway.
            var key = new Rendered(db.dialect(), shape, chunk.size());
            var sql = chunk.size() <= RENDERED_ROWS ? RENDERED.get(key) : null;
            if (sql == null) {
                sql = db.render(
                        db.insertInto(shape.table()).columns(shape.fields()).valuesOfRows(rows));
                if (chunk.size() <= RENDERED_ROWS) {
                    if (RENDERED.size() >= RENDERED_LIMIT) {
                        RENDERED.clear();
                    }
                    RENDERED.put(key, sql);
                }
            }
            var values = new Object[chunk.size() * shape.fields().size()];
            int i = 0;
            for (var row : rows) {
                for (var value : row.fields()) {
                    values[i++] = value;
                }
            }
            db.query(sql, values).execute();
        }
    }

    private static <T> Field<T> value(TableRecord<?> record, Field<T> field) {
        return DSL.val(record.get(field), field);
    }

    private record Shape(Table<?> table, List<Field<?>> fields) {}

    private record Rendered(org.jooq.SQLDialect dialect, Shape shape, int rows) {}

    /** SQL of the statements rendered so far, by dialect, shape and number of rows; emptied when full. */
    private static final java.util.Map<Rendered, String> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

    private static final int RENDERED_LIMIT = 2_000;

    private static final int RENDERED_ROWS = 100;
}
