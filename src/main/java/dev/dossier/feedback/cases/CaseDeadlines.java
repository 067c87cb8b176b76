package dev.dossier.feedback.cases;

import static dev.dossier.db.Tables.FEEDBACK_CASE;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The service-level marks of a case: its policy and due times, breaches, the warning and the escalation. Only the
 * SLA clocks set them, in the transaction that changed the case or found it late, so each method needs one
 * ({@code MANDATORY}). Each is one statement on the case's row that leaves its version alone: these marks are
 * bookkeeping beside the workflow and must not make someone's open edit of the case stale.
 */
@Component
public class CaseDeadlines {

    private final DSLContext db;
    private final Clock clock;

    CaseDeadlines(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Binds the case to an SLA policy with the due times worked out from it.
     *
     * @param caseId the case
     * @param policyId the policy
     * @param firstResponseDue when the first response is due
     * @param resolutionDue when the resolution is due
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void bind(UUID caseId, UUID policyId, Instant firstResponseDue, Instant resolutionDue) {
        db.update(FEEDBACK_CASE)
                .set(FEEDBACK_CASE.SLA_POLICY_ID, policyId)
                .set(FEEDBACK_CASE.FIRST_RESPONSE_DUE_AT, time(firstResponseDue))
                .set(FEEDBACK_CASE.RESOLUTION_DUE_AT, time(resolutionDue))
                .set(FEEDBACK_CASE.UPDATED_AT, OffsetDateTime.now(clock))
                .where(FEEDBACK_CASE.ID.eq(caseId))
                .execute();
    }

    /** Frees the case from its SLA policy and due times, when no policy matches it any more. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void unbind(UUID caseId) {
        db.update(FEEDBACK_CASE)
                .setNull(FEEDBACK_CASE.SLA_POLICY_ID)
                .setNull(FEEDBACK_CASE.FIRST_RESPONSE_DUE_AT)
                .setNull(FEEDBACK_CASE.RESOLUTION_DUE_AT)
                .set(FEEDBACK_CASE.UPDATED_AT, OffsetDateTime.now(clock))
                .where(FEEDBACK_CASE.ID.eq(caseId))
                .execute();
    }

    /** Marks a first response or a resolution that came after its due time as breached (once). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void markLateAnswers(UUID caseId) {
        db.update(FEEDBACK_CASE)
                .set(FEEDBACK_CASE.FIRST_RESPONSE_BREACHED, true)
                .where(FEEDBACK_CASE.ID.eq(caseId))
                .and(FEEDBACK_CASE.FIRST_RESPONSE_BREACHED.isFalse())
                .and(FEEDBACK_CASE.FIRST_RESPONDED_AT.gt(FEEDBACK_CASE.FIRST_RESPONSE_DUE_AT))
                .execute();
        db.update(FEEDBACK_CASE)
                .set(FEEDBACK_CASE.RESOLUTION_BREACHED, true)
                .where(FEEDBACK_CASE.ID.eq(caseId))
                .and(FEEDBACK_CASE.RESOLUTION_BREACHED.isFalse())
                .and(FEEDBACK_CASE.RESOLVED_AT.gt(FEEDBACK_CASE.RESOLUTION_DUE_AT))
                .execute();
    }

    /**
     * Records a breach found by the SLA clock: the targets breached now (a breach once marked stays), and the
     * escalation if it is the first.
     *
     * @param caseId the case
     * @param firstResponse whether the first response is breached
     * @param resolution whether the resolution is breached
     * @param escalatedAt when it was escalated, or null if it had been already
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void markBreached(UUID caseId, boolean firstResponse, boolean resolution, Instant escalatedAt) {
        var update = db.update(FEEDBACK_CASE)
                .set(FEEDBACK_CASE.FIRST_RESPONSE_BREACHED, firstResponse)
                .set(FEEDBACK_CASE.RESOLUTION_BREACHED, resolution);
        if (escalatedAt != null) {
            update = update.set(FEEDBACK_CASE.ESCALATED_AT, time(escalatedAt));
        }
        update.where(FEEDBACK_CASE.ID.eq(caseId)).execute();
    }

    /** Records that the case's assignee or team was warned of a coming breach. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void markWarned(UUID caseId, Instant at) {
        db.update(FEEDBACK_CASE)
                .set(FEEDBACK_CASE.WARNED_AT, time(at))
                .where(FEEDBACK_CASE.ID.eq(caseId))
                .execute();
    }

    private static OffsetDateTime time(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
