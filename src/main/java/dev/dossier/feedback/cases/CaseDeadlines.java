package dev.dossier.feedback.cases;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The SLA due times of cases: planned when a case is opened, and moved later when a case stops waiting on the
 * customer.
 */
@Component
class CaseDeadlines {

    /** Sets the case's SLA policy and due times, when a policy applies. */
    void plan(FeedbackCase c, OffsetDateTime openedAt) {
        // No policy yet: the case has no due times.
    }

    /** The due time moved later by the time the case waited on the customer. */
    OffsetDateTime resume(UUID policyId, OffsetDateTime due, OffsetDateTime pausedAt, OffsetDateTime resumedAt) {
        return FeedbackCase.Resumption.WALL_CLOCK.shift(policyId, due, pausedAt, resumedAt);
    }
}
