package dev.dossier.feedback.sla;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Counts business time on a {@link WorkCalendar}: what moment lies a given amount of working time after another, and
 * how much working time lies between two moments. Exact to the nanosecond, and fast for long spans: whole weeks
 * without holidays, make-up days or a change of clocks are skipped arithmetically, so that a year costs about as much
 * as the holidays in it. Immutable and safe to share.
 */
final class BusinessClock {

    private final WorkCalendar calendar;
    /** Working time of a week without exceptions or clock changes; zero when no weekday has hours. */
    private final Duration week;
    /** Dates that differ from their day of the week: holidays and make-up days. */
    private final NavigableSet<LocalDate> exceptions;

    private final NavigableSet<LocalDate> workdays;

    public BusinessClock(WorkCalendar calendar) {
        this.calendar = calendar;
        long seconds = 0;
        for (var d : java.time.DayOfWeek.values()) {
            seconds += calendar.hours(d).seconds();
        }
        this.week = Duration.ofSeconds(seconds);
        this.exceptions = new TreeSet<>(calendar.holidays());
        this.exceptions.addAll(calendar.workdays().keySet());
        this.workdays = new TreeSet<>(calendar.workdays().keySet());
    }

    public WorkCalendar calendar() {
        return calendar;
    }

    /**
     * The moment {@code amount} of working time after {@code start}. Time before {@code start} on its day does not
     * count; a due time that falls at the end of a working interval stays there (18:00, not 09:00 the next day).
     *
     * @throws IllegalArgumentException if the amount is negative
     * @throws IllegalStateException if the calendar has no working time from {@code start} on
     */
    public Instant plus(Instant start, Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("Business time to add must not be negative: " + amount);
        }
        if (amount.isZero()) {
            return start;
        }
        var first = date(start);
        var date = first;
        var left = amount;
        LocalDate cleanUntil = null;
        while (true) {
            if (date.isAfter(first)) {
                if (week.isZero()) {
                    var next = workdays.ceiling(date);
                    if (next == null) {
                        throw noWorkingTime();
                    }
                    date = next;
                } else {
                    if (cleanUntil == null || cleanUntil.isBefore(date)) {
                        cleanUntil = cleanUntil(date);
                    }
                    if (date.isBefore(cleanUntil)) {
                        // Keep some time left, so that the end lands inside a working day, not at its edge.
                        long weeks = Math.min(ChronoUnit.DAYS.between(date, cleanUntil) / 7, weeksBelow(left));
                        if (weeks > 0) {
                            date = date.plusWeeks(weeks);
                            left = left.minus(week.multipliedBy(weeks));
                            continue;
                        }
                        var day = Duration.ofSeconds(
                                calendar.hours(date.getDayOfWeek()).seconds());
                        if (left.compareTo(day) > 0) {
                            left = left.minus(day);
                            date = date.plusDays(1);
                            continue;
                        }
                    }
                }
            }
            for (var span : spans(date)) {
                var from = span[0].isBefore(start) ? start : span[0];
                if (!span[1].isAfter(from)) {
                    continue;
                }
                var available = Duration.between(from, span[1]);
                if (left.compareTo(available) <= 0) {
                    return from.plus(left);
                }
                left = left.minus(available);
            }
            date = date.plusDays(1);
        }
    }

    /**
     * The working time between two moments; negative when {@code to} is before {@code from}.
     */
    public Duration between(Instant from, Instant to) {
        if (to.isBefore(from)) {
            return between(to, from).negated();
        }
        var first = date(from);
        var last = date(to);
        var date = first;
        var total = Duration.ZERO;
        LocalDate cleanUntil = null;
        while (!date.isAfter(last)) {
            if (date.isAfter(first) && date.isBefore(last)) {
                if (week.isZero()) {
                    var next = workdays.ceiling(date);
                    date = next == null || next.isAfter(last) ? last : next;
                    continue;
                }
                if (cleanUntil == null || cleanUntil.isBefore(date)) {
                    cleanUntil = cleanUntil(date);
                }
                if (date.isBefore(cleanUntil)) {
                    var limit = cleanUntil.isBefore(last) ? cleanUntil : last;
                    long weeks = ChronoUnit.DAYS.between(date, limit) / 7;
                    if (weeks > 0) {
                        total = total.plus(week.multipliedBy(weeks));
                        date = date.plusWeeks(weeks);
                    } else {
                        total = total.plusSeconds(
                                calendar.hours(date.getDayOfWeek()).seconds());
                        date = date.plusDays(1);
                    }
                    continue;
                }
            }
            for (var span : spans(date)) {
                var start = span[0].isBefore(from) ? from : span[0];
                var end = span[1].isAfter(to) ? to : span[1];
                if (end.isAfter(start)) {
                    total = total.plus(Duration.between(start, end));
                }
            }
            date = date.plusDays(1);
        }
        return total;
    }

    /** Whether the moment lies inside working time. */
    public boolean isWorking(Instant at) {
        for (var span : spans(date(at))) {
            if (!at.isBefore(span[0]) && at.isBefore(span[1])) {
                return true;
            }
        }
        return false;
    }

    /** The working intervals of a date as moments. */
    private List<Instant[]> spans(LocalDate date) {
        var hours = calendar.hoursOn(date);
        var result = new ArrayList<Instant[]>(hours.spans().size());
        for (var s : hours.spans()) {
            result.add(new Instant[] {moment(date, s.from()), moment(date, s.to())});
        }
        return result;
    }

    private Instant moment(LocalDate date, int secondOfDay) {
        if (secondOfDay == 24 * 3600) {
            return date.plusDays(1).atStartOfDay(calendar.zone()).toInstant();
        }
        return ZonedDateTime.of(date, LocalTime.ofSecondOfDay(secondOfDay), calendar.zone())
                .toInstant();
    }

    /**
     * The first date from {@code date} on that is not a plain day of the week: a holiday, a make-up day, or a day on
     * which the clocks change (or the day before, for zones that change at midnight). Days before it have exactly
     * their weekday's hours.
     */
    private LocalDate cleanUntil(LocalDate date) {
        var limit = exceptions.ceiling(date);
        var transition = calendar.zone()
                .getRules()
                .nextTransition(date.minusDays(1).atStartOfDay(calendar.zone()).toInstant());
        if (transition != null) {
            var changed = date(transition.getInstant()).minusDays(1);
            if (limit == null || changed.isBefore(limit)) {
                limit = changed;
            }
        }
        return limit == null ? LocalDate.MAX : limit;
    }

    /** How many whole weeks of working time fit in {@code left} with some time to spare. */
    private long weeksBelow(Duration left) {
        long seconds = left.getNano() > 0 ? left.getSeconds() : left.getSeconds() - 1;
        return seconds / week.getSeconds();
    }

    private LocalDate date(Instant at) {
        return LocalDate.ofInstant(at, calendar.zone());
    }

    private static IllegalStateException noWorkingTime() {
        return new IllegalStateException("The work calendar has no working time: give at least one day of the week "
                + "working hours (or add make-up working days)");
    }
}
