package dev.dossier.feedback.measures;

import static dev.dossier.db.Tables.APP_USER;
import static dev.dossier.db.Tables.CUSTOMER;
import static dev.dossier.db.Tables.FEEDBACK_CASE;

import dev.dossier.support.TestClock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.DSLContext;

/**
 * Customers and cases written straight into the tables, with the times a report needs (opened, answered and resolved
 * at given moments), which the workflow would only set to the present.
 */
public final class MeasuresFixtures {

    private static final AtomicLong CASE_NO = new AtomicLong(System.nanoTime() % 1_000_000_000L * 10);

    private final DSLContext db;

    public MeasuresFixtures(DSLContext db) {
        this.db = db;
    }

    /** A product in the catalogue, active, with the name as its code too. */
    public UUID product(String name) {
        var id = UUID.randomUUID();
        db.execute(
                "INSERT INTO product (id, code, name, status, created_at, updated_at) VALUES (?, ?, ?, 'ACTIVE', "
                        + "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                id,
                (name + "-" + id).substring(0, 40).toUpperCase(),
                name);
        return id;
    }

    /** An active version of a product. */
    public UUID version(UUID product, String label) {
        var id = UUID.randomUUID();
        db.execute(
                "INSERT INTO product_version (id, product_id, label, status, created_at, updated_at) VALUES (?, ?, "
                        + "?, 'ACTIVE', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                id,
                product,
                label);
        return id;
    }

    /** Units sold of a product (version null: the product as a whole) in the month starting on {@code month}. */
    public void units(UUID product, UUID version, java.time.LocalDate month, int units) {
        db.execute(
                "INSERT INTO units_sold (id, product_id, version_id, version_key, sold_month, units, source, "
                        + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'MANUAL', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                UUID.randomUUID(),
                product,
                version,
                version == null ? new UUID(0, 0) : version,
                month,
                units);
    }

    /** A company customer in the stage, owned by the user (and their team). */
    public UUID customer(String ownerUsername, String stage) {
        var id = UUID.randomUUID();
        var now = TestClock.utcNow();
        var owner = db.select(APP_USER.ID, APP_USER.TEAM_ID)
                .from(APP_USER)
                .where(APP_USER.USERNAME.eq(ownerUsername))
                .fetchOne();
        db.insertInto(CUSTOMER)
                .set(CUSTOMER.ID, id)
                .set(CUSTOMER.TYPE, "COMPANY")
                .set(CUSTOMER.NAME, "Measured " + id)
                .set(CUSTOMER.SORT_NAME, "measured " + id)
                .set(CUSTOMER.GRADE, "ORDINARY")
                .set(CUSTOMER.LIFECYCLE_STAGE, stage)
                .set(CUSTOMER.OWNER_ID, owner.value1())
                .set(CUSTOMER.TEAM_ID, owner.value2())
                .set(CUSTOMER.CREATED_AT, now)
                .set(CUSTOMER.UPDATED_AT, now)
                .execute();
        return id;
    }

    /**
     * The columns of a case opened at {@code at}, its first response due an hour later and its resolution in eight
     * hours; put more columns (by their names) before {@link #insert}.
     */
    public static Map<String, Object> opened(
            UUID customer, OffsetDateTime at, String kind, String priority, UUID team, String category) {
        var c = new HashMap<String, Object>();
        c.put("customer_id", customer);
        c.put("kind", kind);
        c.put("priority", priority);
        c.put("team_id", team);
        c.put("category", category);
        c.put("created_at", at);
        c.put("first_response_due_at", at.plusMinutes(60));
        c.put("resolution_due_at", at.plusHours(8));
        return c;
    }

    /** Writes the case: resolved when it has {@code resolved_at}, in progress otherwise. */
    @SuppressWarnings("unchecked")
    public UUID insert(Map<String, Object> columns) {
        var f = FEEDBACK_CASE;
        var id = UUID.randomUUID();
        boolean resolved = columns.get("resolved_at") != null;
        var insert = db.insertInto(f)
                .set(f.ID, id)
                .set(f.CASE_NO, CASE_NO.incrementAndGet())
                .set(f.TITLE, "Measured case")
                .set(f.CHANNEL, "PHONE")
                .set(f.STATUS, resolved ? "RESOLVED" : "IN_PROGRESS")
                .set(f.ACTIVE, !resolved)
                .set(f.UPDATED_AT, (OffsetDateTime) columns.get("created_at"));
        for (var e : columns.entrySet()) {
            insert = insert.set((org.jooq.Field<Object>) f.field(e.getKey()), e.getValue());
        }
        insert.execute();
        return id;
    }
}
