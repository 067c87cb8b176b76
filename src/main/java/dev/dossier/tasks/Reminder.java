package dev.dossier.tasks;

/**
 * When the assignee hears about a task before it is due: never, only at the due time, or also some time before.
 * Stored as minutes before the due time; null for never.
 */
enum Reminder {
    NONE(null),
    AT_DUE(0),
    MINUTES_15(15),
    HOUR_1(60),
    DAY_1(1440);

    /** What a new task gets unless told otherwise. */
    static final Reminder DEFAULT = DAY_1;

    final Integer minutes;

    Reminder(Integer minutes) {
        this.minutes = minutes;
    }

    static Reminder of(Integer minutes) {
        for (var r : values()) {
            if (java.util.Objects.equals(r.minutes, minutes)) {
                return r;
            }
        }
        return DEFAULT;
    }

    /**
     * The first notice still to send for a task due at {@code due}: the reminder before it if that is not past, else
     * the due notice if the due time is not past, else none.
     */
    java.time.OffsetDateTime firstNotice(java.time.OffsetDateTime due, java.time.OffsetDateTime now) {
        if (minutes == null) {
            return null;
        }
        var before = due.minusMinutes(minutes);
        if (minutes > 0 && !before.isBefore(now)) {
            return before;
        }
        return due.isBefore(now) ? null : due;
    }
}
