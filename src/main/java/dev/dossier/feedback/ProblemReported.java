package dev.dossier.feedback;

import java.util.UUID;

/**
 * A problem (a known defect) was recorded.
 *
 * @param problemId the problem
 * @param problemNo its number, shown as {@code P-00042}
 * @param severity CRITICAL, MAJOR, MINOR or TRIVIAL
 * @param actorId who recorded it, or null for the system
 */
public record ProblemReported(UUID problemId, long problemNo, Severity severity, UUID actorId) {}
