package dev.dossier.tasks;

import static dev.dossier.db.Tables.CUSTOMER;
import static dev.dossier.db.Tables.TASK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.db.tables.records.CustomerRecord;
import dev.dossier.db.tables.records.TaskRecord;
import dev.dossier.identity.Role;
import dev.dossier.shared.timeline.TimelineQuery;
import dev.dossier.support.TestUsers;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntFunction;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * What tasks cost at volume: 200,000 tasks (a fifth of them personal to-dos) about 20,000 customers owned by 50
 * sales people in 5 teams. Measures the lists (as a sales user, whose visibility condition is the widest, and as a
 * manager), a customer's timeline page, a month of the calendar and the completion report, then how fast the
 * reminder scheduler drains 5,000 due notices and how long a programme run over every VIP customer takes (and its
 * idempotent second run).
 *
 * <p>Run: {@code ./mvnw test -Dtest=TaskBenchmark -Dgroups=benchmark -Ddossier.excludedGroups=none
 * -Ddossier.pg.skip=true -Dsurefire.failIfNoSpecifiedTests=false [-Ddossier.test.db=postgresql]} (bench/README.md).
 */
@Tag("benchmark")
@DossierTest
@Import(TaskTestConfig.class)
@TestPropertySource(properties = "dossier.tasks.reminder-poll=1h")
class TaskBenchmark {

