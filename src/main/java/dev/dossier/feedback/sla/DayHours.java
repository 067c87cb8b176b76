package dev.dossier.feedback.sla;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The working hours of one day: zero or more intervals of local time, sorted and not overlapping, written as
 * {@code 09:00-12:00,13:30-18:00}. An interval may end at {@code 24:00}.
 *
 * @param spans the intervals, earliest first
 */
record DayHours(List<Span> spans) {

    /** No working time. */
    public static final DayHours NONE = new DayHours(List.of());

    private static final int DAY = 24 * 3600;

    /**
     * One interval of working time, in seconds after midnight.
     *
     * @param from start, inclusive
     * @param to end, exclusive; at most 24:00
     */
    public record Span(int from, int to) {

        public Span {
            if (from < 0 || to > DAY || from >= to) {
                throw new IllegalArgumentException(
                        "A working interval must start before it ends, within the day: " + time(from) + "-" + time(to));
            }
        }

        @Override
        public String toString() {
            return time(from) + "-" + time(to);
        }
    }

    public DayHours {
        spans = List.copyOf(spans);
        for (int i = 1; i < spans.size(); i++) {
            if (spans.get(i).from() < spans.get(i - 1).to()) {
                throw new IllegalArgumentException(
                        "Working intervals overlap or are out of order: " + spans.get(i - 1) + " and " + spans.get(i));
            }
        }
    }

    /**
     * Reads {@code 09:00-12:00,13:30-18:00}; blank or {@code -} for none. Intervals may come in any order.
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    public static DayHours parse(String text) {
        if (text == null || text.isBlank() || text.strip().equals("-")) {
            return NONE;
        }
        var spans = new ArrayList<Span>();
        for (var part : text.split(",")) {
            var range = part.strip();
            int dash = range.indexOf('-');
            if (dash < 0) {
                throw new IllegalArgumentException("Not a time range like 09:00-18:00: " + range);
            }
            spans.add(new Span(seconds(range.substring(0, dash)), seconds(range.substring(dash + 1))));
        }
        spans.sort(Comparator.comparingInt(Span::from));
        return new DayHours(spans);
    }

    /** Working seconds in the day, as the hours say (a change of clocks aside). */
    public long seconds() {
        long total = 0;
        for (var s : spans) {
            total += s.to() - s.from();
        }
        return total;
    }

    public boolean isEmpty() {
        return spans.isEmpty();
    }

    @Override
    public String toString() {
        return spans.stream().map(Span::toString).collect(Collectors.joining(","));
    }

    private static int seconds(String text) {
        var t = text.strip();
        var parts = t.split(":");
        try {
            if (parts.length != 2 || parts[1].length() != 2) {
                throw new NumberFormatException();
            }
            int h = Integer.parseInt(parts[0]);
            int m = Integer.parseInt(parts[1]);
            if (h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0)) {
                throw new NumberFormatException();
            }
            return h * 3600 + m * 60;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a time of day like 09:30: " + t);
        }
    }

    private static String time(int seconds) {
        return "%02d:%02d".formatted(seconds / 3600, seconds % 3600 / 60);
    }
}
