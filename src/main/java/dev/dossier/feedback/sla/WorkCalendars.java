package dev.dossier.feedback.sla;

import static dev.dossier.db.Tables.SLA_POLICY;
import static dev.dossier.db.Tables.WORK_CALENDAR;
import static dev.dossier.db.Tables.WORK_CALENDAR_DAY;

import dev.dossier.db.Stamps;
import dev.dossier.db.tables.records.WorkCalendarRecord;
import dev.dossier.identity.CurrentUser;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.FieldRules;
import dev.dossier.shared.Inputs;
import dev.dossier.shared.NotFoundException;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.ValidationException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Work calendars: their weekly hours, holidays and make-up working days. One calendar is the default, used by every
 * policy that names none; the standard one (Monday to Friday, 09:00–18:00, Asia/Shanghai) is written the first time
 * calendars are needed, so a new database holds none.
 */
@Service
class WorkCalendars {

    static final String STANDARD = "standard";
    static final String STANDARD_ZONE = "Asia/Shanghai";
    static final String STANDARD_HOURS = "MON-FRI 09:00-18:00";
    static final int MAX_DAYS = 3000;

    /** HOLIDAY: a date off; WORKDAY: a make-up working day. */
    enum DayKind {
        HOLIDAY,
        WORKDAY
    }

    /**
     * A date that differs from its day of the week.
     *
     * @param date the date
     * @param kind HOLIDAY or WORKDAY
     * @param name what it is, e.g. National Day; optional
     * @param hours a workday's hours like {@code 09:00-12:00}; null for the calendar's standard hours
     */
    record SpecialDay(
            LocalDate date, DayKind kind, @Size(max = 100) String name, String hours) {}

    /**
     * A calendar as pages and the API show it.
     *
     * @param id id
     * @param name name
     * @param zone time zone id
     * @param weekHours hours by day of the week, e.g. {@code MON-FRI 09:00-12:00,13:30-18:00}
     * @param isDefault whether policies without a calendar use it
     * @param days holidays and make-up days, by date
     * @param version version
     */
    record Calendar(
            UUID id,
            String name,
            String zone,
            String weekHours,
            boolean isDefault,
            List<SpecialDay> days,
            int version) {

        WorkCalendar toWorkCalendar() {
            var holidays = new HashSet<LocalDate>();
            var workdays = new HashMap<LocalDate, DayHours>();
            for (var d : days) {
                if (d.kind() == DayKind.HOLIDAY) {
                    holidays.add(d.date());
                } else {
                    workdays.put(d.date(), DayHours.parse(d.hours()));
                }
            }
            return new WorkCalendar(ZoneId.of(zone), WorkCalendar.parseWeek(weekHours), holidays, workdays);
        }
    }

    /**
     * A calendar to create or change.
     *
     * @param name name, at most 100 characters
     * @param zone time zone id, e.g. Asia/Shanghai or Europe/London
     * @param weekHours hours by day of the week, e.g. {@code MON-FRI 09:00-12:00,13:30-18:00;SAT 10:00-14:00}
     * @param isDefault make it the default calendar (the default stays the default until another takes its place)
     * @param days holidays and make-up days; on a change, the whole list (null keeps the days as they are)
     */
    record CalendarDraft(
            @NotNull @Size(max = 100) String name,
            String zone,
            String weekHours,
            Boolean isDefault,
            List<@Valid SpecialDay> days) {

        CalendarDraft {
            name = Inputs.trim(name);
        }
    }

    private final DSLContext db;
    private final Clock clock;
    private final MessageSource messages;

    WorkCalendars(DSLContext db, Clock clock, MessageSource messages) {
        this.db = db;
        this.clock = clock;
        this.messages = messages;
    }

