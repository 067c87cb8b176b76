package dev.dossier.tasks;

import static dev.dossier.db.Tables.TASK;

import dev.dossier.identity.CurrentUser;
import dev.dossier.shared.Cursor;
import dev.dossier.shared.Formats;
import dev.dossier.shared.InvalidValueException;
import dev.dossier.shared.Slice;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The task lists, in due order with keyset paging, and the month calendar; only tasks the user sees. */
@Service
class TaskQueries {

    /** The lists a user picks from. */
    enum View {
        /** Assigned to me. */
        MINE,
        /** My team's: its queue and its members' tasks. */
        TEAM,
        /** Still to do and past due. */
        OVERDUE,
        /** Still to do and due this week (Monday to Sunday, in the organisation's zone). */
        WEEK,
        /** Everything I see. */
        ALL;

        static View parse(String text) {
            if (text == null || text.isBlank()) {
                return MINE;
            }
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("task.view.invalid", "Not a task view: " + text);
            }
        }
    }

    /**
     * What to list.
     *
     * @param view which list
     * @param status only this status; null for those still to do (open and in progress)
     * @param anyStatus every status, done and cancelled too
     * @param priority only this priority, or null
     * @param kind only this kind, or null
     * @param assigneeId only this assignee, or null
     */
    record Filter(
            View view, TaskStatus status, boolean anyStatus, TaskPriority priority, TaskKind kind, UUID assigneeId) {}

    /**
     * A list's view and filters as the request parameters of the list, its export and the API name them.
     *
     * @param view MINE (default), TEAM, OVERDUE, WEEK or ALL
     * @param status a status, ANY for every status, or nothing for those still to do
     */
    record Params(
            @io.swagger.v3.oas.annotations.Parameter(
                    schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = View.class))
            String view,

            String status,
            TaskPriority priority,
            TaskKind kind,
            UUID assignee) {

        Filter filter() {
            return TaskController.filter(view, status, priority, kind, assignee);
        }
    }

    private static final Set<String> OPEN = Set.of(TaskStatus.OPEN.name(), TaskStatus.IN_PROGRESS.name());

    private final DSLContext db;
    private final TaskRepository tasks;
    private final Formats formats;
    private final Clock clock;

    TaskQueries(DSLContext db, TaskRepository tasks, Formats formats, Clock clock) {
        this.db = db;
        this.tasks = tasks;
        this.formats = formats;
        this.clock = clock;
    }

    /** One page of a list, soonest due first. */
    @Transactional(readOnly = true)
    Slice<Task> list(Filter filter, String cursor, int limit) {
        var now = OffsetDateTime.now(clock);
        Condition c = tasks.visible().and(view(filter.view(), now));
        if (filter.status() != null) {
            c = c.and(TASK.STATUS.eq(filter.status().name()));
        } else if (!filter.anyStatus() && filter.view() != View.OVERDUE && filter.view() != View.WEEK) {
            c = c.and(TASK.STATUS.in(OPEN));
        }
        if (filter.priority() != null) {
            c = c.and(TASK.PRIORITY.eq(filter.priority().name()));
        }
        if (filter.kind() != null) {
            c = c.and(TASK.KIND.eq(filter.kind().name()));
        }
        if (filter.assigneeId() != null) {
            c = c.and(TASK.ASSIGNEE_ID.eq(filter.assigneeId()));
        }
        if (cursor != null && !cursor.isBlank()) {
            var parts = Cursor.decode(cursor, 2);
            try {
                c = c.and(DSL.row(TASK.DUE_AT, TASK.ID).gt(Cursor.time(parts.get(0)), UUID.fromString(parts.get(1))));
            } catch (RuntimeException e) {
                throw new InvalidValueException("cursor.invalid", "Malformed cursor");
            }
        }
        int size = Math.clamp(limit, 1, 200);
        var rows = db.selectFrom(TASK)
                .where(c)
                .orderBy(TASK.DUE_AT, TASK.ID)
                .limit(size + 1)
                .fetch(Task::of);
        if (rows.size() <= size) {
            return new Slice<>(rows, null);
        }
        var page = List.copyOf(rows.subList(0, size));
        var last = page.getLast();
        return new Slice<>(
                page, Cursor.encode(List.of(last.dueAt().toString(), last.id().toString())));
    }

    private Condition view(View view, OffsetDateTime now) {
        var me = CurrentUser.find();
        return switch (view) {
            case MINE -> me.map(u -> TASK.ASSIGNEE_ID.eq(u.id())).orElse(DSL.falseCondition());
            case TEAM ->
                me.filter(u -> u.teamId() != null)
                        .map(u -> TASK.TEAM_ID.eq(u.teamId()))
                        .orElse(DSL.falseCondition());
            case OVERDUE -> TASK.STATUS.in(OPEN).and(TASK.DUE_AT.lt(now));
            case WEEK -> {
                var week = week(now);
                yield TASK.STATUS.in(OPEN).and(TASK.DUE_AT.ge(week.get(0))).and(TASK.DUE_AT.lt(week.get(1)));
            }
            case ALL -> DSL.trueCondition();
        };
    }

    /** The start of this week (Monday) and of the next, in the organisation's zone. */
    private List<OffsetDateTime> week(OffsetDateTime now) {
        var monday = now.atZoneSameInstant(formats.zone())
                .toLocalDate()
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        return List.of(
                monday.atStartOfDay(formats.zone()).toOffsetDateTime(),
                monday.plusWeeks(1).atStartOfDay(formats.zone()).toOffsetDateTime());
    }

    /**
     * A month of the calendar: the tasks due on each day the user sees, cancelled ones left out.
     *
     * @param month the month
     * @param weeks the grid, Monday first, each day with its tasks; days outside the month are null
     * @param count how many tasks the month holds
     */
    record Month(YearMonth month, List<List<Day>> weeks, int count) {}

    /**
     * One day of the calendar.
     *
     * @param date the day
     * @param tasks the tasks due that day, in due order
     * @param today whether it is today
     * @param label the day in words, in the reader's language
     */
    record Day(LocalDate date, List<Task> tasks, boolean today, String label) {}

    @Transactional(readOnly = true)
    Month month(YearMonth month, java.util.function.Function<LocalDate, String> label) {
        var zone = formats.zone();
        var from = month.atDay(1).atStartOfDay(zone).toOffsetDateTime();
        var to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toOffsetDateTime();
        var rows = db.selectFrom(TASK)
                .where(tasks.visible())
                .and(TASK.DUE_AT.ge(from))
                .and(TASK.DUE_AT.lt(to))
                .and(TASK.STATUS.ne(TaskStatus.CANCELLED.name()))
                .orderBy(TASK.DUE_AT, TASK.ID)
                .limit(2000)
                .fetch(Task::of);
        var byDay = new LinkedHashMap<LocalDate, List<Task>>();
        for (var task : rows) {
            byDay.computeIfAbsent(task.dueAt().atZoneSameInstant(zone).toLocalDate(), d -> new ArrayList<>())
                    .add(task);
        }
        var today = LocalDate.now(clock.withZone(zone));
        var weeks = new ArrayList<List<Day>>();
        var day = month.atDay(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        while (!day.isAfter(month.atEndOfMonth())) {
            var week = new ArrayList<Day>();
            for (int i = 0; i < 7; i++, day = day.plusDays(1)) {
                week.add(
                        YearMonth.from(day).equals(month)
                                ? new Day(day, byDay.getOrDefault(day, List.of()), day.equals(today), label.apply(day))
                                : null);
            }
            weeks.add(week);
        }
        return new Month(month, weeks, rows.size());
    }

    /** How many tasks each view holds for the current user, for the tabs. */
    @Transactional(readOnly = true)
    Map<View, Integer> counts() {
        var now = OffsetDateTime.now(clock);
        var counts = new LinkedHashMap<View, Integer>();
        for (var view : List.of(View.MINE, View.OVERDUE, View.WEEK)) {
            counts.put(
                    view,
                    db.fetchCount(TASK, tasks.visible().and(view(view, now)).and(TASK.STATUS.in(OPEN))));
        }
        return counts;
    }
}
