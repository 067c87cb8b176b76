package dev.dossier.db;

import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/** Walks a table by its key, a page at a time: what a rebuild or a scan of every row reads, by the primary index. */
public final class KeyPages {

    private KeyPages() {}

    /**
     * Up to {@code limit} distinct values of {@code key} after {@code after} (null: from the first), in order, of the
     * rows that meet {@code condition}.
     */
    public static List<UUID> next(DSLContext db, Field<UUID> key, Condition condition, UUID after, int limit) {
        var table = key instanceof org.jooq.TableField<?, ?> field ? field.getTable() : null;
        if (table == null) {
            throw new IllegalArgumentException("a table's column is needed: " + key);
        }
        return db.selectDistinct(key)
                .from(table)
                .where(after == null ? DSL.noCondition() : key.gt(after))
                .and(condition)
                .orderBy(key)
                .limit(limit)
                .fetch(key);
    }
}
