package dev.dossier.interactions;

import static dev.dossier.interactions.InteractionFixtures.customer;
import static dev.dossier.interactions.InteractionFixtures.interaction;
import static dev.dossier.interactions.InteractionFixtures.log;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The roll-ups the reports read agree with the interactions after every kind of change, and after a rebuild. */
@DossierTest
@Tag("clock")
class RollupConsistencyTest {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    DSLContext db;

    @Autowired
    InteractionRollups rollups;

    private List<String> daily() {
        return db.fetch("""
                SELECT on_day, channel, owner_id, team_id, interactions, satisfaction_sum, satisfaction_count,
                       follow_up_succeeded, follow_up_failed, needs_follow_up
                FROM interaction_daily
                WHERE interactions <> 0 OR satisfaction_sum <> 0 OR satisfaction_count <> 0
                   OR follow_up_succeeded <> 0 OR follow_up_failed <> 0 OR needs_follow_up <> 0
                ORDER BY 1, 2, 3, 4""").map(r -> r.intoList().toString());
    }

    private List<String> groupedFromInteractions() {
        var day = rollups.day(dev.dossier.db.Tables.INTERACTION.STARTED_AT);
        return db.fetch("""
                SELECT {0} AS d, channel, owner_id, COALESCE(team_id, '00000000-0000-0000-0000-000000000000'),
                       COUNT(*), COALESCE(SUM(satisfaction), 0), COUNT(satisfaction),
                       SUM(CASE WHEN follow_up_succeeded THEN 1 ELSE 0 END),
                       SUM(CASE WHEN NOT follow_up_succeeded THEN 1 ELSE 0 END),
                       SUM(CASE WHEN outcome = 'NEEDS_FOLLOW_UP' THEN 1 ELSE 0 END)
                FROM interaction WHERE deleted_at IS NULL
                GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4""", day).map(r -> r.intoList().toString());
    }

    private List<String> summaries() {
        return db.fetch("""
                SELECT customer_id, last_at, interactions FROM customer_contact_summary WHERE interactions > 0
                ORDER BY 1""")
                .map(r -> List.of(r.get(0), r.get(1, OffsetDateTime.class).toInstant(), r.get(2))
                        .toString());
    }

    private List<String> summariesFromInteractions() {
        return db.fetch("""
                SELECT customer_id, MAX(started_at), COUNT(*) FROM interaction WHERE deleted_at IS NULL
                GROUP BY customer_id ORDER BY 1""")
                .map(r -> List.of(r.get(0), r.get(1, OffsetDateTime.class).toInstant(), r.get(2))
                        .toString());
    }

    private void assertConsistent() {
        assertThat(normalise(daily())).isEqualTo(normalise(groupedFromInteractions()));
        assertThat(summaries()).isEqualTo(summariesFromInteractions());
    }

    /** Numbers of either query as plain integers, whatever type the database gave them. */
    private static List<String> normalise(List<String> rows) {
        return rows.stream()
                .map(r -> r.replaceAll("(\\d+)\\.0+(?=[,\\]])", "$1"))
                .toList();
    }

