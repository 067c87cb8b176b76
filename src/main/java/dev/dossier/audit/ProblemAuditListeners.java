package dev.dossier.audit;

import dev.dossier.feedback.ProblemReported;
import dev.dossier.feedback.ProblemStatusChanged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Problems in the audit trail: who recorded a problem and who (or which tracker, through the signed inbound webhook)
 * moved it to another status. Entries name the problem and its number; no text of the problem travels into the trail.
 */
@Component
class ProblemAuditListeners {

    private final AuditTrail trail;

    ProblemAuditListeners(AuditTrail trail) {
        this.trail = trail;
    }

    @EventListener
    void on(ProblemReported e) {
        trail.append(AuditRecord.of("problem.reported")
                .by(e.actorId())
                .about("problem", e.problemId())
                .with("problemNo", Long.toString(e.problemNo()))
                .with("severity", e.severity().name()));
    }

    @EventListener
    void on(ProblemStatusChanged e) {
        trail.append(AuditRecord.of("problem.status-changed")
                .by(e.actorId())
                .about("problem", e.problemId())
                .with("problemNo", Long.toString(e.problemNo()))
                .with("from", e.from().name())
                .with("to", e.to().name())
                .with("source", e.source().name()));
    }
}