    @Transactional
    public List<Calendar> list() {
        ensureDefault();
        var days = new HashMap<UUID, List<SpecialDay>>();
        db.selectFrom(WORK_CALENDAR_DAY)
                .orderBy(WORK_CALENDAR_DAY.ON_DATE)
                .forEach(r -> days.computeIfAbsent(r.getCalendarId(), k -> new ArrayList<>())
                        .add(day(r)));
        return db.selectFrom(WORK_CALENDAR)
                .where(WORK_CALENDAR.DELETED_AT.isNull())
                .orderBy(WORK_CALENDAR.IS_DEFAULT.desc(), WORK_CALENDAR.NAME, WORK_CALENDAR.ID)
                .fetch(r -> calendar(r, days.getOrDefault(r.getId(), List.of())));
    }

    @Transactional
    public Calendar get(UUID id) {
        ensureDefault();
        var r = db.selectFrom(WORK_CALENDAR)
                .where(WORK_CALENDAR.ID.eq(id))
                .and(WORK_CALENDAR.DELETED_AT.isNull())
                .fetchOptional()
                .orElseThrow(() -> new NotFoundException("work calendar"));
        return calendar(r, days(id));
    }

    /** The default calendar, written first if there is none. */
    @Transactional
    public Calendar standard() {
        return get(ensureDefault());
    }

    /** The business clock of a calendar; null for the default one. */
    @Transactional
    public BusinessClock clock(UUID calendarId) {
        var calendar = calendarId == null
                ? standard()
                : db.selectFrom(WORK_CALENDAR)
                        .where(WORK_CALENDAR.ID.eq(calendarId))
                        .fetchOptional()
                        .map(r -> calendar(r, days(calendarId)))
                        .orElseGet(this::standard);
        return new BusinessClock(calendar.toWorkCalendar());
    }

    boolean exists(UUID id) {
        return db.fetchExists(WORK_CALENDAR, WORK_CALENDAR.ID.eq(id).and(WORK_CALENDAR.DELETED_AT.isNull()));
    }

    @Transactional
    public Calendar create(CalendarDraft draft) {
        ensureDefault();
        check(draft);
        var id = UUID.randomUUID();
        var now = OffsetDateTime.now(clock);
        var by = CurrentUser.actor().userId();
        db.insertInto(WORK_CALENDAR)
                .set(WORK_CALENDAR.ID, id)
                .set(WORK_CALENDAR.NAME, draft.name())
                .set(WORK_CALENDAR.ZONE, draft.zone().strip())
                .set(WORK_CALENDAR.WEEK_HOURS, WorkCalendar.formatWeek(WorkCalendar.parseWeek(draft.weekHours())))
                .set(WORK_CALENDAR.IS_DEFAULT, false)
                .set(Stamps.created(WORK_CALENDAR, by, now))
                .execute();
        writeDays(id, Objects.requireNonNullElse(draft.days(), List.of()), now, by);
        if (Boolean.TRUE.equals(draft.isDefault())) {
            makeDefault(id);
        }
        return get(id);
    }

    @Transactional
    public Calendar update(UUID id, int version, CalendarDraft draft) {
        var current = get(id);
        check(draft);
        var now = OffsetDateTime.now(clock);
        var by = CurrentUser.actor().userId();
        int updated = db.update(WORK_CALENDAR)
                .set(WORK_CALENDAR.NAME, draft.name())
                .set(WORK_CALENDAR.ZONE, draft.zone().strip())
                .set(WORK_CALENDAR.WEEK_HOURS, WorkCalendar.formatWeek(WorkCalendar.parseWeek(draft.weekHours())))
                .set(Stamps.changed(WORK_CALENDAR, by, now))
                .where(WORK_CALENDAR.ID.eq(id))
                .and(WORK_CALENDAR.VERSION.eq(version))
                .execute();
        if (updated == 0) {
            throw new StaleVersionException("Work calendar", current.version());
        }
        if (draft.days() != null) {
            db.deleteFrom(WORK_CALENDAR_DAY)
                    .where(WORK_CALENDAR_DAY.CALENDAR_ID.eq(id))
                    .execute();
            writeDays(id, draft.days(), now, by);
        }
        if (Boolean.TRUE.equals(draft.isDefault())) {
            makeDefault(id);
        }
        return get(id);
    }