    @Test
    void afterLoggingEditingAndDeletingTheRollupsEqualAGroupingOfTheInteractions() {
        var team = users.team(null);
        var alice = new ApiClient(port).signIn(users.createInTeam(team, Role.SALES), TestUsers.PASSWORD);
        var manager = new ApiClient(port).signIn(users.create(Role.MANAGER), TestUsers.PASSWORD);
        var bobId = users.id(users.create(Role.SALES));
        var now = TestClock.utcNow();
        var customers = List.of(
                customer(alice, "Roll-up A " + UUID.randomUUID()), customer(alice, "Roll-up B " + UUID.randomUUID()));
        var ids = new ArrayList<String>();
        String[] channels = {"CALL", "EMAIL", "VISIT", "CHAT"};
        for (int n = 0; n < 12; n++) {
            var extra = new HashMap<String, Object>();
            extra.put("channel", channels[n % channels.length]);
            extra.put("startedAt", now.minusDays(n % 5).minusHours(n).toString());
            if (n % 3 != 0) {
                extra.put("satisfaction", 1 + n % 5);
            }
            if (n % 2 == 0) {
                extra.put("followUpSucceeded", n % 4 == 0);
            }
            if (n % 5 == 0) {
                extra.put("outcome", "NEEDS_FOLLOW_UP");
            }
            ids.add(log(alice, "customer:" + customers.get(n % 2), extra)
                    .get("id")
                    .asString());
        }
        assertConsistent();

        // Edits that move an interaction to another day, channel and owner (and so team), or change its figures.
        var moved = interaction(
                "customer:" + customers.get(0),
                Map.of(
                        "channel",
                        "MEETING",
                        "startedAt",
                        now.minusDays(40).toString(),
                        "satisfaction",
                        3,
                        "followUpSucceeded",
                        false,
                        "ownerId",
                        bobId.toString()));
        assertThat(manager.put("/api/v1/interactions/" + ids.get(0), ApiClient.json(moved), "\"0\"")
                        .status())
                .isEqualTo(200);
        var figures = interaction(
                "customer:" + customers.get(1),
                Map.of("satisfaction", 5, "startedAt", now.minusDays(1).toString(), "outcome", "NEEDS_FOLLOW_UP"));
        assertThat(alice.put("/api/v1/interactions/" + ids.get(1), ApiClient.json(figures), "\"0\"")
                        .status())
                .isEqualTo(200);
        assertConsistent();

        for (var id : ids.subList(2, 6)) {
            assertThat(alice.delete("/api/v1/interactions/" + id).status()).isEqualTo(204);
        }
        assertConsistent();

        var before = normalise(daily());
        rollups.rebuild();
        assertThat(normalise(daily())).isEqualTo(before);
        assertConsistent();
    }

    /**
     * Writers that create the same roll-up row at the same moment all land: on H2 the second insert of a key fails
     * where PostgreSQL's ON CONFLICT would have waited, and the roll-ups treat that as the conflict it is.
     */
    @Test
    void concurrentWritersOfOneRollupRowAllLand() throws Exception {
        var sales = users.create(Role.SALES);
        var writers = 8;
        var clients = new ArrayList<ApiClient>();
        for (int n = 0; n < writers; n++) {
            clients.add(new ApiClient(port).signIn(sales, TestUsers.PASSWORD));
        }
        var customerId = UUID.fromString(customer(clients.get(0), "Race " + UUID.randomUUID()));
        var summary = dev.dossier.db.Tables.CUSTOMER_CONTACT_SUMMARY;
        var day = OffsetDateTime.of(
                1990 + java.util.concurrent.ThreadLocalRandom.current().nextInt(20),
                3,
                14,
                10,
                0,
                0,
                0,
                ZoneOffset.UTC);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(writers)) {
            for (int round = 0; round < 10; round++) {
                db.deleteFrom(summary).where(summary.CUSTOMER_ID.eq(customerId)).execute();
                var start = new java.util.concurrent.CountDownLatch(1);
                var done = new ArrayList<java.util.concurrent.Future<Integer>>();
                for (int n = 0; n < writers; n++) {
                    var client = clients.get(n);
                    var at = day.plusMinutes(round * writers + n).toString();
                    var listener = n % 2 == 0;
                    done.add(pool.submit(() -> {
                        start.await();
                        if (listener) {
                            // What the customer module's change event does, beside interactions being logged.
                            rollups.customerChanged(customerId);
                            return 201;
                        }
                        return client.post(
                                        "/api/v1/interactions",
                                        ApiClient.json(interaction("customer:" + customerId, Map.of("startedAt", at))))
                                .status();
                    }));
                }
                start.countDown();
                for (var each : done) {
                    assertThat(each.get()).isEqualTo(201);
                }
            }
        }
        assertThat(db.fetchCount(summary, summary.CUSTOMER_ID.eq(customerId))).isEqualTo(1);
        assertConsistent();
    }
}
