package dev.dossier.keys;

import static dev.dossier.db.Tables.ENCRYPTION_KEY;

import dev.dossier.db.tables.EncryptionKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The keys the values in the database need ({@code encryption_key}): every data key that has encrypted a value here
 * and the blind-index key ({@value #INDEX}), each with a check value that tells two keys of the same id apart. A key
 * ring that lacks one of them, or holds another key under its id, would write new values under a key that cannot
 * read the old ones; such a start is refused.
 */
final class KeyRegistry {

    /** The id the blind-index key is registered under; no data key can have it. */
    static final String INDEX = "#index";

    private static final EncryptionKey TABLE = ENCRYPTION_KEY;
    private static final Field<String> KEY_ID = TABLE.KEY_ID;
    private static final Field<String> CHECK = TABLE.CHECK_VALUE;
    private static final Field<java.time.OffsetDateTime> CREATED_AT = TABLE.CREATED_AT;

    private final DSLContext db;

    KeyRegistry(DSLContext db) {
        this.db = db;
    }

    /**
     * The keys the database needs, by id, each with its check value (null for a key found in values encrypted before
     * the registry existed); empty for a database without the table (not migrated yet, or being restored).
     */
    Map<String, String> needed() {
        try {
            var needed = new LinkedHashMap<String, String>();
            db.select(KEY_ID, CHECK).from(TABLE).orderBy(KEY_ID).forEach(r -> needed.put(r.value1(), r.value2()));
            return needed;
        } catch (DataAccessException e) {
            return Map.of();
        }
    }

    /** Whether the table exists, so that keys can be registered. */
    private boolean present() {
        try {
            db.selectOne().from(TABLE).limit(1).fetch();
            return true;
        } catch (DataAccessException e) {
            return false;
        }
    }

    /** Records the ring's keys before any value is encrypted with them; returns the keys needed afterwards. */
    Map<String, String> register(KeyRing ring) {
        if (!present()) {
            return Map.of();
        }
        var known = needed();
        ring.checks().forEach((id, check) -> {
            if (!known.containsKey(id)) {
                try {
                    db.insertInto(TABLE)
                            .columns(KEY_ID, CHECK, CREATED_AT)
                            .select(DSL.select(DSL.val(id), DSL.val(check), DSL.currentOffsetDateTime())
                                    .whereNotExists(DSL.selectOne().from(TABLE).where(KEY_ID.eq(id))))
                            .execute();
                } catch (DataAccessException e) {
                    // Recorded by another instance meanwhile: compared with this ring's below.
                }
            } else if (known.get(id) == null) {
                db.update(TABLE)
                        .set(CHECK, check)
                        .where(KEY_ID.eq(id))
                        .and(CHECK.isNull())
                        .execute();
            }
        });
        return needed();
    }

    /** What is wrong with the ring for a database that needs these keys; empty when it holds them all. */
    static List<String> problems(KeyRing ring, Map<String, String> needed) {
        var checks = ring.checks();
        var problems = new ArrayList<String>();
        needed.forEach((id, check) -> {
            var name = describe(id);
            if (!checks.containsKey(id)) {
                problems.add(name + " is missing");
            } else if (check != null && !Objects.equals(check, checks.get(id))) {
                problems.add(name + " is another key than the one the data was written with");
            }
        });
        return problems;
    }

    static String describe(String id) {
        return id.equals(INDEX) ? "the blind-index key" : "key " + id;
    }

    /** The message of a refused start: which keys, where they were looked for, and what to do. */
    static String refusal(List<String> problems, Map<String, String> needed, String source) {
        var data = needed.keySet().stream().filter(id -> !id.equals(INDEX)).toList();
        return "The database holds values encrypted with keys " + String.join(", ", data)
                + (needed.containsKey(INDEX) ? " and blind indexes made with its index key" : "")
                + ", but the keys read from " + source + " do not match: " + String.join("; ", problems)
                + ". No key was generated and nothing was written. Start Dossier with the installation's key file: "
                + "DOSSIER_KEYS_FILE=<absolute path> (or its text in DOSSIER_KEYS). Every instance that uses this "
                + "database needs the same keys (see docs/encryption.md).";
    }
}