    /** Adds holidays or make-up days (a date already listed takes the new kind and name). */
    @Transactional
    public Calendar addDays(UUID id, int version, List<SpecialDay> added) {
        var current = get(id);
        var byDate = new java.util.TreeMap<LocalDate, SpecialDay>();
        current.days().forEach(d -> byDate.put(d.date(), d));
        added.forEach(d -> byDate.put(d.date(), d));
        return update(
                id,
                version,
                new CalendarDraft(
                        current.name(), current.zone(), current.weekHours(), null, List.copyOf(byDate.values())));
    }

    /** Removes a calendar that is not the default and that no policy counts on. */
    @Transactional
    public void delete(UUID id, Integer version) {
        var current = get(id);
        if (version != null && version != current.version()) {
            throw new StaleVersionException("Work calendar", current.version());
        }
        if (current.isDefault()) {
            throw new ValidationException(List.of(new FieldProblem("isDefault", "sla.calendar.default.delete")));
        }
        if (db.fetchExists(SLA_POLICY, SLA_POLICY.CALENDAR_ID.eq(id).and(SLA_POLICY.DELETED_AT.isNull()))) {
            throw new ValidationException(List.of(new FieldProblem("id", "sla.calendar.in-use")));
        }
        var now = OffsetDateTime.now(clock);
        db.update(WORK_CALENDAR)
                .set(WORK_CALENDAR.DELETED_AT, now)
                .set(Stamps.changed(WORK_CALENDAR, CurrentUser.actor().userId(), now))
                .where(WORK_CALENDAR.ID.eq(id))
                .execute();
    }

    /**
     * Reads special days, one a line: a date or a range ({@code 2026-10-01..2026-10-07}), then optionally HOLIDAY or
     * WORKDAY (default {@code kind}), a workday's hours and a name. Commas also separate plain dates.
     *
     * @throws ValidationException naming the field and the line that is wrong
     */
    static List<SpecialDay> parseDays(String text, DayKind kind, String name, String field) {
        var result = new ArrayList<SpecialDay>();
        if (text == null) {
            return result;
        }
        for (var rawLine : text.split("\\R")) {
            var line = rawLine.strip();
            if (line.isEmpty()) {
                continue;
            }
            // A line of plain dates separated by commas or spaces takes the given kind and name.
            if (line.matches("[0-9./~\\-\\s,，、]+")) {
                for (var token : line.split("[\\s,，、]+")) {
                    if (!token.isEmpty()) {
                        for (var date : dates(token, line, field)) {
                            result.add(new SpecialDay(date, kind, blankToNull(name), null));
                        }
                    }
                }
                continue;
            }
            var parts = line.split("\\s+", 2);
            var rest = parts.length > 1 ? parts[1].strip() : "";
            var lineKind = kind;
            var words = rest.split("\\s+", 2);
            try {
                lineKind = DayKind.valueOf(words[0].toUpperCase(Locale.ROOT));
                rest = words.length > 1 ? words[1].strip() : "";
            } catch (IllegalArgumentException e) {
                // no kind given: the default one
            }
            String hours = null;
            words = rest.split("\\s+", 2);
            if (lineKind == DayKind.WORKDAY && words[0].matches("\\d{1,2}:\\d{2}-.*")) {
                hours = words[0];
                rest = words.length > 1 ? words[1].strip() : "";
                try {
                    DayHours.parse(hours);
                } catch (IllegalArgumentException e) {
                    throw new ValidationException(List.of(new FieldProblem(field, "sla.calendar.days.invalid", line)));
                }
            }
            var dayName = rest.isEmpty() ? blankToNull(name) : rest;
            for (var date : dates(parts[0], line, field)) {
                result.add(new SpecialDay(date, lineKind, dayName, hours));
            }
        }
        return result;
    }

