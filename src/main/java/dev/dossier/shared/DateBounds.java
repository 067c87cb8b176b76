package dev.dossier.shared;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Set;
import org.springframework.format.AnnotationFormatterFactory;
import org.springframework.format.Formatter;
import org.springframework.format.Parser;
import org.springframework.format.Printer;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.datetime.standard.Jsr310DateTimeFormatAnnotationFormatterFactory;

/**
 * Dates and times read from addresses and forms lie between the years 1 and 9999. Java reads years up to nine
 * digits ({@code -999999999-01-01}), which no report or query can count with; such a value is refused like any
 * other unreadable one (400 on the API, a field error or the error page on pages).
 */
final class DateBounds implements AnnotationFormatterFactory<DateTimeFormat> {

    static final int FIRST_YEAR = 1;
    static final int LAST_YEAR = 9999;

    private final Jsr310DateTimeFormatAnnotationFormatterFactory formats =
            new Jsr310DateTimeFormatAnnotationFormatterFactory();

    @Override
    public Set<Class<?>> getFieldTypes() {
        return formats.getFieldTypes();
    }

    @Override
    public Printer<?> getPrinter(DateTimeFormat annotation, Class<?> fieldType) {
        return formats.getPrinter(annotation, fieldType);
    }

    @Override
    public Parser<?> getParser(DateTimeFormat annotation, Class<?> fieldType) {
        Parser<?> parser = formats.getParser(annotation, fieldType);
        return (text, locale) -> check(parser.parse(text, locale));
    }

    /** ISO dates ({@code 2024-03-01}) where a parameter or field has no format of its own. */
    static Formatter<LocalDate> isoDates() {
        return new Formatter<>() {
            @Override
            public LocalDate parse(String text, Locale locale) {
                return check(LocalDate.parse(text.strip(), DateTimeFormatter.ISO_LOCAL_DATE));
            }

            @Override
            public String print(LocalDate date, Locale locale) {
                return DateTimeFormatter.ISO_LOCAL_DATE.format(date);
            }
        };
    }

    /** ISO times with an offset ({@code 2024-03-01T09:00:00+08:00}) where a parameter has no format of its own. */
    static Formatter<OffsetDateTime> isoTimes() {
        return new Formatter<>() {
            @Override
            public OffsetDateTime parse(String text, Locale locale) {
                return check(OffsetDateTime.parse(text.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            }

            @Override
            public String print(OffsetDateTime time, Locale locale) {
                return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
            }
        };
    }

    /** The value, if its year lies within the bounds. */
    static <T> T check(T value) {
        Integer year = switch (value) {
            case Instant instant -> instant.atOffset(ZoneOffset.UTC).getYear();
            case TemporalAccessor temporal
            when temporal.isSupported(ChronoField.YEAR) -> temporal.get(ChronoField.YEAR);
            case null, default -> null;
        };
        if (year != null && (year < FIRST_YEAR || year > LAST_YEAR)) {
            throw new IllegalArgumentException("Year " + year + " is out of range");
        }
        return value;
    }
}
