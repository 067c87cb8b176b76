package dev.dossier.privacy;

import java.util.Map;
import java.util.Set;

/** Where a data-subject request stands: received → verified → in progress → completed, or rejected. */
enum RequestStatus {
    RECEIVED,
    VERIFIED,
    IN_PROGRESS,
    COMPLETED,
    REJECTED;

    private static final Map<RequestStatus, Set<RequestStatus>> NEXT = Map.of(
            RECEIVED, Set.of(VERIFIED, REJECTED),
            VERIFIED, Set.of(IN_PROGRESS, REJECTED),
            IN_PROGRESS, Set.of(COMPLETED, REJECTED),
            COMPLETED, Set.of(),
            REJECTED, Set.of());

    public boolean canMoveTo(RequestStatus next) {
        return NEXT.get(this).contains(next);
    }

    public boolean open() {
        return this != COMPLETED && this != REJECTED;
    }
}
