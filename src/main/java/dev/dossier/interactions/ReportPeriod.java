package dev.dossier.interactions;

import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;

/**
 * A report's period as the pages take it: a preset ({@code month}, {@code quarter}, {@code year}, the default) or
 * {@code custom} with its own days, and the optional team and owner.
 *
 * @param period month, quarter, year or custom
 * @param from first day of a custom period
 * @param to last day of a custom period
 * @param teamId only this team
 * @param ownerId only this owner
 */
record ReportPeriod(
        String period,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
        UUID teamId,
        UUID ownerId) {

    ReportPeriod {
        period = period == null || period.isBlank() ? "year" : period;
    }

    /** The days the report covers, counted from {@code today}. */
    InteractionReports.Period resolve(LocalDate today) {
        return switch (period) {
            case "month" -> of(today.withDayOfMonth(1), today.with(TemporalAdjusters.lastDayOfMonth()));
            case "quarter" -> {
                var first = today.with(IsoFields.DAY_OF_QUARTER, 1);
                yield of(first, first.plusMonths(3).minusDays(1));
            }
            case "custom" -> {
                var start = from == null ? today.withDayOfYear(1) : from;
                var end = to == null || to.isBefore(start) ? today : to;
                yield of(start, end);
            }
            default -> of(today.withDayOfYear(1), today.with(TemporalAdjusters.lastDayOfYear()));
        };
    }

    private InteractionReports.Period of(LocalDate start, LocalDate end) {
        return new InteractionReports.Period(start, end, teamId, ownerId);
    }
}
