package dev.dossier.quality;

import static dev.dossier.db.Tables.DUPLICATE_KEY;
import static dev.dossier.db.Tables.DUPLICATE_PAIR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.customers.Seeds;
import dev.dossier.db.InLists;
import dev.dossier.support.TestUsers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * A scan of all customers finds the duplicates of a generated dirty set whose truth is known, and nothing else: the
 * pairs found are scored for precision and recall against the entities the records are about.
 */
@DossierTest
class DuplicateScanTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    DuplicateScans scans;

    @Autowired
    DSLContext db;

    @Autowired
    java.time.Clock clock;

    @Autowired
    UserDetailsService userDetails;

    @BeforeEach
    void signIn() {
        var details = userDetails.loadUserByUsername(TestUsers.ADMIN);
        SecurityContextHolder.getContext()
                .setAuthentication(
                        UsernamePasswordAuthenticationToken.authenticated(details, null, details.getAuthorities()));
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aScanFindsTheKnownDuplicatesOfADirtySetAndLeavesTheHardNegativesApart() {
        var entries = new DirtyCustomers(20261207L).generate(300, 200);
        var entityOf = new HashMap<UUID, Integer>();
        var kindOf = new HashMap<UUID, String>();
        for (var entry : entries) {
            var id = Seeds.register(context, entry.seed());
            entityOf.put(id, entry.entity());
            kindOf.put(id, entry.kind() + " " + entry.seed().name());
        }
        // What the customers' events matched as they were registered is forgotten: the scan alone finds it again.
        Awaitility.await()
                .atMost(Duration.ofMinutes(2))
                .until(() -> db.fetchCount(
                                DSL.table("event_publication"),
                                DSL.field("completion_date").isNull(),
                                DSL.field("listener_id", String.class).like("%DuplicateListeners%"))
                        == 0);
        var registered = new ArrayList<>(entityOf.keySet());
        for (int from = 0; from < registered.size(); from += 500) {
            var chunk = registered.subList(from, Math.min(registered.size(), from + 500));
            db.deleteFrom(DUPLICATE_KEY)
                    .where(InLists.in(db, DUPLICATE_KEY.CUSTOMER_ID, chunk))
                    .execute();
            db.deleteFrom(DUPLICATE_PAIR)
                    .where(InLists.in(db, DUPLICATE_PAIR.FIRST_ID, chunk)
                            .or(InLists.in(db, DUPLICATE_PAIR.SECOND_ID, chunk)))
                    .execute();
        }
        var registeredBy = java.time.OffsetDateTime.now(clock);
        DuplicateScans.Status scan;
        do {
            // A scan that was running already (the weekly one) may have passed these customers by: another.
            var started = scans.start(null);
            scan = Awaitility.await()
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> scans.find(started.id()).orElseThrow(), s -> s.state() == DuplicateScans.State.DONE);
        } while (scan.createdAt().isBefore(registeredBy));

        var truth = new HashSet<DuplicateStore.Pair>();
        var byEntity = new HashMap<Integer, List<UUID>>();
        entityOf.forEach((id, entity) ->
                byEntity.computeIfAbsent(entity, k -> new ArrayList<>()).add(id));
        byEntity.values().forEach(ids -> {
            for (int i = 0; i < ids.size(); i++) {
                for (int j = i + 1; j < ids.size(); j++) {
                    truth.add(DuplicateStore.Pair.of(ids.get(i), ids.get(j)));
                }
            }
        });
        double threshold = MatchRules.defaults().threshold();
        Set<DuplicateStore.Pair> found = new HashSet<>();
        var ids = entityOf.keySet();
        var list = new ArrayList<>(ids);
        for (int from = 0; from < list.size(); from += 500) {
            var chunk = list.subList(from, Math.min(list.size(), from + 500));
            db.select(DUPLICATE_PAIR.FIRST_ID, DUPLICATE_PAIR.SECOND_ID)
                    .from(DUPLICATE_PAIR)
                    .where(InLists.in(db, DUPLICATE_PAIR.FIRST_ID, chunk))
                    .and(DUPLICATE_PAIR.SCORE.ge(threshold))
                    .and(DUPLICATE_PAIR.DISMISSED_AT.isNull())
                    .forEach(r -> {
                        if (ids.contains(r.value2())) {
                            found.add(new DuplicateStore.Pair(r.value1(), r.value2()));
                        }
                    });
        }
        var right = new HashSet<>(found);
        right.retainAll(truth);
        double precision = found.isEmpty() ? 0 : (double) right.size() / found.size();
        double recall = (double) right.size() / truth.size();
        var wrong = new HashSet<>(found);
        wrong.removeAll(truth);
        var missed = new HashSet<>(truth);
        missed.removeAll(found);
        System.out.printf(
                "Duplicate scan of %,d customers: %,d true pairs, %,d found, precision %.4f, recall %.4f%n",
                entries.size(), truth.size(), found.size(), precision, recall);
        missed.stream()
                .limit(10)
                .forEach(p -> System.out.println("missed: " + kindOf.get(p.first()) + " / " + kindOf.get(p.second())));
        wrong.stream()
                .limit(10)
                .forEach(p -> System.out.println("wrong: " + kindOf.get(p.first()) + " / " + kindOf.get(p.second())));
        assertThat(truth).hasSizeGreaterThan(100);
        assertThat(recall).as("recall").isGreaterThanOrEqualTo(0.97);
        assertThat(precision).as("precision").isGreaterThanOrEqualTo(0.99);
    }
}
