package dev.dossier.tasks;

import static dev.dossier.db.Tables.TASK;

import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.UserDirectory;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Task completion per user and per team over a period. The tasks counted are those due in the period (cancelled and
 * deleted ones left out) within the reader's scope in the tasks area, decided on each task's assignee and team.
 */
@Service
class TaskReports {

    /**
     * One line of the report.
     *
     * @param id the user or team, or null for tasks with none (queues without a team, unassigned)
     * @param name its name
     * @param due tasks due in the period
     * @param completed of those, done
     * @param onTime of those, done by their due time
     * @param overdue of those, still open past their due time or done late
     */
    record Line(UUID id, String name, int due, int completed, int onTime, int overdue) {

        /** Done of due, in percent (0 when nothing was due). */
        public int completionRate() {
            return percent(completed, due);
        }

        public int onTimeRate() {
            return percent(onTime, due);
        }

        public int overdueRate() {
            return percent(overdue, due);
        }

        private static int percent(int part, int whole) {
            return whole == 0 ? 0 : (int) Math.round(100.0 * part / whole);
        }
    }

    /**
     * The report.
     *
     * @param from the period's start (inclusive)
     * @param to the period's end (exclusive)
     * @param users one line per assignee
     * @param teams one line per team
     * @param total all lines together
     */
    record Report(OffsetDateTime from, OffsetDateTime to, List<Line> users, List<Line> teams, Line total) {}

    private final DSLContext db;
    private final Access access;
    private final UserDirectory directory;
    private final Clock clock;

    TaskReports(DSLContext db, Access access, UserDirectory directory, Clock clock) {
        this.db = db;
        this.access = access;
        this.directory = directory;
        this.clock = clock;
    }

    /** Today in the given zone, by the application's clock. */
    LocalDate today(ZoneId zone) {
        return LocalDate.now(clock.withZone(zone));
    }

    @Transactional(readOnly = true)
    Report report(OffsetDateTime from, OffsetDateTime to) {
        var now = OffsetDateTime.now(clock);
        var userLines = lines(TASK.ASSIGNEE_ID, from, to, now);
        var teamLines = lines(TASK.TEAM_ID, from, to, now);
        var users = directory.users(userLines.stream()
                .map(Line::id)
                .filter(java.util.Objects::nonNull)
                .toList());
        var teams = directory.teamsById();
        var named = new ArrayList<Line>();
        for (var l : userLines) {
            var user = l.id() == null ? null : users.get(l.id());
            named.add(new Line(
                    l.id(), user == null ? "" : user.displayName(), l.due(), l.completed(), l.onTime(), l.overdue()));
        }
        var namedTeams = new ArrayList<Line>();
        for (var l : teamLines) {
            var team = l.id() == null ? null : teams.get(l.id());
            namedTeams.add(
                    new Line(l.id(), team == null ? "" : team.name(), l.due(), l.completed(), l.onTime(), l.overdue()));
        }
        Comparator<Line> order = Comparator.comparing(Line::due).reversed().thenComparing(Line::name);
        named.sort(order);
        namedTeams.sort(order);
        var total = new Line(
                null,
                "",
                sum(named, Line::due),
                sum(named, Line::completed),
                sum(named, Line::onTime),
                sum(named, Line::overdue));
        return new Report(from, to, named, namedTeams, total);
    }

    private List<Line> lines(Field<UUID> by, OffsetDateTime from, OffsetDateTime to, OffsetDateTime now) {
        var done = TASK.STATUS.eq(TaskStatus.DONE.name());
        var open = TASK.STATUS.in(TaskStatus.OPEN.name(), TaskStatus.IN_PROGRESS.name());
        return db.select(
                        by,
                        DSL.count(),
                        DSL.count().filterWhere(done),
                        DSL.count().filterWhere(done.and(TASK.COMPLETED_AT.le(TASK.DUE_AT))),
                        DSL.count()
                                .filterWhere(
                                        open.and(TASK.DUE_AT.lt(now)).or(done.and(TASK.COMPLETED_AT.gt(TASK.DUE_AT)))))
                .from(TASK)
                .where(TASK.DELETED_AT.isNull())
                .and(TASK.STATUS.ne(TaskStatus.CANCELLED.name()))
                .and(TASK.DUE_AT.ge(from))
                .and(TASK.DUE_AT.lt(to))
                .and(access.owned(Area.TASKS, TASK.ASSIGNEE_ID, TASK.TEAM_ID))
                .groupBy(by)
                .fetch(r -> new Line(r.value1(), "", r.value2(), r.value3(), r.value4(), r.value5()));
    }

    private static int sum(List<Line> lines, java.util.function.ToIntFunction<Line> value) {
        return lines.stream().mapToInt(value).sum();
    }
}
