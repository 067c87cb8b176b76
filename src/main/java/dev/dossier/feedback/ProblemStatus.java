package dev.dossier.feedback;

import java.util.EnumSet;
import java.util.Set;

/** Where a problem stands, from recorded to fixed (or not) and closed. */
public enum ProblemStatus {
    OPEN,
    HANDED_OFF,
    IN_PROGRESS,
    FIXED,
    WONT_FIX,
    CLOSED;

    /** The statuses a problem may move to from this one; a closed problem only reopens. */
    public Set<ProblemStatus> next() {
        return switch (this) {
            case OPEN -> EnumSet.of(HANDED_OFF, IN_PROGRESS, FIXED, WONT_FIX, CLOSED);
            case HANDED_OFF, IN_PROGRESS -> EnumSet.of(OPEN, HANDED_OFF, IN_PROGRESS, FIXED, WONT_FIX);
            case FIXED, WONT_FIX -> EnumSet.of(OPEN, IN_PROGRESS, CLOSED);
            case CLOSED -> EnumSet.of(OPEN);
        };
    }

    public boolean canMoveTo(ProblemStatus to) {
        return next().contains(to);
    }

    /** Whether the problem is still being worked on. */
    public boolean active() {
        return this == OPEN || this == HANDED_OFF || this == IN_PROGRESS;
    }
}
