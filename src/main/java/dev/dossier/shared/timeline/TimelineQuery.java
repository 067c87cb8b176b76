package dev.dossier.shared.timeline;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * What a timeline page asks each source for.
 *
 * @param before continue after this position, or null for the newest
 * @param limit how many items at most
 * @param authorId only items by this user, or null
 * @param from only items at or after this time, or null
 * @param to only items before this time, or null
 */
public record TimelineQuery(TimelineCursor before, int limit, UUID authorId, OffsetDateTime from, OffsetDateTime to) {

    public TimelineQuery {
        limit = Math.max(1, Math.min(limit, 200));
    }
}