    private static final int CUSTOMERS = Integer.getInteger("bench.customers", 20_000);
    private static final int TASKS = Integer.getInteger("bench.tasks", 200_000);
    private static final int QUERIES = Integer.getInteger("bench.queries", 200);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 30);
    private static final String[] GRADES = {"POTENTIAL", "ORDINARY", "IMPORTANT", "VIP"};
    private static final String[] STATUSES = {"OPEN", "OPEN", "IN_PROGRESS", "DONE", "DONE", "DONE", "CANCELLED"};

    @Autowired
    TestUsers users;

    @Autowired
    UserDetailsService userDetails;

    @Autowired
    DSLContext db;

    @Autowired
    TaskQueries queries;

    @Autowired
    TaskTimeline timeline;

    @Autowired
    TaskReports reports;

    @Autowired
    TaskReminders reminders;

    @Autowired
    TaskProgrammes programmes;

    @Autowired
    TaskTestConfig.Notices notices;

    @Test
    void tasksAtVolume() {
        var owners = new ArrayList<UUID>();
        var teams = new ArrayList<UUID>();
        var salesNames = new ArrayList<String>();
        for (int t = 0; t < 5; t++) {
            var team = users.team(null);
            for (int u = 0; u < 10; u++) {
                var name = users.createInTeam(team, Role.SALES);
                salesNames.add(name);
                owners.add(users.id(name));
                teams.add(team);
            }
        }
        var now = OffsetDateTime.now(ZoneOffset.UTC);
        var random = new Random(20261124L);
        long t0 = System.nanoTime();
        var customers = new ArrayList<UUID>();
        var customerOwner = new ArrayList<Integer>();
        var batch = new ArrayList<CustomerRecord>();
        for (int i = 0; i < CUSTOMERS; i++) {
            int owner = random.nextInt(owners.size());
            var r = db.newRecord(CUSTOMER);
            r.setId(UUID.randomUUID());
            r.setType("INDIVIDUAL");
            r.setName("Bench " + i);
            r.setSortName("bench " + i);
            r.setGrade(GRADES[random.nextInt(GRADES.length)]);
            r.setLifecycleStage("CUSTOMER");
            r.setOwnerId(owners.get(owner));
            r.setTeamId(teams.get(owner));
            r.setCreatedAt(now);
            r.setUpdatedAt(now);
            r.setVersion(0);
            batch.add(r);
            customers.add(r.getId());
            customerOwner.add(owner);
            if (batch.size() == 1_000) {
                db.batchInsert(batch).execute();
                batch.clear();
            }
        }
        db.batchInsert(batch).execute();
        var tasks = new ArrayList<TaskRecord>();
        for (int i = 0; i < TASKS; i++) {
            var r = db.newRecord(TASK);
            r.setId(UUID.randomUUID());
            int owner;
            if (random.nextInt(5) == 0) {
                owner = random.nextInt(owners.size());
            } else {
                int c = random.nextInt(customers.size());
                owner = customerOwner.get(c);
                r.setSubjectType("customer");
                r.setSubjectId(customers.get(c));
                r.setCustomerId(customers.get(c));
            }
            r.setTitle("Bench task " + i);
            r.setKind(i % 3 == 0 ? "FOLLOW_UP" : "TODO");
            r.setPriority("NORMAL");
            var status = STATUSES[random.nextInt(STATUSES.length)];
            r.setStatus(status);
            r.setAssigneeId(owners.get(owner));
            r.setTeamId(teams.get(owner));
            r.setDueAt(now.plusMinutes(random.nextInt(360 * 24 * 60) - 180 * 24 * 60));
            r.setReminderMinutes(1440);
            if (status.equals("DONE")) {
                r.setCompletedAt(r.getDueAt().plusHours(random.nextInt(96) - 48));
            }
            r.setCreatedAt(now);
            r.setUpdatedAt(now);
            r.setCreatedBy(owners.get(owner));
            r.setVersion(0);
            tasks.add(r);
            if (tasks.size() == 2_000) {
                db.batchInsert(tasks).execute();
                tasks.clear();
            }
        }
        db.batchInsert(tasks).execute();
        if (db.dialect().family() == org.jooq.SQLDialect.POSTGRES) {
            db.execute("ANALYZE");
        }
        var out = new StringBuilder(String.format(
                "%n=== Tasks: %,d tasks about %,d customers (%s), loaded in %.1f s; "
                        + "%d queries after %d warm-up, ms ===%n",
                TASKS, CUSTOMERS, db.dialect().family(), (System.nanoTime() - t0) / 1e9, QUERIES, WARMUP));
        out.append(String.format("%-34s %-8s %8s %8s %8s %6s%n", "kind", "who", "p50", "p95", "p99", "rows"));
        var sales = salesNames.get(0);
        var manager = users.create(Role.MANAGER);
        var month = YearMonth.from(now);
        out.append(measure(
                "list, my tasks",
                sales,
                i -> queries.list(filter(TaskQueries.View.MINE), null, 50)
                        .items()
                        .size()));
        out.append(measure(
                "list, all I can see",
                sales,
                i -> queries.list(filter(TaskQueries.View.ALL), null, 50)
                        .items()
                        .size()));
        out.append(measure(
                "list, all I can see",
                manager,
                i -> queries.list(filter(TaskQueries.View.ALL), null, 50)
                        .items()
                        .size()));
        out.append(measure(
                "list, overdue",
                sales,
                i -> queries.list(filter(TaskQueries.View.OVERDUE), null, 50)
                        .items()
                        .size()));
        out.append(measure(
                "list, my team",
                sales,
                i -> queries.list(filter(TaskQueries.View.TEAM), null, 50)
                        .items()
                        .size()));
        out.append(measure(
                "timeline page of a customer",
                sales,
                i -> timeline.page(customers.get(i % customers.size()), new TimelineQuery(null, 21, null, null, null))
                        .size()));
        out.append(measure(
                "calendar, this month",
                sales,
                i -> queries.month(month, d -> d.toString()).count()));
        out.append(measure(
                "report, this month",
                manager,
                i -> reports.report(
                                month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC),
                                month.plusMonths(1).atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC))
                        .users()
                        .size()));

        System.out.println(out);
        // Reminders: 5,000 notices fall due at once.
        var open = TASK.as("open_task");
        db.update(TASK)
                .set(TASK.REMIND_AT, now.minusMinutes(1))
                .where(TASK.ID.in(db.select(open.ID)
                        .from(open)
                        .where(open.STATUS.eq("OPEN"))
                        .orderBy(open.ID)
                        .limit(5000)))
                .execute();
        int before = notices.published.size();
        long r0 = System.nanoTime();
        int sent;
        do {
            sent = reminders.sendDue();
        } while (sent > 0);
        double reminderSeconds = (System.nanoTime() - r0) / 1e9;
        int published = notices.published.size() - before;
        out.append(String.format(
                "reminders: %,d notices sent in %.2f s (%.0f a second)%n",
                published, reminderSeconds, published / reminderSeconds));

        // A programme over every VIP customer, run twice.
        as(TestUsers.ADMIN);
        try {
            var programme = programmes.define(new TaskProgrammes.ProgrammeDraft(
                    "Bench VIPs",
                    "Visit",
                    null,
                    null,
                    List.of("VIP"),
                    List.of(),
                    List.of(),
                    "FREQ=DAILY;INTERVAL=90",
                    null,
                    7,
                    true));
            long p0 = System.nanoTime();
            int created = programmes.runNow(programme.id());
            double first = (System.nanoTime() - p0) / 1e9;
            p0 = System.nanoTime();
            int again = programmes.runNow(programme.id());
            double second = (System.nanoTime() - p0) / 1e9;
            assertThat(again).isZero();
            out.append(String.format(
                    "programme run: %,d tasks in %.2f s; second run %d tasks in %.2f s%n",
                    created, first, again, second));
        } finally {
            SecurityContextHolder.clearContext();
        }
        System.out.println(out);
    }

    private static TaskQueries.Filter filter(TaskQueries.View view) {
        return new TaskQueries.Filter(view, null, false, null, null, null);
    }

    private void as(String username) {
        var details = userDetails.loadUserByUsername(username);
        var security = SecurityContextHolder.createEmptyContext();
        security.setAuthentication(new UsernamePasswordAuthenticationToken(details, null, details.getAuthorities()));
        SecurityContextHolder.setContext(security);
    }

    private String measure(String kind, String username, IntFunction<Integer> query) {
        as(username);
        try {
            long[] nanos = new long[QUERIES];
            long rows = 0;
            for (int i = 0; i < WARMUP + QUERIES; i++) {
                RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
                long start = System.nanoTime();
                int n = query.apply(i);
                long took = System.nanoTime() - start;
                RequestContextHolder.resetRequestAttributes();
                if (i >= WARMUP) {
                    nanos[i - WARMUP] = took;
                    rows += n;
                }
            }
            Arrays.sort(nanos);
            var who = username.startsWith("user")
                            && userDetails
                                    .loadUserByUsername(username)
                                    .getAuthorities()
                                    .toString()
                                    .contains("MANAGER")
                    ? "manager"
                    : "sales";
            return String.format(
                    "%-34s %-8s %8.2f %8.2f %8.2f %6d%n",
                    kind,
                    who,
                    nanos[QUERIES / 2] / 1e6,
                    nanos[(int) (QUERIES * 0.95)] / 1e6,
                    nanos[(int) (QUERIES * 0.99)] / 1e6,
                    rows / QUERIES);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
