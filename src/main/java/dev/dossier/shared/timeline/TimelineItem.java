package dev.dossier.shared.timeline;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * One entry of a customer's timeline, ready to show: the source has localised its texts for the current request.
 *
 * @param kind the source's kind, e.g. {@code note}
 * @param id the record
 * @param at when it happened, the timeline's order
 * @param authorId who wrote or did it, or null
 * @param title one line, e.g. "Call, outbound: reached"
 * @param summary plain text, a few lines at most
 * @param link where the record opens, relative to the application
 * @param labels short badges, e.g. the outcome or the status
 */
public record TimelineItem(
        String kind,
        UUID id,
        OffsetDateTime at,
        UUID authorId,
        String title,
        String summary,
        String link,
        List<String> labels) {

    public TimelineItem {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** The position right after this item, to continue from. */
    public TimelineCursor cursor() {
        return new TimelineCursor(at, id);
    }
}
