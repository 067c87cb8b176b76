package dev.dossier.shared;

import java.util.function.IntSupplier;
import org.springframework.dao.DuplicateKeyException;

/**
 * Inserts that tolerate a concurrent writer of the same key.
 *
 * <p>On PostgreSQL, {@code INSERT ... ON CONFLICT} is atomic. H2 runs the same jOOQ statement as a {@code MERGE}
 * that checks for the row and then inserts it: when two transactions insert one key at once, the second waits for
 * the first and then fails on the unique index. H2 rolls back only that statement, so the transaction can go on;
 * these helpers give that race the meaning the statement has on PostgreSQL.
 */
public final class Upserts {

    private Upserts() {}

    /**
     * Runs an {@code INSERT ... ON CONFLICT DO NOTHING}; a row another transaction inserted at the same moment
     * counts as a conflict. Returns the rows inserted.
     */
    public static int ifAbsent(IntSupplier insert) {
        try {
            return insert.getAsInt();
        } catch (DuplicateKeyException raced) {
            return 0;
        }
    }

    /**
     * Runs an {@code INSERT ... ON CONFLICT DO UPDATE}; when another transaction inserted the row at the same moment,
     * runs it once more, which now finds that row and updates it. Returns the rows written.
     */
    public static int merge(IntSupplier upsert) {
        try {
            return upsert.getAsInt();
        } catch (DuplicateKeyException raced) {
            return upsert.getAsInt();
        }
    }
}
