package dev.dossier.feedback.cases;

import static dev.dossier.db.Tables.CASE_MESSAGE;
import static dev.dossier.db.Tables.CASE_TRANSITION;
import static dev.dossier.db.Tables.FEEDBACK_CASE;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.db.Sequences;
import dev.dossier.db.Stamps;
import dev.dossier.db.tables.records.FeedbackCaseRecord;
import dev.dossier.feedback.CaseMessageKind;
import dev.dossier.feedback.CaseStatus;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.RecordScope;
import dev.dossier.shared.NotFoundException;
import dev.dossier.shared.StaleVersionException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/**
 * Stores cases, their transitions and messages, and reads the cases the current user may see: a case is visible when
 * it is not deleted and the user reaches its customer, or it is assigned to them or to their team, or their scope in
 * the cases area covers its assignee or team. Nobody signed in (schedules, the public form) sees every case.
 */
@Component
class CaseRepository {

    /**
     * One move in a case's history.
     *
     * @param from status before, or null for the opening
     * @param to status after
     * @param actorId who, or null for the customer or the system
     * @param at when
     * @param comment why, or null
     */
    record Transition(CaseStatus from, CaseStatus to, UUID actorId, OffsetDateTime at, String comment) {}

    /**
     * One message of a case's conversation.
     *
     * @param id id
     * @param kind to the customer, among staff, or from the customer
     * @param body plain text
     * @param authorId who wrote it, or null for the customer or the system
     * @param at when
     */
    record Message(UUID id, CaseMessageKind kind, String body, UUID authorId, OffsetDateTime at) {}

    private final DSLContext db;
    private final Access access;
    private final CustomerDirectory customers;
    private final CaseCrypto crypto;

    CaseRepository(DSLContext db, Access access, CustomerDirectory customers, CaseCrypto crypto) {
        this.db = db;
        this.crypto = crypto;
        this.access = access;
        this.customers = customers;
    }

    /** The condition that keeps the cases the current user sees (deleted ones never). */
    Condition visible() {
        var user = CurrentUser.find();
        if (user.isEmpty()) {
            return FEEDBACK_CASE.DELETED_AT.isNull();
        }
        if (!access.allows(Area.CASES, Operation.READ)) {
            return DSL.falseCondition();
        }
        if (access.scope(Area.CASES) == RecordScope.ALL) {
            // Kept simple so that the queue indexes answer the lists in order.
            return FEEDBACK_CASE.DELETED_AT.isNull();
        }
        var me = user.get();
        Condition mine = FEEDBACK_CASE.ASSIGNEE_ID.eq(me.id());
        if (me.teamId() != null) {
            mine = mine.or(FEEDBACK_CASE.TEAM_ID.eq(me.teamId()));
        }
        return FEEDBACK_CASE
                .DELETED_AT
                .isNull()
                .and(mine.or(customers.reachable(FEEDBACK_CASE.CUSTOMER_ID))
                        .or(access.owned(Area.CASES, FEEDBACK_CASE.ASSIGNEE_ID, FEEDBACK_CASE.TEAM_ID)));
    }

    /** The case if the current user sees it. */
    Optional<FeedbackCase> find(UUID id) {
        return db.selectFrom(FEEDBACK_CASE)
                .where(FEEDBACK_CASE.ID.eq(id))
                .and(visible())
                .fetchOptional()
                .map(crypto::open);
    }

    /** The case, or 404 when it does not exist or the current user does not see it. */
    FeedbackCase require(UUID id) {
        return find(id).orElseThrow(() -> new NotFoundException("case"));
    }

    /** The case as stored now, after a change (which others may have added to in the same transaction). */
    FeedbackCase reload(UUID id) {
        return crypto.open(
                db.selectFrom(FEEDBACK_CASE).where(FEEDBACK_CASE.ID.eq(id)).fetchSingle());
    }

    /** The case by its number, if the current user sees it. */
    Optional<FeedbackCase> findByNumber(long caseNo) {
        return db.selectFrom(FEEDBACK_CASE)
                .where(FEEDBACK_CASE.CASE_NO.eq(caseNo))
                .and(visible())
                .fetchOptional()
                .map(crypto::open);
    }

