package dev.dossier.feedback;

import java.util.UUID;

/**
 * What happens to feedback cases, for the audit trail, the SLA clocks, surveys and others to react to. Titles,
 * descriptions and messages do not travel; kinds, channels and statuses travel as their enums, which keep the codes as their names.
 */
public final class CaseEvents {

    private CaseEvents() {}

    /**
     * A case was opened, by staff, through the API or by the customer.
     *
     * @param caseId the case
     * @param caseNo its number
     * @param customerId the customer it is about
     * @param kind DEFECT, COMPLAINT, EXPERIENCE, SERVICE_QUALITY, SUGGESTION or INQUIRY
     * @param channel how it came in, e.g. PHONE or WEB_FORM
     * @param actorId who logged it, or null for the customer or the system
     */
    public record CaseOpened(
            UUID caseId, long caseNo, UUID customerId, CaseKind kind, CaseChannel channel, UUID actorId) {}

    /**
     * A case moved from one status to another (each move also recorded in the case's history).
     *
     * @param caseId the case
     * @param caseNo its number
     * @param customerId the customer it is about
     * @param from the status before
     * @param to the status after
     * @param actorId who, or null for the customer or the system
     * @param comment why, or null
     */
    public record CaseTransitioned(
            UUID caseId, long caseNo, UUID customerId, CaseStatus from, CaseStatus to, UUID actorId, String comment) {}

    /**
     * A case was given to a person or a team.
     *
     * @param caseId the case
     * @param caseNo its number
     * @param customerId the customer it is about
     * @param assigneeId the person, or null for a team queue
     * @param teamId the team queue, or the person's team
     * @param actorId who, or null for the system (an escalation)
     */
    public record CaseAssigned(UUID caseId, long caseNo, UUID customerId, UUID assigneeId, UUID teamId, UUID actorId) {}

    /**
     * A case was resolved (published besides its {@link CaseTransitioned}).
     *
     * @param caseId the case
     * @param caseNo its number
     * @param customerId the customer it is about
     * @param actorId who, or null for the system
     */
    public record CaseResolved(UUID caseId, long caseNo, UUID customerId, UUID actorId) {}

    /**
     * A resolved or closed case was opened again (published besides its {@link CaseTransitioned}).
     *
     * @param caseId the case
     * @param caseNo its number
     * @param customerId the customer it is about
     * @param from RESOLVED or CLOSED
     * @param to the status it is back in
     * @param reopenCount how often it has been reopened now
     * @param actorId who, or null for the customer or the system
     */
    public record CaseReopened(
            UUID caseId, long caseNo, UUID customerId, CaseStatus from, CaseStatus to, int reopenCount, UUID actorId) {}

    /**
     * A case's priority changed, by someone or by an escalation.
     *
     * @param caseId the case
     * @param caseNo its number
     * @param customerId the customer it is about
     * @param from LOW, NORMAL, HIGH or URGENT before
     * @param to after
     * @param actorId who, or null for the system
     */
    public record CasePriorityChanged(
            UUID caseId, long caseNo, UUID customerId, CasePriority from, CasePriority to, UUID actorId) {}

    /**
     * A message was added to a case's conversation.
     *
     * @param caseId the case
     * @param caseNo its number
     * @param customerId the customer it is about
     * @param messageId the message
     * @param kind REPLY (to the customer), INTERNAL (a note among staff) or CUSTOMER (from the customer)
     * @param actorId who wrote it, or null for the customer or the system
     */
    public record CaseMessageAdded(
            UUID caseId, long caseNo, UUID customerId, UUID messageId, CaseMessageKind kind, UUID actorId) {}
}
