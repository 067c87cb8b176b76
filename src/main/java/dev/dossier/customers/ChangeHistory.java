package dev.dossier.customers;

import static dev.dossier.db.Tables.CUSTOMER_CHANGE;
import static dev.dossier.db.Tables.CUSTOMER_CHANGE_FIELD;
import static dev.dossier.db.Tables.LIFECYCLE_TRANSITION;

import dev.dossier.db.Batches;
import dev.dossier.db.tables.records.CustomerChangeFieldRecord;
import dev.dossier.db.tables.records.CustomerChangeRecord;
import dev.dossier.db.tables.records.LifecycleTransitionRecord;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** The history of a dossier: who changed which fields of the customer and its contacts, and when. */
@Repository
class ChangeHistory {

    /** What was done to a customer or contact. */
    enum Action {
        CREATED,
        UPDATED,
        TRASHED,
        RESTORED,
        DELETED
    }

    /**
     * One entry of the history, newest first when listed.
     *
     * @param id entry id
     * @param subjectKind CUSTOMER or CONTACT
     * @param subjectLabel the name of what changed, as it was then
     * @param action what was done
     * @param changedAt when
     * @param changedBy who, or null for the system
     * @param fields the changed fields
     * @param source where the change came from: {@link #IMPORT} for rows brought in from a file, null otherwise
     */
    record Entry(
            UUID id,
            String subjectKind,
            String subjectLabel,
            Action action,
            OffsetDateTime changedAt,
            UUID changedBy,
            List<FieldChange> fields,
            String source) {

        boolean imported() {
            return IMPORT.equals(source);
        }
    }

    /** The source of changes made by an import. */
    static final String IMPORT = "IMPORT";

    /**
     * A lifecycle stage change.
     *
     * @param from previous stage or null
     * @param to new stage
     * @param changedAt when
     * @param changedBy who
     */
    record StageChange(LifecycleStage from, LifecycleStage to, OffsetDateTime changedAt, UUID changedBy) {}

    private final DSLContext db;
    private final CustomerCrypto crypto;

    ChangeHistory(DSLContext db, CustomerCrypto crypto) {
        this.db = db;
        this.crypto = crypto;
    }

    void record(
            UUID customerId,
            String subjectKind,
            UUID subjectId,
            String label,
            Action action,
            List<FieldChange> fields,
            OffsetDateTime at,
            UUID by) {
        record(customerId, subjectKind, subjectId, label, action, fields, at, by, null);
    }

    void record(
            UUID customerId,
            String subjectKind,
            UUID subjectId,
            String label,
            Action action,
            List<FieldChange> fields,
            OffsetDateTime at,
            UUID by,
            String source) {
        var changeId = UUID.randomUUID();
        Batches.insert(
                db,
                List.of(new CustomerChangeRecord(
                        changeId,
                        customerId,
                        subjectKind,
                        subjectId,
                        truncate(label, 200),
                        action.name(),
                        at,
                        by,
                        source)));
        if (!fields.isEmpty()) {
            var rows = new ArrayList<CustomerChangeFieldRecord>();
            for (int i = 0; i < fields.size(); i++) {
                var f = fields.get(i);
                var oldValue = truncate(f.oldValue(), 2000);
                var newValue = truncate(f.newValue(), 2000);
                if (crypto.sensitiveInHistory(f.field())) {
                    oldValue = crypto.seal(CustomerCrypto.HISTORY_OLD, oldValue);
                    newValue = crypto.seal(CustomerCrypto.HISTORY_NEW, newValue);
                }
                rows.add(new CustomerChangeFieldRecord(changeId, i, f.field(), oldValue, newValue));
            }
            Batches.insert(db, rows);
        }
    }

    /** Records the creation of many customers at once (the demo data, benchmarks). */
    void recordCreatedAll(List<Customer> customers) {
        recordCreatedAll(customers, null);
    }

    /** Records the creation of many customers at once, from {@code source} ({@link #IMPORT}, or null). */
    void recordCreatedAll(List<Customer> customers, String source) {
        var changes = new ArrayList<CustomerChangeRecord>();
        var stages = new ArrayList<LifecycleTransitionRecord>();
        for (var c : customers) {
            changes.add(new CustomerChangeRecord(
                    UUID.randomUUID(),
                    c.id(),
                    "CUSTOMER",
                    c.id(),
                    truncate(c.details().name(), 200),
                    Action.CREATED.name(),
                    c.createdAt(),
                    c.createdBy(),
                    source));
            stages.add(new LifecycleTransitionRecord(
                    UUID.randomUUID(),
                    c.id(),
                    null,
                    c.details().lifecycleStage().name(),
                    c.createdAt(),
                    c.createdBy()));
        }
        Batches.insert(db, changes);
        Batches.insert(db, stages);
    }

    void recordStage(UUID customerId, LifecycleStage from, LifecycleStage to, OffsetDateTime at, UUID by) {
        Batches.insert(
                db,
                List.of(new LifecycleTransitionRecord(
                        UUID.randomUUID(), customerId, from == null ? null : from.name(), to.name(), at, by)));
    }

    List<Entry> of(UUID customerId, int limit) {
        var changes = db.selectFrom(CUSTOMER_CHANGE)
                .where(CUSTOMER_CHANGE.CUSTOMER_ID.eq(customerId))
                .orderBy(CUSTOMER_CHANGE.CHANGED_AT.desc(), CUSTOMER_CHANGE.ID)
                .limit(limit)
                .fetch();
        var fields = new LinkedHashMap<UUID, List<FieldChange>>();
        if (!changes.isEmpty()) {
            db.selectFrom(CUSTOMER_CHANGE_FIELD)
                    .where(CUSTOMER_CHANGE_FIELD.CHANGE_ID.in(changes.map(CustomerChangeRecord::getId)))
                    .orderBy(CUSTOMER_CHANGE_FIELD.CHANGE_ID, CUSTOMER_CHANGE_FIELD.POSITION)
                    .forEach(f -> fields.computeIfAbsent(f.getChangeId(), k -> new ArrayList<>())
                            .add(new FieldChange(
                                    f.getField(),
                                    crypto.open(CustomerCrypto.HISTORY_OLD, f.getOldValue()),
                                    crypto.open(CustomerCrypto.HISTORY_NEW, f.getNewValue()))));
        }
        return changes.map(c -> new Entry(
                c.getId(),
                c.getSubjectKind(),
                c.getSubjectLabel(),
                Action.valueOf(c.getAction()),
                c.getChangedAt(),
                c.getChangedBy(),
                fields.getOrDefault(c.getId(), List.of()),
                c.getSource()));
    }

    List<StageChange> stages(UUID customerId) {
        return db.selectFrom(LIFECYCLE_TRANSITION)
                .where(LIFECYCLE_TRANSITION.CUSTOMER_ID.eq(customerId))
                .orderBy(LIFECYCLE_TRANSITION.CHANGED_AT, LIFECYCLE_TRANSITION.ID)
                .fetch(r -> new StageChange(
                        r.getFromStage() == null ? null : LifecycleStage.valueOf(r.getFromStage()),
                        LifecycleStage.valueOf(r.getToStage()),
                        r.getChangedAt(),
                        r.getChangedBy()));
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
