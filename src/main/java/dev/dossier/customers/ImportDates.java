package dev.dossier.customers;

import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * Dates as spreadsheets and old systems write them: {@code 2024-03-05}, {@code 2024/3/5}, {@code 2024.3.5},
 * {@code 20240305}, {@code 2024年3月5日}, a time after the date, and Excel's day numbers (days since 1899-12-30). Day
 * and month first ({@code 05/03/2024}) are not read: whether that is the fifth of March or the third of May cannot
 * be told.
 */
final class ImportDates {

    private static final Pattern YMD =
            Pattern.compile("(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?");
    private static final Pattern COMPACT = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
    private static final Pattern SERIAL = Pattern.compile("\\d{4,5}(\\.0+)?");
    private static final LocalDate EXCEL_EPOCH = LocalDate.of(1899, 12, 30);

    private ImportDates() {}

    /** The date written, or null when it is not one of the forms read. */
    static LocalDate parse(String text) {
        var t = Normalizer.normalize(text, Normalizer.Form.NFKC).strip();
        int space = t.indexOf(' ');
        int tee = t.indexOf('T');
        int cut = space > 0 ? space : tee > 0 ? tee : -1;
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
}
