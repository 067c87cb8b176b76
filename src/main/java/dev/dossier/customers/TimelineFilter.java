package dev.dossier.customers;

import dev.dossier.shared.timeline.TimelineQuery;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;

/**
 * The filters of a customer's timeline as the page and the API take them.
 *
 * @param kind the kinds to show; empty for all
 * @param author only entries by this user
 * @param from first day, in the organisation's time zone
 * @param to last day, inclusive
 * @param cursor where the previous page ended
 */
public record TimelineFilter(
        Set<String> kind,
        UUID author,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
        String cursor) {

    public TimelineFilter {
        kind = kind == null ? Set.of() : Set.copyOf(kind);
    }

    TimelineQuery query(ZoneId zone, int limit) {
        return new TimelineQuery(
                CustomerTimeline.cursor(cursor),
                limit,
                author,
                from == null ? null : from.atStartOfDay(zone).toOffsetDateTime(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toOffsetDateTime());
    }

    public boolean first() {
        return cursor == null || cursor.isBlank();
    }
}
