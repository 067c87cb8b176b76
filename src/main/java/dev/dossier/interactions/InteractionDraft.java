package dev.dossier.interactions;

import dev.dossier.shared.Inputs;
import dev.dossier.shared.OneOf;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
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

        @NotNull @OneOf(value = Channel.class, message = INVALID)
        String channel,

        @NotNull @OneOf(value = Direction.class, message = INVALID)
        String direction,

        @NotNull OffsetDateTime startedAt,
        Integer durationMinutes,

        @NotNull @Size(max = InteractionManagement.SUMMARY_MAX)
        String summary,

        @Size(max = InteractionManagement.CONTENT_MAX) String content,

        @NotNull @OneOf(value = Outcome.class, message = INVALID)
        String outcome,

        @Min(value = 1, message = SATISFACTION) @Max(value = 5, message = SATISFACTION)
        Integer satisfaction,

        Boolean followUpSucceeded,
        UUID ownerId,
        List<UUID> userIds,
        List<UUID> contactIds,
        UUID taskId) {

    private static final String INVALID = "{field.invalid}";
    private static final String SATISFACTION = "{interaction.satisfaction.range}";

    InteractionDraft {
        channel = code(channel);
        direction = code(direction);
        outcome = code(outcome);
        userIds = userIds == null
                ? List.of()
                : userIds.stream().filter(java.util.Objects::nonNull).distinct().toList();
        contactIds = contactIds == null
                ? List.of()
                : contactIds.stream()
                        .filter(java.util.Objects::nonNull)
                        .distinct()
                        .toList();
        summary = Inputs.trim(summary);
        content = Inputs.trim(content);
    }

    /** A code as typed, in any case. */
    private static String code(String text) {
        var code = Inputs.trim(text);
        return code == null ? null : code.toUpperCase(Locale.ROOT);
    }
}
