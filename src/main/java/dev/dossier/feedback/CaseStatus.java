package dev.dossier.feedback;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a case stands. New cases are triaged and assigned, worked on, may wait on the customer, and are resolved and
 * then closed; resolved and closed cases can be reopened. Every status from assigned on needs an assignee or a team.
 */
public enum CaseStatus {
    NEW,
    TRIAGED,
    ASSIGNED,
    IN_PROGRESS,
    WAITING,
    RESOLVED,
    CLOSED;

    /** The statuses a case may move to from this one. */
    public Set<CaseStatus> next() {
        return switch (this) {
            case NEW -> EnumSet.of(TRIAGED, ASSIGNED);
            case TRIAGED -> EnumSet.of(ASSIGNED);
            case ASSIGNED -> EnumSet.of(IN_PROGRESS, WAITING, RESOLVED);
            case IN_PROGRESS -> EnumSet.of(WAITING, RESOLVED);
            case WAITING -> EnumSet.of(IN_PROGRESS, RESOLVED);
            case RESOLVED -> EnumSet.of(CLOSED, IN_PROGRESS, ASSIGNED);
            case CLOSED -> EnumSet.of(IN_PROGRESS, ASSIGNED);
        };
    }

    public boolean canMoveTo(CaseStatus to) {
        return next().contains(to);
    }

    /** Still to be worked on: everything before resolved. */
    public boolean active() {
        return this != RESOLVED && this != CLOSED;
    }

    /** Whether this status needs an assignee or a team. */
    public boolean needsAssignment() {
        return this != NEW && this != TRIAGED;
    }
}
