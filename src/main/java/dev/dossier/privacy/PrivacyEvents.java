package dev.dossier.privacy;

import java.util.UUID;

/** What happens in the privacy module, for the audit trail and others to react to. No personal values travel. */
public final class PrivacyEvents {

    private PrivacyEvents() {}

    /**
     * A customer's personal information was erased.
     *
     * @param customerId the customer, who remains as an anonymous record
     * @param cause {@code REQUEST} or {@code RETENTION}
     * @param causeId the request or retention rule
     * @param byUserId who, or null for the system
     */
    public record CustomerErased(UUID customerId, String cause, UUID causeId, UUID byUserId) {}

    /**
     * A data-subject request moved to another status.
     *
     * @param requestId the request
     * @param customerId whose request
     * @param kind ACCESS, CORRECTION, ERASURE or OBJECTION
     * @param status the new status
     * @param byUserId who
     */
    public record SubjectRequestMoved(UUID requestId, UUID customerId, String kind, String status, UUID byUserId) {}
}
