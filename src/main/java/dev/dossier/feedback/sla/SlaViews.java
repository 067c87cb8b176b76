package dev.dossier.feedback.sla;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** How the SLA pages write business durations and due times, in the reader's language. */
@Component("slaViews")
class SlaViews {

    private static final DateTimeFormatter DUE = DateTimeFormatter.ofPattern("yyyy-MM-dd EEE HH:mm");

    private final MessageSource messages;

    SlaViews(MessageSource messages) {
        this.messages = messages;
    }

    /** Business minutes as hours and minutes: {@code 1 h 30 min}, {@code 1小时30分钟}. */
    public String minutes(Integer minutes) {
        if (minutes == null) {
            return "";
        }
        int h = minutes / 60;
        int m = minutes % 60;
        var locale = LocaleContextHolder.getLocale();
        if (h == 0) {
            return messages.getMessage("sla.duration.m", new Object[] {m}, locale);
        }
        if (m == 0) {
            return messages.getMessage("sla.duration.h", new Object[] {h}, locale);
        }
        return messages.getMessage("sla.duration.hm", new Object[] {h, m}, locale);
    }

    /** A moment in a calendar's zone, with the day of the week. */
    public String due(Instant at, ZoneId zone) {
        return at == null ? "" : DUE.withLocale(locale()).format(at.atZone(zone));
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }
}
