package dev.dossier.db;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.ResultQuery;
import org.jooq.Table;
import org.springframework.stereotype.Component;

/**
 * The hottest statements (a customer read by key, an audit entry), rendered to SQL once and run again with new
 * values. Turning jOOQ's query tree into SQL is, for such small statements, the largest single cost of a read: more
 * than binding, executing and mapping together. A shape is the statement written with {@code DSL.param(...)} in the
 * place of each value, in the order the values are passed; it is rendered the first time its name is used, and the SQL
 * is run as plain SQL whose columns are read as the shape's fields (or the table's record), so values come back with
 * the same types and converters as the query written out.
 */
@Component
public class RenderedOnce {

    private final DSLContext db;
    private final Map<String, Rendered> rendered = new ConcurrentHashMap<>();

    private record Rendered(String sql, Field<?>[] fields) {}

    RenderedOnce(DSLContext db) {
        this.db = db;
    }

    /** The table's records that the shape selects, read with {@code values} in place of its parameters. */
    public <R extends Record> Result<R> fetch(
            String name, Table<R> table, Supplier<? extends ResultQuery<R>> shape, Object... values) {
        return db.resultQuery(rendered(name, shape).sql(), values).coerce(table).fetch();
    }

    /** The rows that the shape selects, with its fields, read with {@code values} in place of its parameters. */
    public Result<Record> fetch(String name, Supplier<? extends ResultQuery<?>> shape, Object... values) {
        var query = rendered(name, shape);
        return db.resultQuery(query.sql(), values).coerce(query.fields()).fetch();
    }

    /** Runs the shape (an insert, update or delete) with {@code values} in place of its parameters. */
    public int execute(String name, Supplier<? extends Query> shape, Object... values) {
        return db.query(rendered(name, shape).sql(), values).execute();
    }

    private Rendered rendered(String name, Supplier<? extends Query> shape) {
        var known = rendered.get(name);
        if (known != null) {
            return known;
        }
        return rendered.computeIfAbsent(name, n -> {
            var query = shape.get();
            return new Rendered(db.render(query), query instanceof ResultQuery<?> r ? r.fields() : new Field<?>[0]);
        });
    }
}
