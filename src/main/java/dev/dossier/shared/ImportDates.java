package dev.dossier.shared;

import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Dates and times as spreadsheets and old systems write them: {@code 2024-03-05}, {@code 2024/3/5}, {@code 2024.3.5},
 * {@code 20240305}, {@code 2024年3月5日}, a time after the date ({@code 14:30}, {@code 14:30:15}, {@code 14时30分}),
 * ISO 8601 with an offset, and Excel's day numbers (days since 1899-12-30, the fraction the time of day). Day and
 * month first ({@code 05/03/2024}) are not read: whether that is the fifth of March or the third of May cannot be
 * told.
 */
public final class ImportDates {

    private static final Pattern YMD =
            Pattern.compile("(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?");
    private static final Pattern COMPACT = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
    private static final Pattern SERIAL = Pattern.compile("\\d{4,5}(\\.\\d+)?");
    private static final Pattern TIME =
            Pattern.compile("(\\d{1,2})\\s*[:时點点]\\s*(\\d{1,2})(?:\\s*[:分]\\s*(\\d{1,2})(?:\\.\\d+)?\\s*秒?)?\\s*分?");
    private static final LocalDate EXCEL_EPOCH = LocalDate.of(1899, 12, 30);

    private ImportDates() {}

    /** The date written, or null when it is not one of the forms read. */
    public static LocalDate parse(String text) {
        var t = normal(text);
        int cut = cut(t);
        var date = cut > 0 ? t.substring(0, cut) : t;
        try {
            var m = YMD.matcher(date);
            if (m.matches()) {
                return LocalDate.of(
                        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            }
            m = COMPACT.matcher(date);
            if (m.matches()) {
                return LocalDate.of(
                        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            }
            if (SERIAL.matcher(date).matches()) {
                long days = (long) Double.parseDouble(date);
                return days > 0 && days < 2_958_466 ? EXCEL_EPOCH.plusDays(days) : null;
            }
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    /**
     * The moment written, in {@code zone} when the text gives no offset; a date alone is its first minute. Null when
     * it is not one of the forms read.
     */
    public static OffsetDateTime parseDateTime(String text, ZoneId zone) {
        var t = normal(text);
        if (t.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(t);
        } catch (DateTimeParseException e) {
            // Not ISO 8601 with an offset: one of the forms below.
        }
        try {
            if (SERIAL.matcher(t).matches()) {
                double serial = Double.parseDouble(t);
                long days = (long) serial;
                if (days <= 0 || days >= 2_958_466) {
                    return null;
                }
                long seconds = Math.round((serial - days) * 86_400);
                return EXCEL_EPOCH
                        .plusDays(days)
                        .atStartOfDay(zone)
                        .plusSeconds(seconds)
                        .toOffsetDateTime();
            }
            var date = parse(t);
            if (date == null) {
                return null;
            }
            int cut = cut(t);
            var rest = cut > 0 ? t.substring(cut + 1).strip() : "";
            var time = LocalTime.MIDNIGHT;
            if (!rest.isEmpty()) {
                boolean afternoon = rest.startsWith("下午") || rest.startsWith("晚上");
                boolean morning = rest.startsWith("上午") || rest.startsWith("早上");
                if (afternoon || morning) {
                    rest = rest.substring(2).strip();
                }
                var upper = rest.toUpperCase(java.util.Locale.ROOT);
                boolean pm = upper.endsWith("PM");
                boolean am = upper.endsWith("AM");
                if (pm || am) {
                    rest = rest.substring(0, rest.length() - 2).strip();
                }
                var m = TIME.matcher(rest);
                if (!m.matches()) {
                    return null;
                }
                int hour = Integer.parseInt(m.group(1));
                if ((pm || afternoon) && hour < 12) {
                    hour += 12;
                } else if ((am || morning) && hour == 12) {
                    hour = 0;
                }
                time = LocalTime.of(
                        hour, Integer.parseInt(m.group(2)), m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
            }
            return LocalDateTime.of(date, time).atZone(zone).toOffsetDateTime();
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private static String normal(String text) {
        return text == null
                ? ""
                : Normalizer.normalize(text, Normalizer.Form.NFKC).strip();
    }

    /** Where the date ends and a time begins: the first space or {@code T}, or -1. */
    private static int cut(String t) {
        int space = t.indexOf(' ');
        int tee = t.indexOf('T');
        return space > 0 ? space : tee > 0 ? tee : -1;
    }
}
