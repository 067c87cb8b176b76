package dev.dossier.interactions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.TestDatabase;
import dev.dossier.identity.Role;
import dev.dossier.shared.timeline.TimelineQuery;
import dev.dossier.support.TestUsers;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Interactions at scale on PostgreSQL: 1,000,000 customers owned by 100 sales people in 10 teams, 10,000,000
 * interactions over three years (about ten a customer, skewed: some customers have many, a few none), and the
 * roll-ups built by their rebuild. Measures, as one web request each: the first timeline page of a customer through
 * {@link InteractionTimeline#page}, the channel report for a year, and the first page of customers nobody contacted
 * for 90 days, for a manager (everything) and a sales person (own records).
 *
 * <p>Run: {@code ./mvnw test -Dtest=InteractionBenchmark -Dgroups=benchmark -Ddossier.excludedGroups=none
 * -Ddossier.pg.skip=true -Ddossier.test.db=postgresql -Dsurefire.failIfNoSpecifiedTests=false
 * [-Dbench.customers=1000000 -Dbench.interactions=10000000]} (see bench/README.md).
 */
@Tag("benchmark")
@DossierTest
class InteractionBenchmark {

    private static final int CUSTOMERS = Integer.getInteger("bench.customers", 1_000_000);
    private static final int INTERACTIONS = Integer.getInteger("bench.interactions", 10_000_000);
    private static final int NOTES = Integer.getInteger("bench.notes", 0);
    private static final int QUERIES = Integer.getInteger("bench.queries", 200);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 30);
    private static final int TEAMS = 10;
    private static final int PER_TEAM = 10;

    @Autowired
    DSLContext db;

    @Autowired
    TestUsers users;

    @Autowired
    UserDetailsService userDetails;

    @Autowired
    InteractionTimeline timeline;

    @Autowired
    InteractionReports reports;

    @Autowired
    InteractionRollups rollups;

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    @Autowired
    List<dev.dossier.shared.timeline.TimelineSource> sources;

    @Test
    void timelineReportsAndQuietCustomersAtScale() {
        Assumptions.assumeTrue(TestDatabase.postgresql(), "The interaction benchmark runs on PostgreSQL");
        var sales = owners();
        var manager = users.create(Role.MANAGER);
        load();

        var random = new Random(11);
        var customerIds = new ArrayList<UUID>();
        for (int i = 0; i < WARMUP + QUERIES; i++) {
            customerIds.add(customerId(random.nextInt(CUSTOMERS)));
        }
        var today = LocalDate.now(ZoneOffset.ofHours(8));
        var year = new InteractionReports.Period(today.minusYears(1).plusDays(1), today, null, null);
        var cutoff = OffsetDateTime.now(ZoneOffset.UTC).minusDays(90);

        var out = new StringBuilder(String.format(
                "%n=== Interactions: %,d customers, %,d interactions (%s), " + "%d queries after %d warm-up, ms ===%n",
                CUSTOMERS, INTERACTIONS, db.dialect().family(), QUERIES, WARMUP));
        out.append(String.format("%-40s %-10s %8s %8s %8s %8s%n", "kind", "who", "p50", "p95", "max", "rows"));
        var owner = sales.get(0);
        for (var who : List.of(manager, owner)) {
            out.append(measure(
                    "timeline, first page (21 items)",
                    who,
                    i -> timeline.page(customerIds.get(i), new TimelineQuery(null, 21, null, null, null))
                            .size()));
        }
        if (NOTES > 0) {
            for (var source : sources) {
                out.append(measure(
                        "source " + source.kind() + ", first page",
                        manager,
                        i -> source.page(customerIds.get(i), new TimelineQuery(null, 21, null, null, null))
                                        .size()
                                + 1));
            }
            for (var who : List.of(manager, owner)) {
                out.append(measure("all sources, as one timeline page asks", who, i -> {
                    int n = 0;
                    for (var source : sources) {
                        n += source.page(customerIds.get(i), new TimelineQuery(null, 21, null, null, null))
                                .size();
                    }
                    return n + 1;
                }));
            }
            // The whole dossier timeline (interactions, notes and tasks merged) as a client gets it over HTTP.
            for (var who : List.of(manager, owner)) {
                var api = new dev.dossier.support.ApiClient(port).signIn(who, TestUsers.PASSWORD);
                // The sales person's own customers are the loaded numbers that are multiples of 100 (owner 0).
                var ids = new ArrayList<UUID>();
                for (int i = 0; i < WARMUP + QUERIES; i++) {
                    ids.add(who.equals(owner) ? customerId(100 * random.nextInt(CUSTOMERS / 100)) : customerIds.get(i));
                }
                out.append(measure("customer over HTTP (for comparison)", who, i -> {
                    var answer = api.get("/api/v1/customers/" + ids.get(i));
                    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                    return 1;
                }));
                out.append(measure("whole timeline over HTTP (20 entries)", who, i -> {
                    var answer = api.get("/api/v1/customers/" + ids.get(i) + "/timeline?limit=20");
                    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                    return answer.json().get("items").size();
                }));
            }
        }
        for (var who : List.of(manager, owner)) {
            out.append(measure(
                    "channel report, one year", who, i -> reports.channels(year).size()));
        }
        out.append(measure(
                "channel report, one year, one team",
                manager,
                i -> reports.channels(new InteractionReports.Period(year.from(), year.to(), teamOf(i), null))
                        .size()));
        for (var who : List.of(manager, owner)) {
            out.append(measure(
                    "not contacted for 90 days, first page",
                    who,
                    i -> reports.quiet(cutoff, null, 50).items().size()));
        }
        out.append(measure(
                "follow-up report, one year",
                manager,
                i -> reports.followUps(year).size()));
        System.out.println(out);
    }

    /** A hundred sales people in ten teams, numbered in {@code bench_owner} for the loading SQL. */
    private List<String> owners() {
        var sales = new ArrayList<String>();
        db.execute("CREATE TABLE bench_owner (n INTEGER PRIMARY KEY, owner_id UUID, team_id UUID)");
        for (int t = 0; t < TEAMS; t++) {
            var team = users.team(null);
            for (int u = 0; u < PER_TEAM; u++) {
                var name = users.createInTeam(team, Role.SALES);
                sales.add(name);
                db.execute("INSERT INTO bench_owner VALUES (?, ?, ?)", sales.size() - 1, users.id(name), team);
            }
        }
        return sales;
    }

    /** Chinese phrases the generated interactions and notes are written from (each a few words). */
    private static final String[] ZH = {
        "客户反映退款流程太慢",
        "希望下周给出报价方案",
        "已寄出合同待对方盖章",
        "询问发票开具进度",
        "设备出现故障需要上门维修",
        "对售后服务表示满意",
        "计划下季度续约",
        "价格比竞争对手高",
        "要求延长付款期限",
        "介绍了新产品的功能",
        "安排技术人员培训",
        "物流延误引起投诉",
        "确认了交货日期",
        "需要财务审批",
        "提出定制化需求",
        "对质量问题不满意",
        "邀请参加产品发布会",
        "采购负责人更换",
        "预算已经批准",
        "正在比较三家供应商",
        "要求提供案例和资质证明",
        "账期为六十天",
        "系统升级后无法登录",
        "电池续航时间不够",
        "打印机卡纸问题反复出现",
        "希望增加数量折扣",
        "年底有大批量采购计划",
        "客户经理上门拜访",
        "电话回访满意度",
        "微信沟通了细节"
    };

    /** English phrases, for the bilingual part of the data. */
    private static final String[] EN = {
        "asked about the refund",
        "sent the quotation",
        "contract renewal next quarter",
        "invoice not received",
        "delivery delayed by the carrier",
        "demo of the new dashboard",
        "pricing is above budget",
        "warranty claim for the printer",
        "training for the support team",
        "follow up on the purchase order",
        "battery drains too fast",
        "login fails after the upgrade",
        "discount for volume orders",
        "meeting with the procurement manager",
        "satisfied with the service",
        "complaint about packaging",
        "integration with their ERP system",
        "needs a security questionnaire",
        "budget approved by finance",
        "comparing three vendors"
    };

    /** Words people search for, found in the data, with typos and starts of words; the last finds nothing. */
    private static final String[] SEARCHES = {
        "退款",
        "报价",
        "合同",
        "发票",
        "故障",
        "续约",
        "投诉",
        "培训",
        "折扣",
        "供应商",
        "退款 发票",
        "打印机 卡纸",
        "售后服务",
        "refund",
        "quotation",
        "contract",
        "invoice",
        "warranty",
        "printer",
        "procurement",
        "refnud",
        "invoce",
        "quot",
        "procure",
        "volume discount",
        "SO-1234",
        "SO-98765",
        "批量采购",
        "登录",
        "ERP",
        "无此内容的查询词语"
    };

    /**
     * The one search over many interactions and notes: their text written from bilingual phrases and an order
     * number each, the index rebuilt from the data (documents a second, bytes a record), then searches over HTTP for
     * a manager and a sales person beside the same words looked up in PostgreSQL with a trigram index (pg_trgm),
     * which is what a plain database search gives. {@code -Dbench.fulltext.interactions=1000000
     * -Dbench.fulltext.notes=500000 -Dbench.customers=100000}.
     */
    @Test
    void fullTextSearchAtScale() throws Exception {
        Assumptions.assumeTrue(TestDatabase.postgresql(), "The full-text benchmark runs on PostgreSQL");
        Assumptions.assumeTrue(Boolean.getBoolean("bench.fulltext"), "Run with -Dbench.fulltext=true");
        int interactions = Integer.getInteger("bench.fulltext.interactions", 1_000_000);
        int notes = Integer.getInteger("bench.fulltext.notes", 500_000);
        int customers = Integer.getInteger("bench.customers", 100_000);
        var sales = owners();
        var manager = users.create(Role.MANAGER);
        long t0 = System.nanoTime();
        db.execute("SET maintenance_work_mem = '256MB'");
        db.execute("""
                INSERT INTO customer (id, type, name, sort_name, grade, lifecycle_stage, owner_id, team_id,
                                      created_at, updated_at)
                SELECT md5('c' || g)::uuid, 'COMPANY', 'Bench customer ' || g, 'bench customer ' || g, 'ORDINARY',
                       'CUSTOMER', o.owner_id, o.team_id, now() - interval '4 years', now() - interval '4 years'
                FROM generate_series(0, ? - 1) g JOIN bench_owner o ON o.n = g % 100""", customers);
        var zh = "ARRAY["
                + String.join(",", Arrays.stream(ZH).map(p -> "'" + p + "'").toList()) + "]";
        var en = "ARRAY["
                + String.join(",", Arrays.stream(EN).map(p -> "'" + p + "'").toList()) + "]";
        // Two or three Chinese phrases, one English in three records, and an order number: 40 to 120 characters.
        var text = "(" + zh + ")[1 + floor(random() * " + ZH.length + ")::int] || '，' || (" + zh
                + ")[1 + floor(random() * " + ZH.length + ")::int] || CASE WHEN random() < 0.5 THEN '，' || (" + zh
                + ")[1 + floor(random() * " + ZH.length + ")::int] ELSE '' END || '。' || CASE WHEN random() < 0.33"
                + " THEN ' ' || (" + en + ")[1 + floor(random() * " + EN.length + ")::int] || '.' ELSE '' END"
                + " || ' 订单 SO-' || (g % 1000000)";
        db.execute(
                "INSERT INTO interaction (id, customer_id, subject_type, subject_id, channel, direction, started_at,"
                        + " duration_minutes, summary, content, outcome, owner_id, team_id, created_at, updated_at, version)"
                        + " SELECT gen_random_uuid(), c.id, 'customer', c.id, 'CALL', 'OUTBOUND', c.at, 10,"
                        + " (" + zh + ")[1 + floor(random() * " + ZH.length + ")::int], " + text + ", 'REACHED',"
                        + " o.owner_id, o.team_id, c.at, c.at, 0"
                        + " FROM (SELECT g, md5('c' || (g % ?))::uuid AS id, g % 100 AS n,"
                        + "              now() - random() * interval '1095 days' AS at FROM generate_series(1, ?) g) c"
                        + " JOIN bench_owner o ON o.n = c.n",
                customers,
                interactions);
        var template = UUID.randomUUID();
        var section = UUID.randomUUID();
        db.execute(
                "INSERT INTO note_template (id, name, created_at, updated_at) VALUES (?, '拜访记录', now(), now())",
                template);
        db.execute(
                "INSERT INTO note_template_section (id, template_id, sort_order, title, created_at, updated_at)"
                        + " VALUES (?, ?, 1, '内容', now(), now())",
                section,
                template);
        db.execute(
                "CREATE TEMPORARY TABLE bench_note AS SELECT gen_random_uuid() AS id, g FROM generate_series(1, ?) g",
                notes);
        db.execute(
                "INSERT INTO note (id, customer_id, subject_type, subject_id, template_id, category, excerpt,"
                        + " author_id, team_id, occurred_at, lag_minutes, created_at, updated_at, version)"
                        + " SELECT b.id, md5('c' || (b.g % ?))::uuid, 'customer', md5('c' || (b.g % ?))::uuid, ?, 'MEETING',"
                        + " 'Bench note', o.owner_id, o.team_id, now(), 0, now(), now(), 0"
                        + " FROM bench_note b JOIN bench_owner o ON o.n = b.g % 100",
                customers, customers, template);
        db.execute(
                "INSERT INTO note_section (id, note_id, section_id, body, created_at, updated_at, version)"
                        + " SELECT gen_random_uuid(), b.id, ?, '<p>' || "
                        + text.replace("(g % 1000000)", "(b.g % 1000000 + 1000000)")
                        + " || '</p>', now(), now(), 0 FROM bench_note b",
                section);
        db.execute("ANALYZE");
        long t1 = System.nanoTime();
        System.out.printf(
                "  %,d customers, %,d interactions, %,d notes in %.1f s%n",
                customers, interactions, notes, (t1 - t0) / 1e9);

        // Baseline: the same words in PostgreSQL, through a trigram index on the interactions' text.
        db.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public");
        // An earlier run may have made it in its own schema, which the tests drop later: keep it in public.
        db.execute("ALTER EXTENSION pg_trgm SET SCHEMA public");
        var trgmSchema = db.fetchOne("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid ="
                        + " e.extnamespace WHERE e.extname = 'pg_trgm'")
                .get(0, String.class);
        long t2 = System.nanoTime();
        db.execute("CREATE INDEX bench_interaction_trgm ON interaction USING gin (content \"" + trgmSchema
                + "\".gin_trgm_ops)");
        long t3 = System.nanoTime();
        var trgmBytes =
                db.fetchOne("SELECT pg_relation_size('bench_interaction_trgm')").get(0, Long.class);
        var tableBytes =
                db.fetchOne("SELECT pg_total_relation_size('interaction')").get(0, Long.class);

        // Dossier: the index rebuilt from the data, as a rebuild after an upgrade or a restore.
        var admin = new dev.dossier.support.ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        var runtime = Runtime.getRuntime();
        System.gc();
        long heapBefore = runtime.totalMemory() - runtime.freeMemory();
        var peak = new java.util.concurrent.atomic.AtomicLong();
        var sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long t4 = System.nanoTime();
        var generation = admin.post("/api/v1/search/index/rebuild", "")
                .json()
                .get("generation")
                .asInt();
        tools.jackson.databind.JsonNode status;
        do {
            Thread.sleep(500);
            status = admin.get("/api/v1/search/index").json();
        } while (!(status.get("ready").asBoolean() && status.get("generation").asInt() == generation));
        long t5 = System.nanoTime();
        sampler.interrupt();
        long documents = status.get("documents").asLong();
        long bytes = status.get("bytes").asLong();

        var out = new StringBuilder(String.format(
                "%n=== Full-text search: %,d customers, %,d interactions, %,d notes (PostgreSQL) ===%n",
                customers, interactions, notes));
        out.append(String.format(
                "rebuild: %,d documents in %.1f s = %,.0f documents/s; index %,d bytes = %.0f bytes a"
                        + " document; heap %,d MB before, peak %,d MB%n",
                documents,
                (t5 - t4) / 1e9,
                documents / ((t5 - t4) / 1e9),
                bytes,
                (double) bytes / documents,
                heapBefore >> 20,
                peak.get() >> 20));
        out.append(String.format(
                "pg_trgm index on interaction.content: built in %.1f s, %,d bytes = %.0f bytes an"
                        + " interaction (the table with its other indexes: %,d bytes)%n",
                (t3 - t2) / 1e9, trgmBytes, (double) trgmBytes / interactions, tableBytes));
        out.append(String.format("%-44s %-10s %8s %8s %8s %8s%n", "kind", "who", "p50", "p95", "max", "rows"));
        var random = new Random(5);
        var words = new ArrayList<String>();
        for (int i = 0; i < WARMUP + QUERIES; i++) {
            words.add(SEARCHES[random.nextInt(SEARCHES.length)]);
        }
        for (var who : List.of(manager, sales.get(0))) {
            var api = new dev.dossier.support.ApiClient(port).signIn(who, TestUsers.PASSWORD);
            out.append(timed(
                    "search over HTTP, 5 a kind, every kind", who.equals(manager) ? "manager" : "sales/own", i -> {
                        var answer = api.get("/api/v1/search?q="
                                + java.net.URLEncoder.encode(words.get(i), java.nio.charset.StandardCharsets.UTF_8));
                        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                        int n = 0;
                        for (var g : answer.json().get("groups")) {
                            n += g.get("items").size();
                        }
                        return n;
                    }));
        }
        // Last, and within a time budget: without a word index for Chinese, PostgreSQL may scan the table.
        out.append(timed(
                "pg_trgm: content ILIKE, newest 20",
                "manager",
                BASELINE_SECONDS,
                i -> db.fetch(
                                "SELECT id FROM interaction WHERE content ILIKE ? AND deleted_at IS NULL"
                                        + " ORDER BY started_at DESC LIMIT 20",
                                "%" + words.get(i).split(" ")[0] + "%")
                        .size()));
        System.out.println(out);
    }

    /** Seconds the baseline may take in all before it stops and reports the queries it ran. */
    private static final int BASELINE_SECONDS = Integer.getInteger("bench.baselineSeconds", 120);

    private static String timed(String kind, String who, IntFunction<Integer> query) {
        return timed(kind, who, Integer.MAX_VALUE, query);
    }

    /**
     * p50, p95 and max of a query run WARMUP + QUERIES times (fewer when {@code seconds} run out), in ms, the rows
     * it gave on average and how many ran.
     */
    private static String timed(String kind, String who, int seconds, IntFunction<Integer> query) {
        long[] nanos = new long[QUERIES];
        long rows = 0;
        int measured = 0;
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        for (int i = 0; i < WARMUP + QUERIES && System.nanoTime() - deadline < 0; i++) {
            long start = System.nanoTime();
            int n = query.apply(i);
            long took = System.nanoTime() - start;
            if (i >= WARMUP) {
                nanos[measured++] = took;
                rows += n;
            }
        }
        if (measured == 0) {
            return String.format("%-44s %-10s no query measured within %d s%n", kind, who, seconds);
        }
        var done = Arrays.copyOf(nanos, measured);
        Arrays.sort(done);
        return String.format(
                "%-44s %-10s %8.2f %8.2f %8.2f %8.1f %5d queries%n",
                kind,
                who,
                done[measured / 2] / 1e6,
                done[(int) (measured * 0.95)] / 1e6,
                done[measured - 1] / 1e6,
                (double) rows / measured,
                measured);
    }

    private UUID teamOf(int i) {
        return db.fetchOne("SELECT team_id FROM bench_owner WHERE n = ?", (i * 10) % (TEAMS * PER_TEAM))
                .get(0, UUID.class);
    }

    /** The id of the i-th loaded customer, as the loading SQL makes it. */
    private UUID customerId(int i) {
        return db.fetchOne("SELECT md5('c' || ?)::uuid", i).get(0, UUID.class);
    }

    /**
     * Customers and interactions generated inside PostgreSQL in one statement each (minimal customer rows), the
     * interaction indexes built after the rows, then the roll-ups by their own rebuild.
     */
    private void load() {
        long t0 = System.nanoTime();
        db.execute("SET maintenance_work_mem = '256MB'");
        db.execute("""
                INSERT INTO customer (id, type, name, sort_name, grade, lifecycle_stage, owner_id, team_id,
                                      created_at, updated_at)
                SELECT md5('c' || g)::uuid, 'COMPANY', 'Bench customer ' || g, 'bench customer ' || g, 'ORDINARY',
                       'CUSTOMER', o.owner_id, o.team_id, now() - interval '4 years', now() - interval '4 years'
                FROM generate_series(0, ? - 1) g JOIN bench_owner o ON o.n = g % 100""", CUSTOMERS);
        long t1 = System.nanoTime();
        System.out.printf("  %,d customers in %.1f s%n", CUSTOMERS, (t1 - t0) / 1e9);
        var indexes = List.of(
                "interaction_timeline_idx", "interaction_started_idx", "interaction_owner_idx", "interaction_task_idx");
        var definitions = db.fetch("SELECT indexdef FROM pg_indexes WHERE indexname IN ("
                        + String.join(
                                ",", indexes.stream().map(n -> "'" + n + "'").toList()) + ") AND schemaname = "
                        + "current_schema()")
                .getValues(0, String.class);
        indexes.forEach(name -> db.execute("DROP INDEX " + name));
        // Skewed: customer = C * u^3, so low numbers are contacted often, high ones seldom, a few never.
        db.execute("""
                INSERT INTO interaction (id, customer_id, subject_type, subject_id, channel, direction, started_at,
                        duration_minutes, summary, outcome, satisfaction, follow_up_succeeded, owner_id, team_id,
                        created_at, updated_at, version)
                SELECT gen_random_uuid(), c.id, 'customer', c.id,
                       (ARRAY['CALL','CALL','CALL','EMAIL','EMAIL','VISIT','CHAT','MEETING','SOCIAL','OTHER'])
                           [1 + floor(random() * 10)::int],
                       CASE WHEN random() < 0.6 THEN 'OUTBOUND' ELSE 'INBOUND' END, c.at,
                       (random() * 60)::int, 'Bench interaction ' || c.g,
                       (ARRAY['REACHED','REACHED','REACHED','NO_ANSWER','NEEDS_FOLLOW_UP','DEAL_PROGRESSED',
                              'ISSUE_RAISED','OTHER'])[1 + floor(random() * 8)::int],
                       CASE WHEN random() < 0.4 THEN 1 + floor(random() * 5)::int END,
                       CASE WHEN random() < 0.25 THEN true WHEN random() < 0.33 THEN false END,
                       o.owner_id, o.team_id, c.at, c.at, 0
                FROM (SELECT g, md5('c' || k)::uuid AS id, k % 100 AS n,
                             now() - random() * interval '1095 days' AS at
                      FROM (SELECT g, LEAST(? - 1, floor(? * power(random(), 3))::int) AS k
                            FROM generate_series(1, ?) g) s) c
                JOIN bench_owner o ON o.n = c.n""", CUSTOMERS, CUSTOMERS, INTERACTIONS);
        long t2 = System.nanoTime();
        System.out.printf("  %,d interactions in %.1f s%n", INTERACTIONS, (t2 - t1) / 1e9);
        definitions.forEach(db::execute);
        long t3 = System.nanoTime();
        System.out.printf("  interaction indexes in %.1f s%n", (t3 - t2) / 1e9);
        if (NOTES > 0) {
            loadNotes();
        }
        long t3b = System.nanoTime();
        int rows = rollups.rebuild();
        long t4 = System.nanoTime();
        System.out.printf("  roll-ups rebuilt (%,d daily rows) in %.1f s%n", rows, (t4 - t3b) / 1e9);
        db.execute("ANALYZE");
        System.out.printf("Loaded in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /** Notes about the customers, skewed like the interactions, written to one template, indexes built after. */
    private void loadNotes() {
        long t0 = System.nanoTime();
        var template = UUID.randomUUID();
        db.execute(
                "INSERT INTO note_template (id, name, created_at, updated_at) VALUES (?, 'Visit report', now(), "
                        + "now())",
                template);
        var indexes = List.of("note_customer_time_idx", "note_subject_idx", "note_author_idx", "note_team_idx");
        var definitions = db.fetch("SELECT indexdef FROM pg_indexes WHERE indexname IN ("
                        + String.join(
                                ",", indexes.stream().map(n -> "'" + n + "'").toList()) + ") AND schemaname = "
                        + "current_schema()")
                .getValues(0, String.class);
        indexes.forEach(name -> db.execute("DROP INDEX " + name));
        db.execute("""
                INSERT INTO note (id, customer_id, subject_type, subject_id, template_id, category, excerpt,
                        author_id, team_id, occurred_at, lag_minutes, created_at, updated_at, version)
                SELECT gen_random_uuid(), c.id, 'customer', c.id, ?, 'MEETING', 'Bench note ' || c.g,
                       o.owner_id, o.team_id, c.at, 0, c.at, c.at, 0
                FROM (SELECT g, md5('c' || k)::uuid AS id, k % 100 AS n,
                             now() - random() * interval '1095 days' AS at
                      FROM (SELECT g, LEAST(? - 1, floor(? * power(random(), 3))::int) AS k
                            FROM generate_series(1, ?) g) s) c
                JOIN bench_owner o ON o.n = c.n""", template, CUSTOMERS, CUSTOMERS, NOTES);
        definitions.forEach(db::execute);
        System.out.printf("  %,d notes with their indexes in %.1f s%n", NOTES, (System.nanoTime() - t0) / 1e9);
    }

    private String measure(String kind, String username, IntFunction<Integer> query) {
        var details = userDetails.loadUserByUsername(username);
        var security = SecurityContextHolder.createEmptyContext();
        security.setAuthentication(new UsernamePasswordAuthenticationToken(details, null, details.getAuthorities()));
        SecurityContextHolder.setContext(security);
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
            assertThat(rows).isPositive();
            var who = details.getAuthorities().toString().contains("MANAGER") ? "manager" : "sales/own";
            return String.format(
                    "%-40s %-10s %8.2f %8.2f %8.2f %8d%n",
                    kind,
                    who,
                    nanos[QUERIES / 2] / 1e6,
                    nanos[(int) (QUERIES * 0.95)] / 1e6,
                    nanos[QUERIES - 1] / 1e6,
                    rows / QUERIES);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
