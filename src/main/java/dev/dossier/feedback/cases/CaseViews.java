package dev.dossier.feedback.cases;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** What the case pages write about a case beyond its fields: its SLA state and the time left, in words. */
@Component("caseViews")
class CaseViews {

    private final MessageSource messages;
    private final Clock clock;

    CaseViews(MessageSource messages, Clock clock) {
        this.messages = messages;
        this.clock = clock;
    }

    public SlaState sla(FeedbackCase c) {
        return SlaState.of(c, OffsetDateTime.now(clock), CaseQueries.WARNING);
    }

    /** "2 h 10 min left", "overdue by 1 d", or empty when no SLA applies. */
    public String timeLeft(SlaState state) {
        if (state.left() == null) {
            return "";
        }
        return state.left().isNegative()
                ? text("cases.sla.overdue", amount(state.left().negated()))
                : text("cases.sla.left", amount(state.left()));
    }

    /** A duration in the largest two units that matter: "1 d 3 h", "2 h 10 min", "12 min". */
    String amount(Duration d) {
        long days = d.toDays();
        long hours = d.toHoursPart();
        long minutes = d.toMinutesPart();
        if (days >= 1) {
            return hours == 0 ? text("cases.duration.d", days) : text("cases.duration.d-h", days, hours);
        }
        if (hours >= 1) {
            return minutes == 0 ? text("cases.duration.h", hours) : text("cases.duration.h-min", hours, minutes);
        }
        return text("cases.duration.min", Math.max(minutes, 0));
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }
}
