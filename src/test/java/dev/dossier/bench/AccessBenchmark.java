package dev.dossier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.customers.BenchData;
import dev.dossier.customers.BenchData.Request;
import dev.dossier.identity.Role;
import dev.dossier.identity.UserDirectory;
import dev.dossier.support.TestUsers;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * What record scope costs: the same list and quick-search requests at 100,000 customers owned by 100 sales people
 * in 10 teams, run as an administrator (every record, no condition), as a service user (every record, through
 * the engine) and as a sales user whose role reaches the own team (the scope condition in every query). Each
 * request runs as one web request would: the engine works out the user's reach once per request.
 *
 * <p>Run: {@code ./mvnw test -Dtest=AccessBenchmark -Dgroups=benchmark -Ddossier.excludedGroups=none
 * -Dsurefire.failIfNoSpecifiedTests=false [-Ddossier.test.db=postgresql]} (see bench/README.md).
 */
@Tag("benchmark")
@DossierTest
class AccessBenchmark {

    private static final int CUSTOMERS = Integer.getInteger("bench.customers", 100_000);
    private static final int QUERIES = Integer.getInteger("bench.queries", 300);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 50);

    @Autowired
    ApplicationContext context;

    @Autowired
    TestUsers users;

    @Autowired
    UserDirectory directory;

    @Autowired
    UserDetailsService userDetails;

    @Autowired
    DSLContext db;

    @Test
    void recordScopeOverhead() {
        var data = new BenchData(context);
        var teams = new ArrayList<UUID>();
        var owners = new ArrayList<UUID>();
        var salesNames = new ArrayList<String>();
        for (int t = 0; t < 10; t++) {
            var team = users.team(null);
            teams.add(team);
            for (int u = 0; u < 10; u++) {
                var name = users.createInTeam(team, Role.SALES);
                salesNames.add(name);
                owners.add(users.id(name));
            }
        }
        long t0 = System.nanoTime();
        var loaded = data.load(CUSTOMERS, 20251123L, owners, OffsetDateTime.now(ZoneOffset.UTC), System.out::println);
        db.execute(
                "UPDATE customer SET team_id = (SELECT team_id FROM app_user WHERE app_user.id = customer.owner_id)");
        if (db.dialect().family() == org.jooq.SQLDialect.POSTGRES) {
            db.execute("ANALYZE");
        }
        System.out.printf("Loaded %,d customers in %.1f s%n", CUSTOMERS, (System.nanoTime() - t0) / 1e9);

        var random = new Random(7);
        var searches = new ArrayList<String>();
        for (int i = 0; i < WARMUP + QUERIES; i++) {
            var c = loaded.get(random.nextInt(loaded.size()));
            var name = c.name();
            searches.add(
                    switch (i % 3) {
                        case 0 -> name.substring(0, Math.min(2, name.length()));
                        case 1 -> name.substring(0, Math.min(4, name.length()));
                        default ->
                            c.phones().isEmpty()
                                    ? name
                                    : c.phones()
                                            .get(0)
                                            .replaceAll("\\D", "")
                                            .substring(c.phones()
                                                            .get(0)
                                                            .replaceAll("\\D", "")
                                                            .length()
                                                    - 6);
                    });
        }
        var admin = TestUsers.ADMIN;
        var service = users.create(Role.SERVICE);
        var sales = salesNames.get(0);

        var report = new StringBuilder();
        report.append(String.format(
                "%n=== Record scope at %,d customers (%s), %d queries after %d warm-up, ms ===%n",
                CUSTOMERS, db.dialect().family(), QUERIES, WARMUP));
        report.append(String.format("%-34s %-10s %8s %8s %8s %8s%n", "kind", "who", "p50", "p95", "p99", "rows"));
        var kinds = List.<Kind>of(
                new Kind("list, first page by name", i -> new Request(null, null, null, null, null, null, 50)),
                new Kind("list, grade VIP by name", i -> new Request("VIP", null, null, null, null, null, 50)),
                new Kind("list, recently updated", i -> new Request(null, null, null, null, "-updated", null, 50)),
                new Kind("quick search", i -> Request.search(searches.get(i), 50)),
                new Kind("quick search, 2 characters", i -> Request.search(searches.get(i - i % 3), 50)),
                new Kind(
                        "quick search, 4 characters",
                        i -> Request.search(
                                searches.get(i - i % 3 + 1 < searches.size() ? i - i % 3 + 1 : i - i % 3), 50)),
                new Kind(
                        "quick search, phone digits",
                        i -> Request.search(
                                searches.get(i - i % 3 + 2 < searches.size() ? i - i % 3 + 2 : i - i % 3), 50)));
        var results = new java.util.LinkedHashMap<String, List<String>>();
        for (var kind : kinds) {
            for (var who : List.of(admin, service, sales)) {
                results.computeIfAbsent(kind.name(), k -> new ArrayList<>()).add(measure(data, kind, who, "own"));
            }
        }
        // The sales role reaching its whole team: stored as an administrator would, picked up within seconds.
        db.execute("INSERT INTO role_permission (role, area, operations, record_scope, updated_at) "
                + "VALUES ('SALES', 'CUSTOMERS', 'CREATE,DELETE,EDIT,READ', 'TEAM', CURRENT_TIMESTAMP)");
        try {
            Thread.sleep(6_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (var kind : kinds) {
            results.get(kind.name()).add(measure(data, kind, sales, "team"));
        }
        db.execute("DELETE FROM role_permission WHERE role = 'SALES'");
        results.values().forEach(lines -> lines.forEach(report::append));
        System.out.println(report);
    }

    private record Kind(String name, Function<Integer, Request> request) {}

    private String measure(BenchData data, Kind kind, String username, String scope) {
        var details = userDetails.loadUserByUsername(username);
        var security = SecurityContextHolder.createEmptyContext();
        security.setAuthentication(new UsernamePasswordAuthenticationToken(details, null, details.getAuthorities()));
        SecurityContextHolder.setContext(security);
        try {
            long[] nanos = new long[QUERIES];
            long rows = 0;
            for (int i = 0; i < WARMUP + QUERIES; i++) {
                var request = kind.request().apply(i);
                RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
                long start = System.nanoTime();
                var page = data.list(request);
                long took = System.nanoTime() - start;
                RequestContextHolder.resetRequestAttributes();
                if (i >= WARMUP) {
                    nanos[i - WARMUP] = took;
                    rows += page.items().size();
                }
            }
            Arrays.sort(nanos);
            assertThat(nanos[0]).isPositive();
            var role = username.equals(TestUsers.ADMIN)
                    ? "admin/all"
                    : details.getAuthorities().toString().contains("SERVICE") ? "service/all" : "sales/" + scope;
            return String.format(
                    "%-34s %-10s %8.2f %8.2f %8.2f %8d%n",
                    kind.name(),
                    role,
                    nanos[QUERIES / 2] / 1e6,
                    nanos[(int) (QUERIES * 0.95)] / 1e6,
                    nanos[(int) (QUERIES * 0.99)] / 1e6,
                    rows / QUERIES);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
