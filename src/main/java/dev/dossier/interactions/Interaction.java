package dev.dossier.interactions;

import dev.dossier.identity.OwnedRecord;
import dev.dossier.shared.Subject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * An interaction as it is stored.
 *
 * @param id id
 * @param customerId the customer it is about
 * @param subject the customer or the contact it was with
 * @param channel how
 * @param direction who reached out
 * @param startedAt when it began
 * @param durationMinutes how long, or null
 * @param summary one line
 * @param content the details, or null
 * @param outcome what came of it
 * @param satisfaction the customer's satisfaction 1–5, or null
 * @param followUpSucceeded whether the follow-up succeeded, or null when unknown
 * @param ownerId the staff member responsible
 * @param teamId the owner's team when it was logged, or null
 * @param taskId the task it completes, or null
 * @param participants who took part
 * @param createdAt when it was logged
 * @param createdBy who logged it
 * @param updatedAt last change
 * @param version optimistic lock
 */
record Interaction(
        UUID id,
        UUID customerId,
        Subject subject,
        Channel channel,
        Direction direction,
        OffsetDateTime startedAt,
        Integer durationMinutes,
        String summary,
        String content,
        Outcome outcome,
        Integer satisfaction,
        Boolean followUpSucceeded,
        UUID ownerId,
        UUID teamId,
        UUID taskId,
        List<Participant> participants,
        OffsetDateTime createdAt,
        UUID createdBy,
        OffsetDateTime updatedAt,
        int version) {

    /**
     * Someone who took part: a user of Dossier or one of the customer's contacts.
     *
     * @param userId the user, or null
     * @param contactId the contact, or null
     */
    record Participant(UUID userId, UUID contactId) {}

    public List<UUID> participantUsers() {
        return participants.stream()
                .map(Participant::userId)
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    public List<UUID> participantContacts() {
        return participants.stream()
                .map(Participant::contactId)
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    OwnedRecord owned() {
        return new OwnedRecord("interaction", id, ownerId, teamId);
    }
}
