package dev.dossier.feedback;

import java.util.UUID;

/**
 * A problem moved to another status: on its page, through the API, or by the product team's tracker.
 *
 * @param problemId the problem
 * @param problemNo its number, shown as {@code P-00042}
 * @param from the status before
 * @param to the status after (OPEN, HANDED_OFF, IN_PROGRESS, FIXED, WONT_FIX or CLOSED)
 * @param actorId who, or null for the system or the tracker
 * @param source PAGE, API or WEBHOOK
 * @param comment what was said with it, or null
 */
public record ProblemStatusChanged(
        UUID problemId,
        long problemNo,
        ProblemStatus from,
        ProblemStatus to,
        UUID actorId,
        ProblemSource source,
        String comment) {}