    /** Writes special days back in the form {@link #parseDays} reads, one a line. */
    static String formatDays(List<SpecialDay> days) {
        var lines = new ArrayList<String>();
        for (var d : days) {
            var line = new StringBuilder(d.date().toString()).append(' ').append(d.kind());
            if (d.hours() != null) {
                line.append(' ').append(d.hours());
            }
            if (d.name() != null) {
                line.append(' ').append(d.name());
            }
            lines.add(line.toString());
        }
        return String.join("\n", lines);
    }

    private static List<LocalDate> dates(String token, String line, String field) {
        try {
            var range = token.split("\\.\\.|~");
            var first = date(range[0]);
            var last = range.length > 1 ? date(range[1]) : first;
            if (range.length > 2
                    || last.isBefore(first)
                    || first.plusDays(MAX_DAYS).isBefore(last)) {
                throw new DateTimeException(token);
            }
            return first.datesUntil(last.plusDays(1)).toList();
        } catch (DateTimeException e) {
            throw new ValidationException(List.of(new FieldProblem(field, "sla.calendar.days.invalid", line)));
        }
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text.strip().replace('/', '-').replace('.', '-'));
        } catch (DateTimeParseException e) {
            throw new DateTimeException(text);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private void check(CalendarDraft draft) {
        var problems = new ArrayList<>(FieldRules.check("field", draft));
        try {
            if (draft.zone() == null || draft.zone().strip().length() > 64) {
                throw new DateTimeException("zone");
            }
            ZoneId.of(draft.zone().strip());
        } catch (DateTimeException e) {
            problems.add(new FieldProblem("zone", "sla.calendar.zone.invalid"));
        }
        try {
            var week = WorkCalendar.parseWeek(Objects.requireNonNullElse(draft.weekHours(), ""));
            if (week.values().stream().allMatch(DayHours::isEmpty)) {
                problems.add(new FieldProblem("weekHours", "sla.calendar.hours.none"));
            } else if (WorkCalendar.formatWeek(week).length() > 500) {
                problems.add(new FieldProblem("weekHours", "field.too-long", 500));
            }
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem("weekHours", "sla.calendar.hours.invalid", e.getMessage()));
        }
        var days = Objects.requireNonNullElse(draft.days(), List.<SpecialDay>of());
        if (days.size() > MAX_DAYS) {
            problems.add(new FieldProblem("days", "sla.calendar.days.too-many", MAX_DAYS));
        }
        var seen = new HashSet<LocalDate>();
        for (int i = 0; i < days.size(); i++) {
            var d = days.get(i);
            if (d == null || d.date() == null || d.kind() == null) {
                problems.add(new FieldProblem("days[" + i + "]", "sla.calendar.days.incomplete"));
                continue;
            }
            if (!seen.add(d.date())) {
                problems.add(new FieldProblem("days[" + i + "].date", "sla.calendar.days.twice", d.date()));
            }
            if (d.hours() != null) {
                try {
                    if (d.kind() == DayKind.HOLIDAY || d.hours().length() > 200) {
                        throw new IllegalArgumentException(d.hours());
                    }
                    DayHours.parse(d.hours());
                } catch (IllegalArgumentException e) {
                    problems.add(
                            new FieldProblem("days[" + i + "].hours", "sla.calendar.hours.invalid", e.getMessage()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    private void writeDays(UUID calendarId, List<SpecialDay> days, OffsetDateTime now, UUID by) {
        if (days.isEmpty()) {
            return;
        }
        var insert = db.insertInto(
                WORK_CALENDAR_DAY,
                WORK_CALENDAR_DAY.ID,
                WORK_CALENDAR_DAY.CALENDAR_ID,
                WORK_CALENDAR_DAY.ON_DATE,
                WORK_CALENDAR_DAY.KIND,
                WORK_CALENDAR_DAY.NAME,
                WORK_CALENDAR_DAY.HOURS,
                WORK_CALENDAR_DAY.CREATED_AT,
                WORK_CALENDAR_DAY.UPDATED_AT,
                WORK_CALENDAR_DAY.CREATED_BY,
                WORK_CALENDAR_DAY.UPDATED_BY,
                WORK_CALENDAR_DAY.VERSION);
        for (var d : days) {
            var hours = d.hours() == null || d.hours().isBlank()
                    ? null
                    : DayHours.parse(d.hours()).toString();
            insert = insert.values(
                    UUID.randomUUID(),
                    calendarId,
                    d.date(),
                    d.kind().name(),
                    blankToNull(d.name()),
                    hours,
                    now,
                    now,
                    by,
                    by,
                    0);
        }
        insert.execute();
    }

    private void makeDefault(UUID id) {
        db.update(WORK_CALENDAR)
                .set(WORK_CALENDAR.IS_DEFAULT, org.jooq.impl.DSL.field(WORK_CALENDAR.ID.eq(id)))
                .where(WORK_CALENDAR.IS_DEFAULT.isTrue().or(WORK_CALENDAR.ID.eq(id)))
                .execute();
    }

    /** Writes the standard calendar if no calendar is the default; answers the default's id. */
    private UUID ensureDefault() {
        var existing = db.select(WORK_CALENDAR.ID)
                .from(WORK_CALENDAR)
                .where(WORK_CALENDAR.IS_DEFAULT.isTrue())
                .and(WORK_CALENDAR.DELETED_AT.isNull())
                .orderBy(WORK_CALENDAR.CREATED_AT)
                .limit(1)
                .fetchOne(WORK_CALENDAR.ID);
        if (existing != null) {
            return existing;
        }
        var now = OffsetDateTime.now(clock);
        db.insertInto(WORK_CALENDAR)
                .set(WORK_CALENDAR.ID, UUID.randomUUID())
                .set(WORK_CALENDAR.CODE, STANDARD)
                .set(
                        WORK_CALENDAR.NAME,
                        messages.getMessage(
                                "sla.calendar.standard", null, "Standard hours", LocaleContextHolder.getLocale()))
                .set(WORK_CALENDAR.ZONE, STANDARD_ZONE)
                .set(WORK_CALENDAR.WEEK_HOURS, STANDARD_HOURS)
                .set(WORK_CALENDAR.IS_DEFAULT, true)
                .set(WORK_CALENDAR.CREATED_AT, now)
                .set(WORK_CALENDAR.UPDATED_AT, now)
                .set(WORK_CALENDAR.VERSION, 0)
                .onConflict(WORK_CALENDAR.CODE)
                .doNothing()
                .execute();
        // The standard calendar may exist already without being the default (another one was, and was removed).
        db.update(WORK_CALENDAR)
                .set(WORK_CALENDAR.IS_DEFAULT, true)
                .setNull(WORK_CALENDAR.DELETED_AT)
                .where(WORK_CALENDAR.CODE.eq(STANDARD))
                .and(WORK_CALENDAR.IS_DEFAULT.isFalse().or(WORK_CALENDAR.DELETED_AT.isNotNull()))
                .execute();
        return db.select(WORK_CALENDAR.ID)
                .from(WORK_CALENDAR)
                .where(WORK_CALENDAR.CODE.eq(STANDARD))
                .fetchOne(WORK_CALENDAR.ID);
    }

    private List<SpecialDay> days(UUID calendarId) {
        return db.selectFrom(WORK_CALENDAR_DAY)
                .where(WORK_CALENDAR_DAY.CALENDAR_ID.eq(calendarId))
                .orderBy(WORK_CALENDAR_DAY.ON_DATE)
                .fetch(WorkCalendars::day);
    }

    private static SpecialDay day(dev.dossier.db.tables.records.WorkCalendarDayRecord r) {
        return new SpecialDay(r.getOnDate(), DayKind.valueOf(r.getKind()), r.getName(), r.getHours());
    }

    private static Calendar calendar(WorkCalendarRecord r, List<SpecialDay> days) {
        return new Calendar(
                r.getId(), r.getName(), r.getZone(), r.getWeekHours(), r.getIsDefault(), days, r.getVersion());
    }
}
