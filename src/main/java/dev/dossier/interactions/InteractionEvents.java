package dev.dossier.interactions;

import java.util.UUID;

/** What happens to interactions, as other modules (audit, search) hear of it. */
public final class InteractionEvents {

    private InteractionEvents() {}

    /**
     * An interaction was logged.
     *
     * @param interactionId the interaction
     * @param customerId the customer it is about
     * @param taskId the task it completes, or null
     * @param byUserId who logged it
     */
    public record InteractionLogged(UUID interactionId, UUID customerId, UUID taskId, UUID byUserId) {}

    /**
     * An interaction was edited.
     *
     * @param interactionId the interaction
     * @param customerId the customer it is about
     * @param byUserId who edited it
     */
    public record InteractionChanged(UUID interactionId, UUID customerId, UUID byUserId) {}

    /**
     * An interaction was deleted (moved out of sight; the row stays).
     *
     * @param interactionId the interaction
     * @param customerId the customer it is about
     * @param byUserId who deleted it
     */
    public record InteractionDeleted(UUID interactionId, UUID customerId, UUID byUserId) {}
}
