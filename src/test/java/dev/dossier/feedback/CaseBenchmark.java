package dev.dossier.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.TestDatabase;
import dev.dossier.feedback.measures.ServiceRollup;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntFunction;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Cases at scale on PostgreSQL: 100,000 customers owned by 100 sales people in 10 teams, 1,000,000 cases over two
 * years worked by 50 service agents in 5 teams, with a realistic spread of kinds, priorities, statuses, due times,
 * responses, resolutions, reopenings, satisfaction answers, categories and products. Measures the queue views (the
 * SQL of each queue, first page and a later keyset page, on the queue indexes of the case table) and the service
 * measures for one year over HTTP ({@code GET /api/v1/reports/service} with a bearer token), for a manager, a service
 * agent and a sales person, and prints the plans of the slowest.
 *
 * <p>Run: {@code ./mvnw test -Dtest=CaseBenchmark -Dgroups=benchmark -Ddossier.excludedGroups=none
 * -Ddossier.pg.skip=true -Ddossier.test.db=postgresql -Dsurefire.failIfNoSpecifiedTests=false
 * [-Dbench.cases=1000000 -Dbench.customers=100000]} (see bench/README.md).
 */
@Tag("benchmark")
@DossierTest
class CaseBenchmark {

    private static final int CUSTOMERS = Integer.getInteger("bench.customers", 100_000);
    private static final int CASES = Integer.getInteger("bench.cases", 1_000_000);
    private static final int QUERIES = Integer.getInteger("bench.queries", 200);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 30);
    /** Requests of the service measures after the ones for the headline figure (manager, by month). */
    private static final int REPORT_QUERIES = Integer.getInteger("bench.reportQueries", QUERIES);

    private static final int PAGE = 50;

    @Autowired
    DSLContext db;

    @Autowired
    TestUsers users;

    @Autowired
    ServiceRollup rollup;

    @LocalServerPort
    int port;

    private final List<UUID> agents = new ArrayList<>();
    private final List<UUID> serviceTeams = new ArrayList<>();

    @Test
    void queuesAndServiceMeasuresAtAMillionCases() {
        Assumptions.assumeTrue(TestDatabase.postgresql(), "The case benchmark runs on PostgreSQL");
        var sales = new ArrayList<String>();
        db.execute("CREATE TABLE bench_owner (n INTEGER PRIMARY KEY, owner_id UUID, team_id UUID)");
        for (int t = 0; t < 10; t++) {
            var team = users.team(null);
            for (int u = 0; u < 10; u++) {
                var name = users.createInTeam(team, Role.SALES);
                sales.add(name);
                db.execute("INSERT INTO bench_owner VALUES (?, ?, ?)", sales.size() - 1, users.id(name), team);
            }
        }
        var agentNames = new ArrayList<String>();
        db.execute("CREATE TABLE bench_agent (n INTEGER PRIMARY KEY, agent_id UUID, team_id UUID)");
        for (int t = 0; t < 5; t++) {
            var team = users.team(null);
            serviceTeams.add(team);
            for (int u = 0; u < 10; u++) {
                var name = users.createInTeam(team, Role.SERVICE);
                agentNames.add(name);
                agents.add(users.id(name));
                db.execute("INSERT INTO bench_agent VALUES (?, ?, ?)", agents.size() - 1, users.id(name), team);
            }
        }
        var manager = users.create(Role.MANAGER);
        load();
        long refreshStart = System.nanoTime();
        int days = rollup.refresh();
        System.out.printf(
                "First refresh of the measures' roll-up: %,d days in %.1f s%n",
                days, (System.nanoTime() - refreshStart) / 1e9);
        db.execute("ANALYZE");

        var out = new StringBuilder(String.format(
                "%n=== Cases: %,d customers, %,d cases (%s), %d requests after %d " + "warm-up, ms ===%n",
                CUSTOMERS, CASES, db.dialect().family(), QUERIES, WARMUP));
        out.append(
                String.format("%-52s %-10s %5s %8s %8s %8s %8s%n", "request", "who", "n", "p50", "p95", "max", "rows"));
        var random = new Random(5);
        var now = OffsetDateTime.now();

        // The queues: the SQL a queue page runs, on the indexes of V17 (active cases, due order, 50 a page).
        var cols = "id, case_no, customer_id, title, kind, priority, status, assignee_id, team_id, "
                + "first_response_due_at, resolution_due_at, created_at";
        out.append(measure(
                "queue: mine, first page",
                "agent",
                i -> db.fetch(
                                "SELECT " + cols
                                        + " FROM feedback_case WHERE assignee_id = ? AND active AND deleted_at IS NULL "
                                        + "ORDER BY resolution_due_at, id LIMIT " + PAGE,
                                agents.get(i % agents.size()))
                        .size()));
        out.append(measure(
                "queue: my team's, first page",
                "agent",
                i -> db.fetch(
                                "SELECT " + cols
                                        + " FROM feedback_case WHERE team_id = ? AND active AND deleted_at IS NULL "
                                        + "ORDER BY resolution_due_at, id LIMIT " + PAGE,
                                serviceTeams.get(i % serviceTeams.size()))
                        .size()));
        out.append(measure("queue: my team's, page 10 (keyset)", "agent", i -> {
            var team = serviceTeams.get(i % serviceTeams.size());
            var after = db.fetchOne(
                    "SELECT resolution_due_at, id FROM feedback_case WHERE team_id = ? AND active AND "
                            + "deleted_at IS NULL ORDER BY resolution_due_at, id OFFSET ? LIMIT 1",
                    team,
                    9 * PAGE - 1);
            long start = System.nanoTime();
            int n = db.fetch(
                            "SELECT " + cols + " FROM feedback_case WHERE team_id = ? AND active AND deleted_at IS "
                                    + "NULL AND (resolution_due_at, id) > (CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS UUID)) ORDER BY resolution_due_at, id LIMIT "
                                    + PAGE,
                            team,
                            after.get(0, OffsetDateTime.class),
                            after.get(1, UUID.class))
                    .size();
            lastNanos = System.nanoTime() - start;
            return n;
        }));
        out.append(measure(
                "queue: unassigned, first page",
                "agent",
                i -> db.fetch("SELECT " + cols
                                + " FROM feedback_case WHERE active AND assignee_id IS NULL AND deleted_at IS NULL "
                                + "ORDER BY resolution_due_at, id LIMIT " + PAGE)
                        .size()));
        out.append(measure(
                "queue: breaching within 4 h, first page",
                "agent",
                i -> db.fetch(
                                        "SELECT " + cols
                                                + " FROM feedback_case WHERE active AND deleted_at IS NULL AND resolution_due_at >= CAST(? AS TIMESTAMP WITH TIME ZONE) "
                                                + "AND resolution_due_at < CAST(? AS TIMESTAMP WITH TIME ZONE) ORDER BY resolution_due_at, id LIMIT "
                                                + PAGE,
                                        now,
                                        now.plusHours(4))
                                .size()
                        + 1));
        out.append(measure(
                "queue: breached, first page",
                "agent",
                i -> db.fetch(
                                "SELECT " + cols
                                        + " FROM feedback_case WHERE active AND deleted_at IS NULL AND resolution_due_at < CAST(? AS TIMESTAMP WITH TIME ZONE) "
                                        + "ORDER BY resolution_due_at, id LIMIT " + PAGE,
                                now)
                        .size()));
        out.append(measure("queue: breached, page 20 (keyset)", "agent", i -> {
            var after = db.fetchOne(
                    "SELECT resolution_due_at, id FROM feedback_case WHERE active AND deleted_at IS "
                            + "NULL AND resolution_due_at < CAST(? AS TIMESTAMP WITH TIME ZONE) ORDER BY resolution_due_at, id OFFSET ? LIMIT 1",
                    now,
                    19 * PAGE - 1 + random.nextInt(100));
            long start = System.nanoTime();
            int n = db.fetch(
                            "SELECT " + cols + " FROM feedback_case WHERE active AND deleted_at IS NULL "
                                    + "AND resolution_due_at < CAST(? AS TIMESTAMP WITH TIME ZONE) AND (resolution_due_at, id) > (CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS UUID)) ORDER BY resolution_due_at, id "
                                    + "LIMIT " + PAGE,
                            now,
                            after.get(0, OffsetDateTime.class),
                            after.get(1, UUID.class))
                    .size();
            lastNanos = System.nanoTime() - start;
            return n;
        }));
        out.append(measure(
                "queue: all active, newest first",
                "manager",
                i -> db.fetch("SELECT " + cols
                                + " FROM feedback_case WHERE active AND deleted_at IS NULL "
                                + "ORDER BY created_at DESC, id DESC LIMIT " + PAGE)
                        .size()));

        // The service measures for the last twelve months, over HTTP with a bearer token.
        var managerApi = new ApiClient(port).signIn(manager, TestUsers.PASSWORD);
        var agentApi = new ApiClient(port).signIn(agentNames.getFirst(), TestUsers.PASSWORD);
        var salesApi = new ApiClient(port).signIn(sales.getFirst(), TestUsers.PASSWORD);
        var today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        var year = "from=" + today.minusMonths(12).plusDays(1) + "&to=" + today;
        out.append(measure(
                "service measures, one year, by month",
                "manager",
                5,
                QUERIES,
                i -> report(managerApi, "/api/v1/reports/service?" + year)));
        out.append(measure(
                "service measures, one year (own customers)",
                "sales",
                5,
                QUERIES,
                i -> report(salesApi, "/api/v1/reports/service?" + year)));
        out.append(measure(
                "service measures, one year, by week",
                "manager",
                3,
                REPORT_QUERIES,
                i -> report(managerApi, "/api/v1/reports/service?granularity=week&" + year)));
        out.append(measure(
                "service measures, one year, one team",
                "manager",
                3,
                REPORT_QUERIES,
                i -> report(
                        managerApi,
                        "/api/v1/reports/service?" + year + "&teamId=" + serviceTeams.get(i % serviceTeams.size()))));
        out.append(measure(
                "service measures, one year, complaints",
                "manager",
                3,
                REPORT_QUERIES,
                i -> report(managerApi, "/api/v1/reports/service?kind=COMPLAINT&" + year)));
        out.append(measure(
                "service measures, one year",
                "agent",
                3,
                REPORT_QUERIES,
                i -> report(agentApi, "/api/v1/reports/service?" + year)));
        System.out.println(out);
        explain(today);
    }

    private long lastNanos = -1;

    private static int report(ApiClient api, String path) {
        var answer = api.get(path);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return (int) answer.json().get("totals").get("cases").asLong();
    }

    /**
     * 100,000 minimal customers and 1,000,000 cases generated inside PostgreSQL with one statement each, the case
     * indexes built after the rows.
     */
    private void load() {
        long t0 = System.nanoTime();
        db.execute("SET maintenance_work_mem = '256MB'");
        db.execute("""
                INSERT INTO customer (id, type, name, sort_name, grade, lifecycle_stage, owner_id, team_id,
                                      created_at, updated_at)
                SELECT md5('c' || g)::uuid, 'COMPANY', 'Bench customer ' || g, 'bench customer ' || g,
                       (ARRAY['ORDINARY','ORDINARY','ORDINARY','VIP'])[1 + g % 4],
                       (ARRAY['CUSTOMER','CUSTOMER','CUSTOMER','CUSTOMER','CUSTOMER','AT_RISK','AT_RISK','WON_BACK',
                              'LEAD','LEAD','PROSPECT','CHURNED'])[1 + (g / 100) % 12],
                       o.owner_id, o.team_id, now() - interval '4 years', now() - interval '4 years'
                FROM generate_series(0, ? - 1) g JOIN bench_owner o ON o.n = g % 100""", CUSTOMERS);
        long t1 = System.nanoTime();
        System.out.printf("  %,d customers in %.1f s%n", CUSTOMERS, (t1 - t0) / 1e9);
        var definitions = db.fetch("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'feedback_case' "
                + "AND schemaname = current_schema() AND indexname NOT LIKE '%pkey'");
        definitions.forEach(r -> db.execute("DROP INDEX " + r.get(0, String.class)));
        // Targets per priority: first response 1/4/8/24 h, resolution 1/3/5/10 days. About 70 % of responses and
        // 80 % of resolutions in time; cases opened in the last weeks are still partly open.
        db.execute("""
                INSERT INTO feedback_case (id, case_no, customer_id, title, kind, priority, category, product_id,
                        product_version_id, channel, status, active, assignee_id, team_id, customer_grade,
                        first_response_due_at, resolution_due_at, first_responded_at, first_response_breached,
                        resolution_breached, resolved_at, closed_at, reopen_count, csat_score, created_at,
                        updated_at, version)
                SELECT gen_random_uuid(), g, md5('c' || k)::uuid, 'Bench case ' || g, kind, priority,
                       CASE WHEN r3 < 0.9 THEN 'Category ' || floor(30 * power(r4, 2))::int END,
                       CASE WHEN kind IN ('DEFECT', 'EXPERIENCE') THEN md5('p' || floor(r4 * 50)::int)::uuid END,
                       CASE WHEN kind IN ('DEFECT', 'EXPERIENCE')
                            THEN md5('p' || floor(r4 * 50)::int || 'v' || floor(r5 * 3)::int)::uuid END,
                       (ARRAY['PHONE','EMAIL','WEB_FORM','CHAT','VISIT','SOCIAL','API','OTHER'])[1 + floor(r5 * 8)::int],
                       status, status NOT IN ('RESOLVED', 'CLOSED'),
                       CASE WHEN status NOT IN ('NEW', 'TRIAGED') AND r6 > 0.05 THEN a.agent_id END,
                       CASE WHEN status <> 'NEW' THEN a.team_id END,
                       'ORDINARY', created + fr, created + res,
                       CASE WHEN status NOT IN ('NEW', 'TRIAGED') THEN created + fr * 2 * power(r1, 2) END,
                       CASE WHEN status NOT IN ('NEW', 'TRIAGED') THEN fr * 2 * power(r1, 2) > fr
                            ELSE created + fr < now() END,
                       CASE WHEN status IN ('RESOLVED', 'CLOSED') THEN res * 2 * power(r2, 2) > res
                            ELSE created + res < now() END,
                       CASE WHEN status IN ('RESOLVED', 'CLOSED') THEN created + res * 2 * power(r2, 2) END,
                       CASE WHEN status = 'CLOSED' THEN created + res * 2 * power(r2, 2) + interval '2 days' END,
                       CASE WHEN r6 < 0.05 THEN 1 ELSE 0 END,
                       CASE WHEN status IN ('RESOLVED', 'CLOSED') AND r3 < 0.3 THEN 1 + floor(5 * sqrt(r5))::int END,
                       created, created, 0
                FROM (SELECT g, k, created, r1, r2, r3, r4, r5, r6, kind, priority,
                             CASE priority WHEN 'URGENT' THEN interval '1 hour' WHEN 'HIGH' THEN interval '4 hours'
                                  WHEN 'NORMAL' THEN interval '8 hours' ELSE interval '24 hours' END AS fr,
                             CASE priority WHEN 'URGENT' THEN interval '1 day' WHEN 'HIGH' THEN interval '3 days'
                                  WHEN 'NORMAL' THEN interval '5 days' ELSE interval '10 days' END AS res,
                             CASE WHEN created < now() - interval '30 days' OR r6 < 0.4
                                  THEN (ARRAY['RESOLVED','CLOSED','CLOSED','CLOSED'])[1 + floor(r5 * 4)::int]
                                  ELSE (ARRAY['NEW','TRIAGED','ASSIGNED','ASSIGNED','IN_PROGRESS','IN_PROGRESS',
                                              'IN_PROGRESS','WAITING'])[1 + floor(r5 * 8)::int] END AS status
                      FROM (SELECT g, floor(? * random())::int AS k, now() - random() * interval '730 days' AS created,
                                   random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5,
                                   random() AS r6,
                                   (ARRAY['DEFECT','DEFECT','DEFECT','DEFECT','DEFECT','COMPLAINT','COMPLAINT',
                                          'COMPLAINT','COMPLAINT','EXPERIENCE','EXPERIENCE','EXPERIENCE',
                                          'SERVICE_QUALITY','SERVICE_QUALITY','SUGGESTION','SUGGESTION',
                                          'INQUIRY','INQUIRY','INQUIRY','INQUIRY'])[1 + floor(random() * 20)::int]
                                       AS kind,
                                   (ARRAY['LOW','LOW','LOW','LOW','NORMAL','NORMAL','NORMAL','NORMAL','NORMAL',
                                          'NORMAL','NORMAL','NORMAL','NORMAL','NORMAL','NORMAL','HIGH','HIGH','HIGH',
                                          'HIGH','URGENT'])[1 + floor(random() * 20)::int] AS priority
                            FROM generate_series(1, ?) g) s) c
                JOIN bench_agent a ON a.n = c.g % 50""", CUSTOMERS, CASES);
        db.execute("SELECT setval('feedback_case_no_seq', ?)", CASES + 1L);
        long t2 = System.nanoTime();
        System.out.printf("  %,d cases in %.1f s%n", CASES, (t2 - t1) / 1e9);
        definitions.forEach(r -> db.execute(r.get(1, String.class)));
        long t3 = System.nanoTime();
        System.out.printf("  case indexes in %.1f s%n", (t3 - t2) / 1e9);
        db.execute("VACUUM ANALYZE feedback_case");
        db.execute("ANALYZE");
        System.out.printf(
                "Loaded in %.1f s; %s%n",
                (System.nanoTime() - t0) / 1e9,
                db.fetchOne("SELECT " + "pg_size_pretty(pg_total_relation_size('feedback_case'))")
                        .get(0));
    }

    /** The plans of the measures' queries as PostgreSQL runs them for a manager over a year. */
    private void explain(LocalDate today) {
        var from = today.minusMonths(12)
                .plusDays(1)
                .atStartOfDay(ZoneId.of("Asia/Shanghai"))
                .toOffsetDateTime();
        var plan = db.fetch(
                "EXPLAIN (ANALYZE, BUFFERS) SELECT kind, priority, team_id, count(*), "
                        + "count(*) FILTER (WHERE resolved_at <= resolution_due_at), sum(csat_score) FROM feedback_case "
                        + "WHERE deleted_at IS NULL AND created_at >= CAST(? AS TIMESTAMP WITH TIME ZONE) GROUP BY kind, priority, team_id",
                from);
        System.out.println("Plan of a year's counts (manager):");
        plan.forEach(r -> System.out.println("  " + r.get(0)));
    }

    private String measure(String kind, String who, IntFunction<Integer> request) {
        return measure(kind, who, WARMUP, QUERIES, request);
    }

    private String measure(String kind, String who, int warmup, int queries, IntFunction<Integer> request) {
        long[] nanos = new long[queries];
        long rows = 0;
        for (int i = 0; i < warmup + queries; i++) {
            lastNanos = -1;
            long start = System.nanoTime();
            int n = request.apply(i);
            long took = lastNanos >= 0 ? lastNanos : System.nanoTime() - start;
            if (i >= warmup) {
                nanos[i - warmup] = took;
                rows += n;
            }
        }
        Arrays.sort(nanos);
        assertThat(rows).as(kind).isPositive();
        var line = String.format(
                "%-52s %-10s %5d %8.2f %8.2f %8.2f %8d%n",
                kind,
                who,
                queries,
                nanos[queries / 2] / 1e6,
                nanos[(int) (queries * 0.95)] / 1e6,
                nanos[queries - 1] / 1e6,
                rows / queries);
        System.out.print("  measured: " + line);
        return line;
    }
}
