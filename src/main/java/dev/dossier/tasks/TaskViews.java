package dev.dossier.tasks;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** What the task pages write about a task beyond its fields: how overdue it is, how it repeats. */
@Component("taskViews")
class TaskViews {

    private final MessageSource messages;
    private final Clock clock;

    TaskViews(MessageSource messages, Clock clock) {
        this.messages = messages;
        this.clock = clock;
    }

    public boolean overdue(Task task) {
        return task.overdue(OffsetDateTime.now(clock));
    }

    /** "overdue by 2 d", "overdue by 5 h", "overdue by 12 min"; empty when the task is not overdue. */
    public String overdueBy(Task task) {
        var by = task.overdueBy(OffsetDateTime.now(clock));
        if (by.isZero()) {
            return "";
        }
        return text("task.overdue-by", amount(by));
    }

    public String amount(Duration by) {
        if (by.toDays() >= 1) {
            return text("task.duration.days", by.toDays());
        }
        if (by.toHours() >= 1) {
            return text("task.duration.hours", by.toHours());
        }
        return text("task.duration.minutes", Math.max(1, by.toMinutes()));
    }

    /** The recurrence in words, or empty. */
    public String recurrence(String rule) {
        try {
            var parsed = Recurrence.parse(rule);
            if (parsed == null) {
                return "";
            }
            var words = parsed.describe();
            var args = new Object[words.length - 1];
            System.arraycopy(words, 1, args, 0, args.length);
            return text((String) words[0], args);
        } catch (Recurrence.MalformedException e) {
            return rule;
        }
    }

    /** A day in words, in the reader's language: "Sunday, November 15, 2026". */
    public String day(java.time.LocalDate date) {
        return date.format(java.time.format.DateTimeFormatter.ofLocalizedDate(java.time.format.FormatStyle.FULL)
                .withLocale(LocaleContextHolder.getLocale()));
    }

    /** A month in words: "November 2026", "2026年11月". */
    public String month(java.time.YearMonth month) {
        return month.format(java.time.format.DateTimeFormatter.ofLocalizedPattern("yMMMM")
                .withLocale(LocaleContextHolder.getLocale()));
    }

    /** The days of the week, Monday first, short, in the reader's language. */
    public java.util.List<String> weekdays() {
        return java.util.Arrays.stream(java.time.DayOfWeek.values())
                .map(d -> d.getDisplayName(java.time.format.TextStyle.SHORT, LocaleContextHolder.getLocale()))
                .toList();
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }
}
