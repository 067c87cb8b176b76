package dev.dossier.audit;

import dev.dossier.feedback.CaseEvents.CaseAssigned;
import dev.dossier.feedback.CaseEvents.CaseMessageAdded;
import dev.dossier.feedback.CaseEvents.CaseOpened;
import dev.dossier.feedback.CaseEvents.CasePriorityChanged;
import dev.dossier.feedback.CaseEvents.CaseTransitioned;
import dev.dossier.feedback.SlaEvents.CaseEscalated;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Feedback cases in the audit trail: who opened a case, moved it from one status to another, assigned it, changed
 * its priority, replied to the customer or added an internal note. Entries name the case and its customer; no text
 * of the case or its messages travels into the trail.
 */
@Component
class CaseAuditListeners {

    private final AuditTrail trail;

    CaseAuditListeners(AuditTrail trail) {
        this.trail = trail;
    }

    private void append(String action, UUID by, UUID caseId, long caseNo, UUID customerId, Object... facts) {
        var record = AuditRecord.of(action)
                .by(by)
                .about("case", caseId)
                .with("caseNo", Long.toString(caseNo))
                .with("customerId", customerId.toString());
        for (int i = 0; i + 1 < facts.length; i += 2) {
            if (facts[i + 1] != null) {
                record = record.with((String) facts[i], facts[i + 1].toString());
            }
        }
        trail.append(record);
    }

    @EventListener
    void on(CaseOpened e) {
        append(
                "case.opened",
                e.actorId(),
                e.caseId(),
                e.caseNo(),
                e.customerId(),
                "kind",
                e.kind(),
                "channel",
                e.channel());
    }

    @EventListener
    void on(CaseTransitioned e) {
        append(
                "case.transitioned",
                e.actorId(),
                e.caseId(),
                e.caseNo(),
                e.customerId(),
                "from",
                e.from(),
                "to",
                e.to());
    }

    @EventListener
    void on(CaseAssigned e) {
        append(
                "case.assigned",
                e.actorId(),
                e.caseId(),
                e.caseNo(),
                e.customerId(),
                "assigneeId",
                e.assigneeId(),
                "teamId",
                e.teamId());
    }

    /** An escalation is the system's act: nobody is named as its actor. */
    @EventListener
    void on(CaseEscalated e) {
        append(
                "case.escalated",
                null,
                e.caseId(),
                e.caseNo(),
                e.customerId(),
                "target",
                e.target(),
                "dueAt",
                e.dueAt(),
                "priorityFrom",
                e.priorityFrom(),
                "priorityTo",
                e.priorityTo(),
                "reassignedToUserId",
                e.reassignedToUserId(),
                "reassignedToTeamId",
                e.reassignedToTeamId());
    }

    @EventListener
    void on(CasePriorityChanged e) {
        append(
                "case.priority-changed",
                e.actorId(),
                e.caseId(),
                e.caseNo(),
                e.customerId(),
                "from",
                e.from(),
                "to",
                e.to());
    }

    @EventListener
    void on(CaseMessageAdded e) {
        append(
                switch (e.kind()) {
                    case REPLY -> "case.replied";
                    case INTERNAL -> "case.noted";
                    case CUSTOMER -> "case.customer-wrote";
                },
                e.actorId(),
                e.caseId(),
                e.caseNo(),
                e.customerId(),
                "messageId",
                e.messageId());
    }
}
