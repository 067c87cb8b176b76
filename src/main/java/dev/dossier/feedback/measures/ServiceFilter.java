package dev.dossier.feedback.measures;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;

/**
 * The filters of the service measures as the page and the API take them. Every field may be left out: the period
 * defaults to the last twelve months up to today, by month.
 *
 * @param from first day
 * @param to last day, inclusive
 * @param granularity {@code month} or {@code week}: the periods of the trend and of the complaint rate
 * @param teamId only cases of this team
 * @param kind only cases of this kind
 * @param priority only cases of this priority
 * @param productId only cases about this product
 */
record ServiceFilter(
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
        String granularity,
        UUID teamId,
        String kind,
        String priority,
        UUID productId) {

    static final Set<String> KINDS =
            Set.of("DEFECT", "COMPLAINT", "EXPERIENCE", "SERVICE_QUALITY", "SUGGESTION", "INQUIRY");
    static final List<String> KIND_ORDER =
            List.of("DEFECT", "COMPLAINT", "EXPERIENCE", "SERVICE_QUALITY", "SUGGESTION", "INQUIRY");
    static final List<String> PRIORITY_ORDER = List.of("URGENT", "HIGH", "NORMAL", "LOW");
    /** The longest period one report covers. */
    static final int MAX_DAYS = 3 * 366;

    ServiceFilter {
        granularity = "week".equals(granularity) ? "week" : "month";
        kind = kind == null || !KINDS.contains(kind) ? null : kind;
        priority = priority == null || !PRIORITY_ORDER.contains(priority) ? null : priority;
    }

    /**
     * The same filters with the days settled against {@code today}: missing days become the last twelve months,
     * a period that ends before it starts ends on its first day, and none is longer than {@link #MAX_DAYS}.
     */
    ServiceFilter resolve(LocalDate today) {
        var end = to == null ? today : to;
        var start = from == null ? end.minusMonths(12).plusDays(1) : from;
        if (end.isBefore(start)) {
            end = start;
        }
        if (end.isAfter(start.plusDays(MAX_DAYS - 1))) {
            end = start.plusDays(MAX_DAYS - 1);
        }
        return new ServiceFilter(start, end, granularity, teamId, kind, priority, productId);
    }

    boolean weekly() {
        return "week".equals(granularity);
    }

    /** Number of days covered (a resolved filter). */
    long days() {
        return to.toEpochDay() - from.toEpochDay() + 1;
    }

    /** The periods of equal length just before this one (a resolved filter). */
    ServiceFilter previous() {
        return new ServiceFilter(
                from.minusDays(days()), from.minusDays(1), granularity, teamId, kind, priority, productId);
    }

    /**
     * One period of the trend: its first day and its last day, clipped to the filter's days.
     *
     * @param first first day
     * @param last last day, inclusive
     */
    record Slot(LocalDate first, LocalDate last) {

        /** The label shown on the chart: {@code 2024-03} for a month, the Monday's date for a week. */
        String label(boolean weekly) {
            return weekly ? first.toString() : first.toString().substring(0, 7);
        }
    }

    /** The months or weeks (from Monday) the filter's days fall into, in order, clipped to the days. */
    List<Slot> slots() {
        var out = new ArrayList<Slot>();
        var start = from;
        while (!start.isAfter(to)) {
            var end = weekly()
                    ? start.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY))
                    : start.with(TemporalAdjusters.lastDayOfMonth());
            if (end.isAfter(to)) {
                end = to;
            }
            out.add(new Slot(start, end));
            start = end.plusDays(1);
        }
        return out;
    }

    /** Where each slot starts, as instants in {@code zone}, followed by the end of the last one. */
    List<java.time.OffsetDateTime> boundaries(ZoneId zone) {
        var out = new ArrayList<java.time.OffsetDateTime>();
        for (var slot : slots()) {
            out.add(slot.first().atStartOfDay(zone).toOffsetDateTime());
        }
        out.add(to.plusDays(1).atStartOfDay(zone).toOffsetDateTime());
        return out;
    }
}
