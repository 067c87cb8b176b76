package dev.dossier.feedback;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** What the service-level clocks of feedback cases do: warn before a breach and escalate at one. */
public final class SlaEvents {

    private SlaEvents() {}

    /**
     * A case will soon breach its SLA; its assignee (or team) was warned.
     *
     * @param caseId the case
     * @param caseNo its number
     * @param customerId the customer it is about
     * @param target FIRST_RESPONSE or RESOLUTION
     * @param dueAt when that target is due
     * @param notified who was warned
     */
    public record CaseSlaWarned(
            UUID caseId, long caseNo, UUID customerId, SlaTarget target, Instant dueAt, Set<UUID> notified) {}

    /**
     * A case breached its SLA and was escalated (once).
     *
     * @param caseId the case
     * @param caseNo its number
     * @param customerId the customer it is about
     * @param target the target breached: FIRST_RESPONSE or RESOLUTION
     * @param dueAt when it was due
     * @param notified who was told (the assignee's manager or the team, and the assignee)
     * @param priorityFrom the priority before, or null if it was not raised
     * @param priorityTo the priority after, or null if it was not raised
     * @param reassignedToUserId whom it was given to, or null
     * @param reassignedToTeamId which team's queue it was given to, or null
     */
    public record CaseEscalated(
            UUID caseId,
            long caseNo,
            UUID customerId,
            SlaTarget target,
            Instant dueAt,
            Set<UUID> notified,
            CasePriority priorityFrom,
            CasePriority priorityTo,
            UUID reassignedToUserId,
            UUID reassignedToTeamId) {}
}
