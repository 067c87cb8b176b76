package dev.dossier.shared;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** How pages write times and phone numbers: in the organisation's time zone and home region. */
@Component("formats")
public class Formats {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    private final ZoneId zone;
    private final String region;
    private final Clock clock;

    Formats(
            @Value("${dossier.time-zone:Asia/Shanghai}") String zone,
            @Value("${dossier.default-region:CN}") String region,
            Clock clock) {
        this.zone = ZoneId.of(zone);
        this.region = region;
        this.clock = clock;
    }

    /** Today in the organisation's time zone, by the application's clock. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    /** This month in the organisation's time zone, by the application's clock. */
    public YearMonth thisMonth() {
        return YearMonth.from(today());
    }

    /** The organisation's time zone, in which days, weeks and periods begin. */
    public ZoneId zone() {
        return zone;
    }

    public String dateTime(OffsetDateTime time) {
        return time == null ? "" : time.atZoneSameInstant(zone).format(DATE_TIME);
    }

    public String date(OffsetDateTime time) {
        return time == null ? "" : time.atZoneSameInstant(zone).format(DATE);
    }

    /** An E.164 number as people of the home region write it. */
    public String phone(String e164) {
        if (e164 == null) {
            return "";
        }
        try {
            return new PhoneNumber(e164).formatted(region);
        } catch (InvalidValueException e) {
            return e164;
        }
    }

    /** A country's name in the reader's language, from its ISO code. */
    public String country(String code) {
        if (code == null || code.isBlank()) {
            return "";
        }
        var locale = org.springframework.context.i18n.LocaleContextHolder.getLocale();
        var name = java.util.Locale.of("", code).getDisplayCountry(locale);
        return name.isBlank() ? code : name;
    }

    /** The {@code tel:} link of a number. */
    public String tel(String e164) {
        return e164 == null ? "" : "tel:" + e164;
    }
}
