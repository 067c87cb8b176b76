package dev.dossier.feedback;

import java.util.UUID;

/**
 * What a problem says changed (its title, description, steps, product or severity), or it was deleted.
 *
 * @param problemId the problem
 * @param deleted whether it was deleted
 * @param actorId who, or null for the system
 */
public record ProblemEdited(UUID problemId, boolean deleted, UUID actorId) {}
