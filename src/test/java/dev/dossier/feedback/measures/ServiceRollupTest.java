package dev.dossier.feedback.measures;

import static dev.dossier.db.Tables.CASE_ROLLUP_STATE;
import static dev.dossier.db.Tables.FEEDBACK_CASE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The service measures read from the roll-up equal the measures read from the cases alone, for a manager, over
 * randomised cases: after the first refresh, after changes to the cases and another refresh, and for changes made
 * since the last refresh.
 */
@DossierTest
@Tag("clock")
class ServiceRollupTest {

    private static final List<String> KINDS = ServiceFilter.KIND_ORDER;
    private static final List<String> PRIORITIES = ServiceFilter.PRIORITY_ORDER;
    private static final List<String> CATEGORIES = List.of("Billing", "Shipping", "Noise", "Leak", "Login");

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    DSLContext db;

    @Autowired
    ServiceRollup rollup;

    private final Random random = new Random(20240305);
    private final List<UUID> cases = new ArrayList<>();
    private final List<UUID> teams = new ArrayList<>();
    private ApiClient manager;
    private List<String> queries;

    @BeforeEach
    void randomCases() {
        forget();
        var fixtures = new MeasuresFixtures(db);
        var seller = users.createInTeam(users.team(null), Role.SALES);
        var customers = List.of(fixtures.customer(seller, "CUSTOMER"), fixtures.customer(seller, "AT_RISK"));
        for (int i = 0; i < 3; i++) {
            teams.add(users.team(null));
        }
        teams.add(null);
        var product = fixtures.product("Rolled kettle");
        var versions = new ArrayList<UUID>();
        versions.add(fixtures.version(product, "R1"));
        versions.add(fixtures.version(product, "R2"));
        versions.add(null);
        var now = TestClock.utcNow();
        for (int i = 0; i < 400; i++) {
            var at = now.minusMinutes(random.nextInt(60 * 24 * 420));
            var c = MeasuresFixtures.opened(
                    customers.get(random.nextInt(2)),
                    at,
                    pick(KINDS),
                    pick(PRIORITIES),
                    pick(teams),
                    random.nextInt(6) == 0 ? null : pick(CATEGORIES));
            if (random.nextInt(5) == 0) {
                c.remove("first_response_due_at");
                c.remove("resolution_due_at");
            }
            var responded = at.plusMinutes(1 + random.nextInt(3000));
            if (random.nextInt(4) > 0 && responded.isBefore(now)) {
                c.put("first_responded_at", responded);
                var resolved = responded.plusMinutes(random.nextInt(20000));
                if (random.nextInt(3) > 0 && resolved.isBefore(now)) {
                    c.put("resolved_at", resolved);
                    if (random.nextInt(3) == 0) {
                        c.put("csat_score", 1 + random.nextInt(5));
                    }
                }
            }
            if (random.nextInt(15) == 0) {
                c.put("reopen_count", 1);
            }
            if ("DEFECT".equals(c.get("kind")) && random.nextInt(4) > 0) {
                c.put("product_id", product);
                c.put("product_version_id", pick(versions));
            }
            if (random.nextInt(40) == 0) {
                c.put("deleted_at", at);
            }
            cases.add(fixtures.insert(c));
        }
        manager = new ApiClient(port).signIn(users.create(Role.MANAGER), TestUsers.PASSWORD);
        var twoYears = "from=" + now.toLocalDate().minusYears(2) + "&to=" + now.toLocalDate();
        queries = List.of(
                "",
                "granularity=week",
                twoYears + "&granularity=week",
                "teamId=" + teams.getFirst(),
                "kind=DEFECT",
                "kind=COMPLAINT&priority=NORMAL");
    }

    /** The roll-up as never refreshed, so that other tests read the cases alone. */
    @AfterEach
    void forget() {
        db.deleteFrom(CASE_ROLLUP_STATE).execute();
    }

    @Test
    void theRolledUpFiguresEqualTheFiguresReadFromTheCases() {
        var direct = reports();
        assertThat(direct.values())
                .allSatisfy(r -> assertThat(r.hasNonNull("figuresAsOf")).isFalse());
        assertThat(rollup.refresh()).isPositive();
        var rolled = reports();
        assertThat(rolled.values())
                .allSatisfy(r -> assertThat(r.hasNonNull("figuresAsOf")).isTrue());
        assertSame(rolled, direct);

        // Resolve, reopen, a satisfaction answer, another team; then another refresh.
        change();
        assertThat(rollup.refresh()).isPositive();
        rolled = reports();
        assertSame(rolled, directly());

        // Changes since the last refresh are read from the cases.
        change();
        rolled = reports();
        assertThat(rolled.values())
                .allSatisfy(r -> assertThat(r.hasNonNull("figuresAsOf")).isTrue());
        assertSame(rolled, directly());
    }

    private void change() {
        var now = TestClock.utcNow();
        var c = FEEDBACK_CASE;
        for (int i = 0; i < 20; i++) {
            var id = pick(cases);
            var row = db.selectFrom(c).where(c.ID.eq(id)).fetchOne();
            switch (i % 4) {
                case 0 ->
                    db.update(c)
                            .set(c.RESOLVED_AT, now)
                            .set(
                                    c.FIRST_RESPONDED_AT,
                                    row.getFirstRespondedAt() == null ? now : row.getFirstRespondedAt())
                            .set(c.STATUS, "RESOLVED")
                            .set(c.UPDATED_AT, now)
                            .where(c.ID.eq(id))
                            .execute();
                case 1 ->
                    db.update(c)
                            .setNull(c.RESOLVED_AT)
                            .set(c.REOPEN_COUNT, row.getReopenCount() + 1)
                            .set(c.STATUS, "IN_PROGRESS")
                            .set(c.UPDATED_AT, now)
                            .where(c.ID.eq(id))
                            .execute();
                case 2 ->
                    db.update(c)
                            .set(c.CSAT_SCORE, 1 + random.nextInt(5))
                            .set(c.UPDATED_AT, now)
                            .where(c.ID.eq(id))
                            .execute();
                default ->
                    db.update(c)
                            .set(c.TEAM_ID, pick(teams))
                            .set(c.UPDATED_AT, now)
                            .where(c.ID.eq(id))
                            .execute();
            }
        }
    }

    /** Every report as read from the cases alone (the roll-up as never refreshed, then as it was). */
    private Map<String, JsonNode> directly() {
        var state = db.selectFrom(CASE_ROLLUP_STATE).fetchOne();
        forget();
        var out = reports();
        state.changed(true);
        db.insertInto(CASE_ROLLUP_STATE).set(state).execute();
        return out;
    }

    private Map<String, JsonNode> reports() {
        var out = new java.util.LinkedHashMap<String, JsonNode>();
        for (var q : queries) {
            var answer = manager.get("/api/v1/reports/service?" + q);
            assertThat(answer.status()).as(q).isEqualTo(200);
            out.put(q, answer.json());
        }
        return out;
    }

    private static void assertSame(Map<String, JsonNode> rolled, Map<String, JsonNode> direct) {
        rolled.forEach((q, report) -> {
            var a = ((ObjectNode) report).deepCopy();
            var b = ((ObjectNode) direct.get(q)).deepCopy();
            a.remove("figuresAsOf");
            b.remove("figuresAsOf");
            assertThat(a.get("totals").get("cases").asLong()).as(q).isPositive();
            assertThat(a).as(q).isEqualTo(b);
        });
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
