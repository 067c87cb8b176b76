package dev.dossier.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dossier.DossierTest;
import dev.dossier.TestDatabase;
import dev.dossier.customers.BenchData;
import dev.dossier.customers.BenchData.Loaded;
import dev.dossier.customers.BenchData.Request;
import dev.dossier.identity.Role;
import dev.dossier.identity.SignedInUser;
import dev.dossier.identity.UserDirectory;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteListenerProvider;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Server-side latency of the customer list and quick search with 100,000 realistic customers, on H2 (a file
 * database, like the application's default; {@code -Ddossier.bench.h2=mem} for in-memory) or PostgreSQL
 * ({@code -Ddossier.test.db=postgresql}). Measures the query service directly, the list page over HTTP and the
 * REST API over HTTP; prints percentiles and query plans. Reports speed, asserts only that the answers are right.
 *
 * <p>Run: {@code ./mvnw test -Dtest=SearchBenchmark -Dgroups=benchmark -DexcludedGroups=none} (see bench/README.md).
 * Tunables: {@code -Dbench.customers=100000 -Dbench.queries=500 -Dbench.warmup=100 -Dbench.seed=20250630
 * -Dbench.kindSeconds=30} (a kind too slow to run its queries within that time reports fewer).
 */
@Tag("benchmark")
@DossierTest
@ContextConfiguration(initializers = {TestDatabase.class, SearchBenchmark.BenchDatabase.class})
@Import(SearchBenchmark.SqlCaptureConfiguration.class)
class SearchBenchmark {

    private static final int CUSTOMERS = Integer.getInteger("bench.customers", 100_000);
    private static final int QUERIES = Integer.getInteger("bench.queries", 500);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 100);
    private static final long SEED = Long.getLong("bench.seed", 20250630L);
    private static final int PAGE = 50;
    /** Time limit of one kind on one channel (a quarter of it for its warm-up); slow kinds report fewer queries. */
    private static final long KIND_NANOS = Long.getLong("bench.kindSeconds", 30) * 1_000_000_000L;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    @Autowired
    ApplicationContext context;

    @Autowired
    UserDirectory directory;

    @Autowired
    TestUsers testUsers;

    @Autowired
    DSLContext db;

    @Autowired
    SqlCapture capture;

    @LocalServerPort
    int port;

    private final StringBuilder report = new StringBuilder();
    private BenchData data;
    private List<Loaded> loaded;
    private final Map<String, UUID> expectedFirst = new HashMap<>();
    private final Map<String, Request> slowest = new HashMap<>();

    /** The H2 database as the application uses it by default: a file, here under the build directory. */
    public static class BenchDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            if (TestDatabase.postgresql() || "mem".equals(System.getProperty("dossier.bench.h2", "file"))) {
                return;
            }
            try {
                var build = Path.of(System.getProperty("dossier.build.directory", "target"));
                var root = build.resolve("bench-h2");
                if (Files.isDirectory(root)) {
                    try (Stream<Path> old = Files.walk(root)) {
                        old.sorted(Comparator.reverseOrder())
                                .forEach(p -> p.toFile().delete());
                    }
                }
                var dir = Files.createDirectories(root.resolve(Long.toString(System.currentTimeMillis(), 36)));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try (Stream<Path> files = Files.walk(dir)) {
                        files.sorted(Comparator.reverseOrder())
                                .forEach(p -> p.toFile().delete());
                    } catch (IOException e) {
                        // left for the next run to clean
                    }
                }));
                context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new MapPropertySource(
                                "benchDatabase",
                                Map.of(
                                        "spring.datasource.url",
                                        "jdbc:h2:file:" + dir.toAbsolutePath() + "/dossier"
                                                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                                        "spring.datasource.username",
                                        "sa",
                                        "spring.datasource.password",
                                        "")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Records the SQL jOOQ executes on this thread, with values inlined, while asked to (for the plans). */
    public static final class SqlCapture implements ExecuteListener {
        private final ThreadLocal<List<String>> statements = new ThreadLocal<>();

        List<String> during(Runnable action) {
            var list = new ArrayList<String>();
            statements.set(list);
            try {
                action.run();
            } finally {
                statements.remove();
            }
            return list;
        }

        @Override
        public void executeStart(ExecuteContext ctx) {
            var list = statements.get();
            if (list != null && ctx.query() != null) {
                list.add(ctx.dsl().renderInlined(ctx.query()));
            }
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class SqlCaptureConfiguration {
        @Bean
        SqlCapture sqlCapture() {
            return new SqlCapture();
        }

        @Bean
        ExecuteListenerProvider sqlCaptureListener(SqlCapture capture) {
            return new DefaultExecuteListenerProvider(capture);
        }
    }

    /** A kind of query with its requests: warm-up first, then the measured ones. */
    private record Kind(String name, boolean search, List<Request> warmup, List<Request> measured) {}

    /** Latencies of one channel and kind, in nanoseconds. */
    private record Result(String channel, String kind, boolean search, long[] nanos) {}

    @Test
    void listAndQuickSearch() throws Exception {
        data = new BenchData(context);
        var admin = directory.userByUsername(TestUsers.ADMIN).orElseThrow();
        signInAsAdmin(admin.id());
        try {
            header();
            var owners = new ArrayList<UUID>();
            owners.add(admin.id());
            for (int i = 0; i < 9; i++) {
                owners.add(directory
                        .userByUsername(testUsers.create(Role.SALES))
                        .orElseThrow()
                        .id());
            }
            signInAsAdmin(admin.id());
            assertEquals(0, data.count(new Request(null, null, null, null, null, null, PAGE)), "database not empty");

            long t0 = System.nanoTime();
            loaded = data.load(CUSTOMERS, SEED, owners, BenchData.referenceTime(), this::println);
            long loadNanos = System.nanoTime() - t0;
            long t1 = System.nanoTime();
            analyze();
            println(String.format(
                    "Loaded %,d customers in %.1f s (%.0f customers/s); statistics refreshed in %.1f s",
                    CUSTOMERS, loadNanos / 1e9, CUSTOMERS / (loadNanos / 1e9), (System.nanoTime() - t1) / 1e9));
            sizes();

            checkCounts();
            var random = new Random(SEED + 1);
            var cursors = walkAndCollectCursors();
            checkSearchesFind(random);
            var kinds = kinds(random, cursors);

            var results = new ArrayList<Result>();
            results.addAll(measure("service", kinds, this::viaService));
            var pages = pageClient();
            results.addAll(measure("http-page", kinds, r -> viaPage(pages, r)));
            var api = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
            results.addAll(measure("http-api", kinds, r -> viaApi(api, r)));

            table(results);
            plans(results);
        } finally {
            SecurityContextHolder.clearContext();
            writeReport();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Set-up

    private void signInAsAdmin(UUID adminId) {
        var user = new SignedInUser(adminId, TestUsers.ADMIN, "Administrator", Set.of(Role.ADMINISTRATOR), null, false);
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new UsernamePasswordAuthenticationToken(
                user, null, List.of(new SimpleGrantedAuthority("ROLE_ADMINISTRATOR"))));
        SecurityContextHolder.setContext(context);
    }

    private void header() {
        var product = db.connectionResult(c ->
                c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion() + " — "
                        + c.getMetaData().getURL());
        println("=== Dossier search benchmark " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        println("Database: " + product);
        println("JVM: " + System.getProperty("java.vm.name") + " " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs, max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
        println(String.format(
                "Customers %,d, measured queries per kind %d (after %d warm-up, at most %d s a kind), "
                        + "page size %d, seed %d",
                CUSTOMERS, QUERIES, WARMUP, KIND_NANOS / 1_000_000_000L, PAGE, SEED));
    }

    /**
     * Fresh planner statistics and visibility map, as autovacuum (PostgreSQL) or H2's automatic ANALYZE would have
     * soon after a bulk load.
     */
    private void analyze() {
        for (var table : List.of("customer", "customer_search_term", "contact_point", "customer_tag", "tag")) {
            db.execute(TestDatabase.postgresql() ? "VACUUM ANALYZE " + table : "ANALYZE TABLE " + table);
        }
    }

    private void sizes() {
        for (var table :
                List.of("customer", "customer_search_term", "contact_point", "customer_tag", "customer_change")) {
            println(String.format("  %-22s %,12d rows", table, db.fetchCount(db.selectFrom(table))));
        }
        if (TestDatabase.postgresql()) {
            println("  database size: " + db.fetchValue("SELECT pg_size_pretty(pg_database_size(current_database()))"));
            db.fetch("""
                    SELECT relname, pg_size_pretty(pg_total_relation_size(c.oid)) AS total
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i')
                    ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 8""").forEach(r -> println(String.format("  %-45s %s", r.get(0), r.get(1))));
            // The quick-search index on its own: the table and each of its indexes, and what a customer costs.
            long customers = db.fetchCount(db.selectFrom("customer"));
            long terms = ((Number) db.fetchValue("SELECT pg_total_relation_size('customer_search_term')")).longValue();
            println(String.format(
                    "  customer_search_term total %,d bytes, %,d a customer (table %,d bytes)",
                    terms,
                    terms / Math.max(1, customers),
                    ((Number) db.fetchValue("SELECT pg_relation_size('customer_search_term')")).longValue()));
            db.fetch("""
                    SELECT indexrelid::regclass::text, pg_relation_size(indexrelid)
                    FROM pg_index WHERE indrelid = 'customer_search_term'::regclass ORDER BY 1""")
                    .forEach(r -> println(String.format(
                            "    index %-40s %,14d bytes, %,d a customer",
                            r.get(0), r.get(1, Long.class), r.get(1, Long.class) / Math.max(1, customers))));
        } else {
            var url = db.connectionResult(c -> c.getMetaData().getURL());
            if (url.startsWith("jdbc:h2:file:")) {
                var file = Path.of(url.substring("jdbc:h2:file:".length()).split(";")[0] + ".mv.db");
                try {
                    println(String.format("  H2 file size: %,d MB", Files.size(file) / (1024 * 1024)));
                } catch (IOException e) {
                    println("  H2 file size: unknown (" + e.getMessage() + ")");
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Correctness

    private void checkCounts() {
        assertEquals(CUSTOMERS, data.count(new Request(null, null, null, null, null, null, PAGE)), "count of all");
        var byGrade = new HashMap<String, Integer>();
        var byOwner = new HashMap<UUID, Integer>();
        for (var c : loaded) {
            byGrade.merge(c.grade(), 1, Integer::sum);
            byOwner.merge(c.ownerId(), 1, Integer::sum);
        }
        byGrade.forEach((grade, n) -> assertEquals(
                n, data.count(new Request(grade, null, null, null, null, null, PAGE)), "count of grade " + grade));
        byOwner.forEach((owner, n) -> assertEquals(
                n, data.count(new Request(null, null, owner, null, null, null, PAGE)), "count of owner " + owner));
        println("Checked: counts of all, by grade and by owner match what was loaded");
    }

    /**
     * Walks the list by name and by last change (checking order and that no row repeats) and a whole filtered list
     * (checking it has every matching row exactly once); returns the cursors met, for the next-page queries.
     */
    private List<Request> walkAndCollectCursors() {
        var cursors = new ArrayList<Request>();
        for (var sort : List.of("name", "-updated")) {
            var seen = new HashSet<UUID>();
            String cursor = null;
            String lastKey = null;
            java.time.OffsetDateTime lastUpdated = null;
            int pages = Math.min(300, CUSTOMERS / PAGE - 1);
            for (int page = 0; page < pages; page++) {
                var request = new Request(null, null, null, null, sort, cursor, PAGE);
                if (cursor != null) {
                    cursors.add(request);
                }
                var result = data.list(request);
                assertEquals(PAGE, result.items().size(), "full page " + page + " by " + sort);
                for (var item : result.items()) {
                    assertTrue(seen.add(item.id()), "row repeated on page " + page + " by " + sort);
                    if (sort.equals("name")) {
                        var key = BenchData.sortKey(item.name());
                        assertTrue(
                                lastKey == null || lastKey.compareTo(key) <= 0,
                                "name order broken: " + lastKey + " > " + key);
                        lastKey = key;
                    } else {
                        assertTrue(
                                lastUpdated == null || !item.updatedAt().isAfter(lastUpdated), "-updated order broken");
                        lastUpdated = item.updatedAt();
                    }
                }
                cursor = result.nextCursor();
                assertTrue(cursor != null, "next cursor on page " + page);
            }
        }
        // A whole filtered list, page by page.
        var expected = new HashSet<UUID>();
        loaded.stream()
                .filter(c -> c.grade().equals("VIP") && "EAST_CHINA".equals(c.region()))
                .forEach(c -> expected.add(c.id()));
        var got = new HashSet<UUID>();
        String cursor = null;
        do {
            var request = new Request("VIP", "EAST_CHINA", null, null, null, cursor, PAGE);
            if (cursor != null) {
                cursors.add(request);
            }
            var result = data.list(request);
            for (var item : result.items()) {
                assertTrue(got.add(item.id()), "filtered row repeated");
                assertEquals("VIP", item.grade());
                assertEquals("EAST_CHINA", item.region());
            }
            cursor = result.nextCursor();
        } while (cursor != null);
        assertEquals(expected, got, "VIP customers in East China, all pages");
        println(String.format(
                "Checked: %d pages by name and by -updated in order without repeats; all %,d VIP "
                        + "customers in East China over %d pages",
                Math.min(300, CUSTOMERS / PAGE - 1), got.size(), (got.size() + PAGE - 1) / PAGE));
        return cursors;
    }

    /** Searches for loaded customers find them (narrowed by their own filters so that the check stays quick). */
    private void checkSearchesFind(Random random) {
        int checked = 0;
        for (var generator : searchGenerators().entrySet()) {
            for (int i = 0; i < 15; i++) {
                var target = generator.getValue().apply(random);
                var c = target.customer();
                String cursor = null;
                boolean found = false;
                int pages = 0;
                do {
                    var page =
                            data.list(new Request(c.grade(), c.region(), c.ownerId(), target.q(), null, cursor, 200));
                    found = page.items().stream().anyMatch(it -> it.id().equals(c.id()));
                    cursor = page.nextCursor();
                    pages++;
                } while (!found && cursor != null && pages < 100);
                if (!found) {
                    fail(generator.getKey() + " search '" + target.q() + "' does not find " + c.name() + " " + c.id()
                            + " (phones " + c.phones() + ", emails " + c.emails() + ")");
                }
                checked++;
            }
        }
        // Whole numbers and addresses find exactly their customer first.
        for (int i = 0; i < 20; i++) {
            var c = loaded.get(random.nextInt(loaded.size()));
            var phone = c.phones().getFirst();
            var first = data.list(Request.search(phone, PAGE)).items();
            assertTrue(
                    !first.isEmpty() && first.getFirst().id().equals(c.id()),
                    "search by the whole number " + phone + " puts " + c.name() + " first");
            if (!c.emails().isEmpty()) {
                var email = c.emails().getFirst();
                var byEmail = data.list(Request.search(email, PAGE)).items();
                assertTrue(
                        byEmail.stream().anyMatch(it -> it.id().equals(c.id())),
                        "search by the address " + email + " finds " + c.name());
            }
            checked += 2;
        }
        for (var nothing : List.of("qqqqqq", "xq@zz", "Zyxwvut")) {
            assertTrue(data.list(Request.search(nothing, PAGE)).items().isEmpty(), "'" + nothing + "' finds nothing");
        }
        println("Checked: " + checked
                + " searches for loaded customers find them; 3 searches for nothing find nothing");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Queries

    private record Target(String q, Loaded customer) {}

    private Loaded any(Random random, java.util.function.Predicate<Loaded> condition) {
        while (true) {
            var c = loaded.get(random.nextInt(loaded.size()));
            if (condition.test(c)) {
                return c;
            }
        }
    }

    /** Quick searches as people type them, each drawn from a loaded customer so that it hits. */
    private Map<String, Function<Random, Target>> searchGenerators() {
        var generators = new LinkedHashMap<String, Function<Random, Target>>();
        generators.put("search.initials", r -> {
            var c = any(r, x -> x.chinese() && !x.company() && x.syllables().size() >= 2);
            int n = Math.min(c.syllables().size(), 2 + r.nextInt(2));
            var q = new StringBuilder();
            c.syllables().subList(0, n).forEach(s -> q.append(s.charAt(0)));
            return new Target(q.toString(), c);
        });
        generators.put("search.pinyin", r -> {
            var c = any(r, x -> x.chinese() && !x.company() && x.syllables().size() >= 2);
            return new Target(String.join("", c.syllables()), c);
        });
        generators.put("search.hanzi", r -> {
            var c = any(r, x -> x.chinese() && !x.company() && x.name().length() >= 2);
            return new Target(c.name().substring(0, 2), c);
        });
        // Phones as people type them: the last four digits, the first seven, or the whole number with spaces.
        generators.put("search.phone4", r -> {
            var c = any(r, x -> !x.phones().isEmpty());
            var digits = c.phones().get(r.nextInt(c.phones().size()));
            return new Target(digits.substring(digits.length() - 4), c);
        });
        generators.put("search.phone7", r -> {
            var c = any(r, x -> !x.phones().isEmpty());
            var digits = c.phones().get(r.nextInt(c.phones().size()));
            return new Target(digits.substring(0, 7), c);
        });
        generators.put("search.phone", r -> {
            var c = any(r, x -> !x.phones().isEmpty());
            var digits = c.phones().get(r.nextInt(c.phones().size()));
            int split = digits.length() - 4;
            return new Target(
                    digits.substring(0, split - 4) + " " + digits.substring(split - 4, split) + " "
                            + digits.substring(split),
                    c);
        });
        generators.put("search.email", r -> {
            var c = any(r, x -> !x.emails().isEmpty());
            var email = c.emails().getFirst();
            int at = email.indexOf('@');
            int length = Math.clamp(at - 2 + r.nextInt(7), 4, email.length());
            return new Target(email.substring(0, length), c);
        });
        generators.put("search.english", r -> {
            var c = any(r, x -> !x.chinese() && !x.company());
            var word = c.words().get(r.nextInt(c.words().size()));
            return new Target(word.substring(0, Math.min(word.length(), 3 + r.nextInt(3))), c);
        });
        return generators;
    }

    private List<Kind> kinds(Random random, List<Request> cursors) {
        var kinds = new ArrayList<Kind>();
        for (var generator : searchGenerators().entrySet()) {
            kinds.add(kind(
                    generator.getKey(),
                    true,
                    r -> Request.search(generator.getValue().apply(r).q(), PAGE),
                    random));
        }
        var grades = List.of("POTENTIAL", "ORDINARY", "IMPORTANT", "VIP");
        var regions = loaded.stream().map(Loaded::region).distinct().sorted().toList();
        var owners = loaded.stream().map(Loaded::ownerId).distinct().sorted().toList();
        kinds.add(kind("list.first", false, r -> new Request(null, null, null, null, null, null, PAGE), random));
        kinds.add(kind(
                "list.grade",
                false,
                r -> new Request(grades.get(r.nextInt(grades.size())), null, null, null, null, null, PAGE),
                random));
        kinds.add(kind(
                "list.region",
                false,
                r -> new Request(null, regions.get(r.nextInt(regions.size())), null, null, null, null, PAGE),
                random));
        kinds.add(kind(
                "list.owner",
                false,
                r -> new Request(null, null, owners.get(r.nextInt(owners.size())), null, null, null, PAGE),
                random));
        kinds.add(kind("list.next", false, r -> cursors.get(r.nextInt(cursors.size())), random));
        kinds.add(
                kind("list.updated", false, r -> new Request(null, null, null, null, "-updated", null, PAGE), random));
        return kinds;
    }

    private static Kind kind(String name, boolean search, Function<Random, Request> generator, Random random) {
        var warmup = new ArrayList<Request>();
        var measured = new ArrayList<Request>();
        for (int i = 0; i < WARMUP; i++) {
            warmup.add(generator.apply(random));
        }
        for (int i = 0; i < QUERIES; i++) {
            measured.add(generator.apply(random));
        }
        return new Kind(name, search, warmup, measured);
    }

    /** The request as the page's and the API's query string. */
    private static String query(Request r) {
        var params = new ArrayList<String>();
        add(params, "q", r.q());
        add(params, "grade", r.grade());
        add(params, "region", r.region());
        add(params, "ownerId", r.ownerId() == null ? null : r.ownerId().toString());
        add(params, "sort", r.sort());
        add(params, "cursor", r.cursor());
        return String.join("&", params);
    }

    private static void add(List<String> params, String name, String value) {
        if (value != null) {
            params.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    private interface Channel {
        /** Runs the request; returns how long it took in nanoseconds (checks are done outside the timing). */
        long run(Request request);
    }

    private long viaService(Request request) {
        long t0 = System.nanoTime();
        var page = data.list(request);
        long t = System.nanoTime() - t0;
        if (request.q() != null && page.items().isEmpty()) {
            fail("quick search '" + request.q() + "' found nothing, though drawn from the loaded data");
        }
        if (request.grade() != null) {
            page.items().forEach(it -> assertEquals(request.grade(), it.grade()));
        }
        if (request.region() != null) {
            page.items().forEach(it -> assertEquals(request.region(), it.region()));
        }
        if (request.ownerId() != null) {
            page.items().forEach(it -> assertEquals(request.ownerId(), it.ownerId()));
        }
        assertTrue(!page.items().isEmpty(), "page of " + request + " is empty");
        expectedFirst.put(query(request), page.items().getFirst().id());
        return t;
    }

    private HttpClient pageClient() throws Exception {
        var http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        var signIn = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/sign-in")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        var csrf = CSRF.matcher(signIn.body());
        assertTrue(csrf.find(), "CSRF token on the sign-in page");
        var form = "username=" + TestUsers.ADMIN + "&password="
                + URLEncoder.encode(TestUsers.ADMIN_PASSWORD, StandardCharsets.UTF_8) + "&_csrf="
                + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        var posted = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/sign-in"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, posted.statusCode(), "sign-in redirects");
        assertTrue(
                posted.headers().firstValue("Location").orElse("").endsWith("/customers"),
                "signed in: " + posted.headers().firstValue("Location").orElse(""));
        return http;
    }

    private long viaPage(HttpClient http, Request request) {
        var get = HttpRequest.newBuilder(URI.create(base() + "/customers?" + query(request)))
                .header("Accept", "text/html")
                .GET()
                .build();
        try {
            long t0 = System.nanoTime();
            var response = http.send(get, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            long t = System.nanoTime() - t0;
            assertEquals(200, response.statusCode(), "page " + get.uri());
            var first = expectedFirst.get(query(request));
            if (first != null && !response.body().contains("/customers/" + first)) {
                fail("page " + get.uri() + " does not show " + first);
            }
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long viaApi(ApiClient api, Request request) {
        var get = api.request("/api/v1/customers?" + query(request) + "&limit=" + PAGE)
                .GET()
                .build();
        long t0 = System.nanoTime();
        var answer = api.send(get);
        long t = System.nanoTime() - t0;
        assertEquals(200, answer.status(), "API " + get.uri() + ": " + answer.body());
        var items = JSON.readTree(answer.body()).get("items");
        var first = expectedFirst.get(query(request));
        if (first != null
                && (items.isEmpty() || !items.get(0).get("id").asString().equals(first.toString()))) {
            fail("API " + get.uri() + " does not answer " + first + " first");
        }
        return t;
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private List<Result> measure(String channel, List<Kind> kinds, Channel run) {
        long started = System.nanoTime();
        // A round of every kind first, so that the JIT and the database caches are warm for all of them.
        for (var kind : kinds) {
            long until = System.nanoTime() + KIND_NANOS / 4;
            for (var request : kind.warmup()) {
                run.run(request);
                if (System.nanoTime() > until) {
                    break;
                }
            }
        }
        var results = new ArrayList<Result>();
        for (var kind : kinds) {
            var nanos = new long[kind.measured().size()];
            long worst = -1;
            long until = System.nanoTime() + KIND_NANOS;
            for (int i = 0; i < nanos.length; i++) {
                if (i >= 20 && System.nanoTime() > until) {
                    // Too slow to finish in time: report what was measured (the count column shows it).
                    nanos = Arrays.copyOf(nanos, i);
                    break;
                }
                nanos[i] = run.run(kind.measured().get(i));
                if (nanos[i] > worst) {
                    worst = nanos[i];
                    if (channel.equals("service")) {
                        slowest.put(kind.name(), kind.measured().get(i));
                    }
                }
            }
            results.add(new Result(channel, kind.name(), kind.search(), nanos));
        }
        println(String.format("Measured %s in %.1f s", channel, (System.nanoTime() - started) / 1e9));
        return results;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Report

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.clamp(index, 0, sorted.length - 1)] / 1e6;
    }

    private String row(String channel, String kind, long[] nanos) {
        var sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(
                "%-10s %-17s %6d %8.2f %8.2f %8.2f %8.2f",
                channel,
                kind,
                sorted.length,
                percentile(sorted, 50),
                percentile(sorted, 95),
                percentile(sorted, 99),
                sorted[sorted.length - 1] / 1e6);
    }

    private void table(List<Result> results) {
        var db = TestDatabase.postgresql() ? "PostgreSQL" : "H2";
        println("");
        println("Latency in ms on " + db + " (" + String.format("%,d", CUSTOMERS) + " customers, page size " + PAGE
                + "): targets p95 <= 20 ms quick search, <= 30 ms list page");
        println(String.format(
                "%-10s %-17s %6s %8s %8s %8s %8s", "channel", "kind", "count", "p50", "p95", "p99", "max"));
        String channel = null;
        for (var result : results) {
            if (channel != null && !channel.equals(result.channel())) {
                summary(results, channel);
                println("");
            }
            channel = result.channel();
            println(row(result.channel(), result.kind(), result.nanos()));
        }
        summary(results, channel);
    }

    private void summary(List<Result> results, String channel) {
        for (boolean search : List.of(true, false)) {
            var all = results.stream()
                    .filter(r -> r.channel().equals(channel) && r.search() == search)
                    .flatMapToLong(r -> Arrays.stream(r.nanos()))
                    .toArray();
            println(row(channel, search ? "ALL quick search" : "ALL list page", all));
        }
    }

    /** Plans of the slowest kinds (by p95 of the service call), for the slowest request measured of each. */
    private void plans(List<Result> results) {
        var byP95 = results.stream()
                .filter(r -> r.channel().equals("service"))
                .sorted(Comparator.comparingDouble((Result r) -> {
                    var s = r.nanos().clone();
                    Arrays.sort(s);
                    return -percentile(s, 95);
                }))
                .limit(4)
                .toList();
        for (var result : byP95) {
            var request = slowest.get(result.kind());
            println("");
            println("--- Plan of " + result.kind() + " (slowest measured: " + query(request) + ")");
            var statements = capture.during(() -> data.list(request));
            for (var sql : statements) {
                println("SQL: " + sql);
                var explain = TestDatabase.postgresql() ? "EXPLAIN (ANALYZE, BUFFERS) " : "EXPLAIN ANALYZE ";
                db.fetch(explain + sql).forEach(r -> println("    " + r.get(0)));
            }
        }
    }

    private void println(String line) {
        System.out.println(line);
        report.append(line).append('\n');
    }

    private void writeReport() {
        try {
            var dir = Path.of(System.getProperty("dossier.build.directory", "target"))
                    .resolve("bench-reports");
            Files.createDirectories(dir);
            var name = "search-" + (TestDatabase.postgresql() ? "postgresql" : "h2") + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".txt";
            Files.writeString(dir.resolve(name), report.toString());
            System.out.println("Report written to " + dir.resolve(name));
        } catch (IOException e) {
            var trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            System.out.println("Could not write the report: " + trace);
        }
    }
}
