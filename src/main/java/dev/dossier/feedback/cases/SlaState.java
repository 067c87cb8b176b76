package dev.dossier.feedback.cases;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * Where a case stands against its SLA at a moment: the next due time that counts (the first response until there is
 * one, then the resolution), and how much time is left before it, or how long it is overdue.
 *
 * @param status the state
 * @param due the due time that counts, or null when none does
 * @param left time left before it; negative when overdue; counted to the pause while the case waits
 */
record SlaState(Status status, OffsetDateTime due, Duration left) {

    /** The states, as shown on every case. */
    public enum Status {
        /** No SLA applies, or the case is resolved or closed. */
        NONE,
        /** Time enough. */
        OK,
        /** Due within the warning time. */
        WARNING,
        /** Past due. */
        BREACHED,
        /** Waiting on the customer: the clock stands still. */
        PAUSED
    }

    /** The state of the case at {@code now}, warning {@code warnBefore} ahead of the due time. */
    static SlaState of(FeedbackCase c, OffsetDateTime now, Duration warnBefore) {
        if (!c.active()) {
            return new SlaState(Status.NONE, null, null);
        }
        OffsetDateTime due = c.resolutionDueAt();
        if (c.firstRespondedAt() == null
                && c.firstResponseDueAt() != null
                && (due == null || c.firstResponseDueAt().isBefore(due))) {
            due = c.firstResponseDueAt();
        }
        if (due == null) {
            return new SlaState(Status.NONE, null, null);
        }
        var at = c.slaPausedAt() != null ? c.slaPausedAt() : now;
        var left = Duration.between(at, due);
        if (left.isNegative() || c.resolutionBreached()) {
            return new SlaState(Status.BREACHED, due, left);
        }
        if (c.slaPausedAt() != null) {
            return new SlaState(Status.PAUSED, due, left);
        }
        if (left.compareTo(warnBefore) < 0 || c.warnedAt() != null) {
            return new SlaState(Status.WARNING, due, left);
        }
        return new SlaState(Status.OK, due, left);
    }
}
