package dev.dossier.interactions;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * What a form or an API call asks to log or to change, unchecked: codes as text so that a wrong one is reported
 * beside its field.
 *
 * @param subject {@code customer:<id>} or {@code contact:<id>}
 * @param channel a {@link Channel}
 * @param direction a {@link Direction}
 * @param startedAt when it began
 * @param durationMinutes how long, 0..1440, or null
 * @param summary one line, required, at most 200 characters
 * @param content the details, at most 10,000 characters, or null
 * @param outcome an {@link Outcome}
 * @param satisfaction 1..5 or null
 * @param followUpSucceeded yes, no or null for unknown
 * @param ownerId the staff member responsible, or null for the one logging it
 * @param userIds users of Dossier who took part
 * @param contactIds contacts of the customer who took part
 * @param taskId the task it completes, or null
 */
record InteractionDraft(
        String subject,
        String channel,
        String direction,
        OffsetDateTime startedAt,
        Integer durationMinutes,
        String summary,
        String content,
        String outcome,
        Integer satisfaction,
        Boolean followUpSucceeded,
        UUID ownerId,
        List<UUID> userIds,
        List<UUID> contactIds,
        UUID taskId) {

    InteractionDraft {
        userIds = userIds == null
                ? List.of()
                : userIds.stream().filter(java.util.Objects::nonNull).distinct().toList();
        contactIds = contactIds == null
                ? List.of()
                : contactIds.stream()
                        .filter(java.util.Objects::nonNull)
                        .distinct()
                        .toList();
        summary = summary == null ? null : summary.strip();
        content = content == null || content.isBlank() ? null : content.strip();
    }
}
