package dev.dossier.shared;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Logging an interaction from another module's form in the same step, e.g. completing a follow-up task. Implemented
 * by the interactions module; runs inside the caller's transaction, so both succeed or neither does.
 */
public interface InteractionLog {

    /** The channels, as codes with message keys {@code interaction.channel.<code>}. */
    List<String> channels();

    /** The outcomes, as codes with message keys {@code interaction.outcome.<code>}. */
    List<String> outcomes();

    /**
     * Logs an interaction for the current user; throws {@link ValidationException} on bad input, with nothing saved.
     *
     * @return the new interaction's id
     */
    UUID log(Entry entry);

    /**
     * An interaction to log.
     *
     * @param subject what it is about: a customer or one of its contacts
     * @param channel one of {@link #channels()}
     * @param direction {@code INBOUND} or {@code OUTBOUND}
     * @param startedAt when it began
     * @param durationMinutes how long it took, or null
     * @param summary one line
     * @param content the details, or null
     * @param outcome one of {@link #outcomes()}
     * @param satisfaction the customer's satisfaction 1–5, or null when unknown
     * @param followUpSucceeded whether the follow-up reached its aim, or null
     * @param taskId the task this interaction completes, or null
     */
    record Entry(
            Subject subject,
            String channel,
            String direction,
            OffsetDateTime startedAt,
            Integer durationMinutes,
            String summary,
            String content,
            String outcome,
            Integer satisfaction,
            Boolean followUpSucceeded,
            UUID taskId) {}
}
