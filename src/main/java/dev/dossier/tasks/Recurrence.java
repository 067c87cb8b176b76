package dev.dossier.tasks;

import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How a task repeats: a small subset of RFC 5545 RRULE, {@code FREQ=DAILY|WEEKLY|MONTHLY|YEARLY;INTERVAL=n} with an
 * optional {@code BYMONTHDAY=d} (1–31, monthly only), e.g. {@code FREQ=DAILY;INTERVAL=90} for every 90 days or
 * {@code FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=15} for the 15th of every month. Parts may come in any order;
 * {@code INTERVAL} defaults to 1. A day of the month the month does not have (31 in April) falls on its last day,
 * where RFC 5545 would skip the month: a follow-up should not silently wait a month longer.
 *
 * @param frequency the unit
 * @param interval how many units apart, 1–1000
 * @param monthDay the day of the month (monthly only), or null for the same day as before
 */
record Recurrence(Frequency frequency, int interval, Integer monthDay) {

    /** The units a rule counts in. */
    enum Frequency {
        DAILY,
        WEEKLY,
        MONTHLY,
        YEARLY
    }

    /** A rule that is not one of the forms this subset accepts; the message key says what is wrong. */
    static final class MalformedException extends RuntimeException {

        private final String code;

        MalformedException(String code, String rule) {
            super("Not a recurrence rule (" + code + "): " + rule);
            this.code = code;
        }

        String code() {
            return code;
        }
    }

    Recurrence {
        if (frequency == null) {
            throw new MalformedException("task.recurrence.frequency", String.valueOf(interval));
        }
        if (interval < 1 || interval > 1000) {
            throw new MalformedException("task.recurrence.interval", String.valueOf(interval));
        }
        if (monthDay != null && (frequency != Frequency.MONTHLY || monthDay < 1 || monthDay > 31)) {
            throw new MalformedException("task.recurrence.month-day", String.valueOf(monthDay));
        }
    }

    /** Reads a rule; null or blank is no recurrence (null). */
    static Recurrence parse(String rule) {
        if (rule == null || rule.isBlank()) {
            return null;
        }
        var text = rule.strip().toUpperCase(Locale.ROOT);
        if (text.startsWith("RRULE:")) {
            text = text.substring("RRULE:".length());
        }
        var parts = new HashMap<String, String>();
        for (var part : text.split(";", -1)) {
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw new MalformedException("task.recurrence.malformed", rule);
            }
            if (parts.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip()) != null) {
                throw new MalformedException("task.recurrence.malformed", rule);
            }
        }
        Map<String, String> known = Map.of("FREQ", "", "INTERVAL", "", "BYMONTHDAY", "");
        for (var name : parts.keySet()) {
            if (!known.containsKey(name)) {
                throw new MalformedException("task.recurrence.unsupported", rule);
            }
        }
        Frequency frequency;
        try {
            frequency = Frequency.valueOf(parts.getOrDefault("FREQ", ""));
        } catch (IllegalArgumentException e) {
            throw new MalformedException("task.recurrence.frequency", rule);
        }
        return new Recurrence(
                frequency,
                number(parts.getOrDefault("INTERVAL", "1"), "task.recurrence.interval", rule),
                parts.containsKey("BYMONTHDAY")
                        ? number(parts.get("BYMONTHDAY"), "task.recurrence.month-day", rule)
                        : null);
    }

    private static int number(String text, String code, String rule) {
        if (!text.matches("\\d{1,4}")) {
            throw new MalformedException(code, rule);
        }
        return Integer.parseInt(text);
    }

    /** The rule in its canonical RRULE form. */
    String rule() {
        return "FREQ=" + frequency + ";INTERVAL=" + interval + (monthDay == null ? "" : ";BYMONTHDAY=" + monthDay);
    }

    /**
     * The occurrence after {@code previous}, at the same time of day in the same zone: {@code interval} units later,
     * on {@code monthDay} when given (clamped to the month's last day). Month and year steps from the 31st or from
     * 29 February land on the month's last day.
     */
    ZonedDateTime next(ZonedDateTime previous) {
        return switch (frequency) {
            case DAILY -> previous.plusDays(interval);
            case WEEKLY -> previous.plusWeeks(interval);
            case YEARLY -> previous.plusYears(interval);
            case MONTHLY -> {
                var next = previous.plusMonths(interval);
                if (monthDay != null) {
                    int day = Math.min(monthDay, next.toLocalDate().lengthOfMonth());
                    next = next.withDayOfMonth(day);
                }
                yield next;
            }
        };
    }

    /** The first occurrence after {@code previous} that is later than {@code after}. */
    ZonedDateTime nextAfter(ZonedDateTime previous, ZonedDateTime after) {
        var next = next(previous);
        for (int guard = 0; !next.isAfter(after) && guard < 10_000; guard++) {
            next = next(next);
        }
        return next;
    }

    /** The message key and arguments that say the rule in words. */
    Object[] describe() {
        var unit = frequency.name().toLowerCase(Locale.ROOT);
        return monthDay == null
                ? new Object[] {"task.recurrence.every." + unit, interval}
                : new Object[] {"task.recurrence.every.monthly-on", interval, monthDay};
    }
}