    long nextNumber() {
        return db.nextval(Sequences.FEEDBACK_CASE_NO_SEQ);
    }

    FeedbackCaseRecord newRow() {
        return db.newRecord(FEEDBACK_CASE);
    }

    void insert(FeedbackCase c) {
        crypto.insert(c.row());
    }

    /** A case as read from a row of {@code feedback_case}, its reporter's contact data decrypted. */
    FeedbackCase of(FeedbackCaseRecord row) {
        return crypto.open(row);
    }

    /** Stores what changed on the case, if nobody else changed it since it was read. */
    void save(FeedbackCase c, OffsetDateTime now, UUID by) {
        var row = c.row();
        int version = row.getVersion();
        row.setUpdatedAt(now);
        row.setUpdatedBy(by);
        int updated = db.update(FEEDBACK_CASE)
                .set(row)
                .set(FEEDBACK_CASE.VERSION, version + 1)
                .where(FEEDBACK_CASE.ID.eq(row.getId()))
                .and(FEEDBACK_CASE.VERSION.eq(version))
                .execute();
        if (updated == 0) {
            throw new StaleVersionException("Case", currentVersion(row.getId()));
        }
        row.setVersion(version + 1);
        row.changed(false);
    }

    int currentVersion(UUID id) {
        var v = db.select(FEEDBACK_CASE.VERSION)
                .from(FEEDBACK_CASE)
                .where(FEEDBACK_CASE.ID.eq(id))
                .fetchOne(FEEDBACK_CASE.VERSION);
        return v == null ? -1 : v;
    }

    void recordTransition(
            UUID caseId, CaseStatus from, CaseStatus to, UUID actorId, OffsetDateTime at, String comment) {
        db.insertInto(CASE_TRANSITION)
                .set(CASE_TRANSITION.ID, UUID.randomUUID())
                .set(CASE_TRANSITION.CASE_ID, caseId)
                .set(CASE_TRANSITION.FROM_STATUS, from == null ? null : from.name())
                .set(CASE_TRANSITION.TO_STATUS, to.name())
                .set(CASE_TRANSITION.ACTOR_ID, actorId)
                .set(CASE_TRANSITION.AT, at)
                .set(CASE_TRANSITION.COMMENT, comment)
                .set(Stamps.created(CASE_TRANSITION, actorId, at))
                .execute();
    }

    UUID addMessage(UUID caseId, CaseMessageKind kind, String body, UUID authorId, OffsetDateTime at) {
        var id = UUID.randomUUID();
        db.insertInto(CASE_MESSAGE)
                .set(CASE_MESSAGE.ID, id)
                .set(CASE_MESSAGE.CASE_ID, caseId)
                .set(CASE_MESSAGE.KIND, kind.name())
                .set(CASE_MESSAGE.BODY, body)
                .set(CASE_MESSAGE.AUTHOR_ID, authorId)
                .set(Stamps.created(CASE_MESSAGE, authorId, at))
                .execute();
        return id;
    }

    /** The case's history, oldest first. */
    List<Transition> transitions(UUID caseId) {
        return db.selectFrom(CASE_TRANSITION)
                .where(CASE_TRANSITION.CASE_ID.eq(caseId))
                .orderBy(CASE_TRANSITION.AT, CASE_TRANSITION.ID)
                .fetch(r -> new Transition(
                        r.getFromStatus() == null ? null : CaseStatus.valueOf(r.getFromStatus()),
                        CaseStatus.valueOf(r.getToStatus()),
                        r.getActorId(),
                        r.getAt(),
                        r.getComment()));
    }

    /** The case's conversation, oldest first. */
    List<Message> messages(UUID caseId) {
        return db.selectFrom(CASE_MESSAGE)
                .where(CASE_MESSAGE.CASE_ID.eq(caseId))
                .and(CASE_MESSAGE.DELETED_AT.isNull())
                .orderBy(CASE_MESSAGE.CREATED_AT, CASE_MESSAGE.ID)
                .fetch(r -> new Message(
                        r.getId(),
                        CaseMessageKind.valueOf(r.getKind()),
                        r.getBody(),
                        r.getAuthorId(),
                        r.getCreatedAt()));
    }
}
