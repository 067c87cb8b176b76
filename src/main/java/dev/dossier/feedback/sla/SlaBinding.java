package dev.dossier.feedback.sla;

import static dev.dossier.db.Tables.CASE_TRANSITION;
import static dev.dossier.db.Tables.FEEDBACK_CASE;

import dev.dossier.db.tables.records.FeedbackCaseRecord;
import dev.dossier.feedback.CaseEvents.CaseMessageAdded;
import dev.dossier.feedback.CaseEvents.CaseOpened;
import dev.dossier.feedback.CaseEvents.CasePriorityChanged;
import dev.dossier.feedback.CaseEvents.CaseTransitioned;
import dev.dossier.feedback.CaseMessageKind;
import dev.dossier.feedback.CaseStatus;
import dev.dossier.feedback.cases.CaseDeadlines;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the SLA due times of cases, in the transaction that changes the case: plans them when a case is opened,
 * plans them again when its kind or priority changes (unless it was escalated already), moves them on by the
 * business time it waited on the customer when it stops waiting, and marks a first response or a resolution that
 * came after its due time as breached.
 * <p>
 * Due times are worked out from the case's whole history each time (opened at, plus the target, plus the business
 * time of every finished wait), so that working them out twice gives the same answer.
 */
@Component
class SlaBinding {

    private final DSLContext db;
    private final CaseDeadlines deadlines;
    private final SlaPolicies policies;
    private final WorkCalendars calendars;

    SlaBinding(DSLContext db, CaseDeadlines deadlines, SlaPolicies policies, WorkCalendars calendars) {
        this.db = db;
        this.deadlines = deadlines;
        this.policies = policies;
        this.calendars = calendars;
    }

    @EventListener
    void on(CaseOpened event) {
        plan(event.caseId(), true);
    }

    @EventListener
    void on(CaseTransitioned event) {
        if (event.from() == CaseStatus.WAITING) {
            plan(event.caseId(), false);
        } else if (event.from() == CaseStatus.NEW && event.to() == CaseStatus.TRIAGED) {
            // Triage may change the kind and the priority.
            plan(event.caseId(), true);
        }
        if (event.to() == CaseStatus.RESOLVED || event.to() == CaseStatus.IN_PROGRESS) {
            deadlines.markLateAnswers(event.caseId());
        }
    }

    @EventListener
    void on(CasePriorityChanged event) {
        plan(event.caseId(), true);
    }

    @EventListener
    void on(CaseMessageAdded event) {
        if (event.kind() == CaseMessageKind.REPLY) {
            deadlines.markLateAnswers(event.caseId());
        }
    }

    /**
     * Works the case's due times out again: with the policy that matches it now ({@code rematch}) or with the one it
     * has. A case escalated already keeps its policy and due times but for the moves of waiting.
     */
    void plan(UUID caseId, boolean rematch) {
        var row =
                db.selectFrom(FEEDBACK_CASE).where(FEEDBACK_CASE.ID.eq(caseId)).fetchOne();
        if (row == null || (rematch && row.getEscalatedAt() != null)) {
            return;
        }
        var policy = rematch
                ? policies.match(row.getKind(), row.getCustomerGrade(), row.getPriority())
                : row.getSlaPolicyId() == null
                        ? java.util.Optional.<SlaPolicies.SlaPolicy>empty()
                        : policies.findAny(row.getSlaPolicyId());
        if (policy.isEmpty()) {
            if (rematch && row.getSlaPolicyId() != null) {
                deadlines.unbind(caseId);
            }
            return;
        }
        var p = policy.get();
        BusinessClock clock;
        try {
            clock = calendars.clock(p.calendarId());
            var opened = row.getCreatedAt().toInstant();
            var firstResponded = row.getFirstRespondedAt() == null
                    ? null
                    : row.getFirstRespondedAt().toInstant();
            var firstDue = clock.plus(
                    opened, Duration.ofMinutes(p.firstResponseMinutes()).plus(waited(row, clock, firstResponded)));
            var resolutionDue =
                    clock.plus(opened, Duration.ofMinutes(p.resolutionMinutes()).plus(waited(row, clock, null)));
            deadlines.bind(caseId, p.id(), firstDue, resolutionDue);
        } catch (IllegalStateException e) {
            // A calendar without working time: the case keeps what it has rather than failing.
        }
    }

    /** The business time of the case's finished waits on the customer, those that ended before {@code until}. */
    private Duration waited(FeedbackCaseRecord row, BusinessClock clock, Instant until) {
        var total = Duration.ZERO;
        Instant pausedAt = null;
        for (var t : db.select(CASE_TRANSITION.FROM_STATUS, CASE_TRANSITION.TO_STATUS, CASE_TRANSITION.AT)
                .from(CASE_TRANSITION)
                .where(CASE_TRANSITION.CASE_ID.eq(row.getId()))
                .orderBy(CASE_TRANSITION.AT, CASE_TRANSITION.CREATED_AT)
                .fetch()) {
            var at = t.value3().toInstant();
            if ("WAITING".equals(t.value2()) && pausedAt == null) {
                pausedAt = at;
            } else if ("WAITING".equals(t.value1()) && pausedAt != null) {
                if (until == null || !at.isAfter(until)) {
                    total = total.plus(clock.between(pausedAt, at));
                }
                pausedAt = null;
            }
        }
        return total;
    }
}
