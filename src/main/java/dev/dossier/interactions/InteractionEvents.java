package dev.dossier.interactions;

import java.util.List;
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

    /**
     * A batch of interactions was brought in from a file.
     *
     * @param importId the import
     * @param logged the interactions it logged
     * @param changed the interactions it changed
     * @param byUserId who ran the import
     */
    public record InteractionsImported(UUID importId, List<UUID> logged, List<UUID> changed, UUID byUserId) {

        public InteractionsImported {
            logged = List.copyOf(logged);
            changed = List.copyOf(changed);
        }
    }
}
