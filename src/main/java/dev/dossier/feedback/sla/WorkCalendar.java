package dev.dossier.feedback.sla;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * When work happens: a time zone, the working hours of each day of the week, public holidays (dates off) and make-up
 * working days (dates on, e.g. a Saturday worked in exchange for a holiday). A make-up day with no hours of its own
 * works the standard hours: those of the first day from Monday on that has any.
 *
 * @param zone the time zone the hours are in
 * @param week hours by day of the week; a missing day has none
 * @param holidays dates off
 * @param workdays dates on, with their hours ({@link DayHours#NONE} for the standard hours)
 */
record WorkCalendar(
        ZoneId zone, Map<DayOfWeek, DayHours> week, Set<LocalDate> holidays, Map<LocalDate, DayHours> workdays) {

    public WorkCalendar {
        var w = new EnumMap<DayOfWeek, DayHours>(DayOfWeek.class);
        w.putAll(week);
        week = java.util.Collections.unmodifiableMap(w);
        holidays = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(holidays));
        workdays = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(workdays));
        for (var d : workdays.keySet()) {
            if (holidays.contains(d)) {
                throw new IllegalArgumentException(d + " is both a holiday and a working day");
            }
        }
    }

    /** A calendar with weekly hours only, e.g. {@code of("Asia/Shanghai", "MON-FRI 09:00-18:00")}. */
    public static WorkCalendar of(String zone, String weekHours) {
        return new WorkCalendar(ZoneId.of(zone), parseWeek(weekHours), Set.of(), Map.of());
    }

    /** The same calendar with more holidays. */
    public WorkCalendar withHolidays(LocalDate... dates) {
        var h = new TreeSet<>(holidays);
        h.addAll(List.of(dates));
        return new WorkCalendar(zone, week, h, workdays);
    }

    /** The same calendar with more make-up working days on the standard hours. */
    public WorkCalendar withWorkdays(LocalDate... dates) {
        var w = new TreeMap<>(workdays);
        for (var d : dates) {
            w.put(d, DayHours.NONE);
        }
        return new WorkCalendar(zone, week, holidays, w);
    }

    /** The hours of a day of the week. */
    public DayHours hours(DayOfWeek day) {
        return week.getOrDefault(day, DayHours.NONE);
    }

    /** The hours a make-up day works when it names none. */
    public DayHours standardHours() {
        for (var d : DayOfWeek.values()) {
            if (!hours(d).isEmpty()) {
                return hours(d);
            }
        }
        return DayHours.NONE;
    }

    /** The hours worked on a date, holidays and make-up days included. */
    public DayHours hoursOn(LocalDate date) {
        var special = workdays.get(date);
        if (special != null) {
            return special.isEmpty() ? standardHours() : special;
        }
        return holidays.contains(date) ? DayHours.NONE : hours(date.getDayOfWeek());
    }

    /** Whether any day of the week has working hours. */
    public boolean hasWeeklyHours() {
        return week.values().stream().anyMatch(h -> !h.isEmpty());
    }

    /**
     * Reads week hours like {@code MON 09:00-12:00,13:30-18:00;TUE-FRI 09:00-18:00;SAT -}: days (three-letter
     * English abbreviations, or a range of them) followed by their hours, separated by semicolons or new lines. A day
     * not named has no working time.
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    public static Map<DayOfWeek, DayHours> parseWeek(String text) {
        var week = new EnumMap<DayOfWeek, DayHours>(DayOfWeek.class);
        if (text == null) {
            return week;
        }
        for (var part : text.split("[;\\n]")) {
            var entry = part.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int space = entry.indexOf(' ');
            var days = space < 0 ? entry : entry.substring(0, space);
            var hours = DayHours.parse(space < 0 ? "" : entry.substring(space + 1));
            int dash = days.indexOf('-');
            var first = day(dash < 0 ? days : days.substring(0, dash));
            var last = dash < 0 ? first : day(days.substring(dash + 1));
            if (last.compareTo(first) < 0) {
                throw new IllegalArgumentException("A range of days runs from Monday towards Sunday: " + days);
            }
            for (int d = first.ordinal(); d <= last.ordinal(); d++) {
                if (week.put(DayOfWeek.values()[d], hours) != null) {
                    throw new IllegalArgumentException("A day is named twice: " + DayOfWeek.values()[d]);
                }
            }
        }
        return week;
    }

    /** Writes week hours in the form {@link #parseWeek} reads, runs of equal days as ranges. */
    public static String formatWeek(Map<DayOfWeek, DayHours> week) {
        var parts = new ArrayList<String>();
        var days = DayOfWeek.values();
        for (int i = 0; i < days.length; ) {
            var hours = week.getOrDefault(days[i], DayHours.NONE);
            int j = i;
            while (j + 1 < days.length
                    && week.getOrDefault(days[j + 1], DayHours.NONE).equals(hours)) {
                j++;
            }
            if (!hours.isEmpty()) {
                parts.add((i == j ? abbreviation(days[i]) : abbreviation(days[i]) + "-" + abbreviation(days[j])) + " "
                        + hours);
            }
            i = j + 1;
        }
        return String.join(";", parts);
    }

    private static String abbreviation(DayOfWeek day) {
        return day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toUpperCase(Locale.ROOT);
    }

    private static DayOfWeek day(String text) {
        var t = text.strip().toUpperCase(Locale.ROOT);
        for (var d : DayOfWeek.values()) {
            if (abbreviation(d).equals(t) || d.name().equals(t)) {
                return d;
            }
        }
        throw new IllegalArgumentException("Not a day of the week like MON: " + text.strip());
    }
}
