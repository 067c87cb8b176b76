package dev.dossier.feedback.cases;

import dev.dossier.feedback.CaseStatus;

/**
 * A case cannot make the move asked of it (closing a case that was never resolved, say); nothing was changed. The
 * API answers 409 with a problem, the pages show the reason.
 */
public class InvalidTransitionException extends RuntimeException {

    private final CaseStatus from;
    private final CaseStatus to;
    private final String reason;

    /**
     * @param from the status the case is in
     * @param to the status asked for, or null for a change that is not a move (a reply to a closed case)
     * @param reason a message key that says why, under {@code cases.transition.}
     */
    public InvalidTransitionException(CaseStatus from, CaseStatus to, String reason) {
        super("A case in " + from + " cannot " + (to == null ? "be changed" : "move to " + to) + ": " + reason);
        this.from = from;
        this.to = to;
        this.reason = reason;
    }

    public CaseStatus from() {
        return from;
    }

    public CaseStatus to() {
        return to;
    }

    /** The message key of the reason. */
    public String reason() {
        return reason;
    }
}
