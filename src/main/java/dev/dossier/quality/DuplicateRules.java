package dev.dossier.quality;

import static dev.dossier.db.Tables.DUPLICATE_PAIR;
import static dev.dossier.db.Tables.DUPLICATE_RULES;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.ValidationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The matching rules as administrators set them: read (kept a couple of seconds, so that every instance follows a
 * change within that time), tried on the pairs already found before they are saved, and saved, which scores every
 * pair kept again and regroups the clusters.
 */
@Service
class DuplicateRules {

    private static final Duration KEPT = Duration.ofSeconds(2);

    /** Rules as the editor shows them, with the version to send back. */
    record Current(double threshold, Map<String, Double> weights, int version, OffsetDateTime updatedAt) {}

    /**
     * What rules would change: the pairs kept that are possible duplicates now and under the rules tried, and some
     * of those that would come or go, with their reasons, among the customers the reader sees.
     */
    record Preview(long pairsKept, long now, long proposed, long gained, long lost, List<Example> examples) {}

    /** A pair that would come (gained) or go, with its names as the reader sees them. */
    record Example(String first, String second, double scoreNow, double scoreProposed, List<String> reasons) {}

    private final DSLContext db;
    private final CustomerDirectory customers;
    private final Clock clock;
    private volatile MatchRules cached;
    private volatile Instant cachedAt = Instant.MIN;

    DuplicateRules(DSLContext db, CustomerDirectory customers, Clock clock) {
        this.db = db;
        this.customers = customers;
        this.clock = clock;
    }

    /** The rules in force. */
    MatchRules rules() {
        var now = Instant.now();
        var rules = cached;
        if (rules == null || cachedAt.plus(KEPT).isBefore(now)) {
            rules = current()
                    .map(c -> MatchRules.of(c.threshold(), c.weights()))
                    .orElse(MatchRules.defaults());
            cached = rules;
            cachedAt = now;
        }
        return rules;
    }

    /** The rules as stored, if an administrator saved any. */
    @Transactional(readOnly = true)
    java.util.Optional<Current> current() {
        return db.selectFrom(DUPLICATE_RULES)
                .where(DUPLICATE_RULES.ID.eq(1))
                .fetchOptional()
                .map(r -> {
                    var rules = MatchRules.stored(r.getThreshold(), r.getWeights());
                    return new Current(rules.threshold(), rules.byCode(), r.getVersion(), r.getUpdatedAt());
                });
    }

    /** The rules for the editor: as stored, or the defaults at version 0. */
    Current editable() {
        return current().orElseGet(() -> {
            var defaults = MatchRules.defaults();
            return new Current(defaults.threshold(), defaults.byCode(), 0, null);
        });
    }

    /** Checks rules as typed. */
    static MatchRules checked(Double threshold, Map<String, Double> weights) {
        var problems = MatchRules.problems(threshold, weights);
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return MatchRules.of(threshold, weights);
    }

    /** What the rules tried would change on the pairs kept, among the customers the reader reaches. */
    @Transactional(readOnly = true)
    Preview preview(MatchRules proposed) {
        var now = rules();
        long kept = 0;
        long before = 0;
        long after = 0;
        long gained = 0;
        long lost = 0;
        var flipping = new ArrayList<String>();
        for (var row : db.select(DUPLICATE_PAIR.REASONS, DSL.count())
                .from(DUPLICATE_PAIR)
                .where(DUPLICATE_PAIR.DISMISSED_AT.isNull())
                .groupBy(DUPLICATE_PAIR.REASONS)
                .fetch()) {
            var reasons = DuplicateStore.reasons(row.value1());
            long count = row.value2();
            boolean in = now.score(reasons) >= now.threshold();
            boolean willBe = proposed.score(reasons) >= proposed.threshold();
            kept += count;
            before += in ? count : 0;
            after += willBe ? count : 0;
            if (in != willBe) {
                if (willBe) {
                    gained += count;
                } else {
                    lost += count;
                }
                flipping.add(row.value1());
            }
        }
        var examples = new ArrayList<Example>();
        if (!flipping.isEmpty()) {
            var pairs = db.select(DUPLICATE_PAIR.FIRST_ID, DUPLICATE_PAIR.SECOND_ID, DUPLICATE_PAIR.REASONS)
                    .from(DUPLICATE_PAIR)
                    .where(DUPLICATE_PAIR.DISMISSED_AT.isNull())
                    .and(DUPLICATE_PAIR.REASONS.in(flipping))
                    .limit(200)
                    .fetch();
            var ids = new HashSet<UUID>();
            pairs.forEach(p -> {
                ids.add(p.value1());
                ids.add(p.value2());
            });
            var reached = customers.reachable(ids);
            var names = customers.names(reached);
            for (var p : pairs) {
                if (examples.size() == 10) {
                    break;
                }
                if (reached.contains(p.value1()) && reached.contains(p.value2())) {
                    var reasons = DuplicateStore.reasons(p.value3());
                    examples.add(new Example(
                            names.get(p.value1()),
                            names.get(p.value2()),
                            now.score(reasons),
                            proposed.score(reasons),
                            Duplicates.codes(reasons)));
                }
            }
        }
        return new Preview(kept, before, after, gained, lost, examples);
    }

    /**
     * Saves the rules, scores every pair kept again, and regroups the clusters, in one transaction.
     *
     * @throws StaleVersionException when someone saved rules since {@code version} was read
     */
    @Transactional
    Current save(MatchRules rules, int version, UUID by) {
        var now = OffsetDateTime.now(clock);
        var stored = db.selectFrom(DUPLICATE_RULES)
                .where(DUPLICATE_RULES.ID.eq(1))
                .forUpdate()
                .fetchOptional();
        int current = stored.map(r -> r.getVersion()).orElse(0);
        if (current != version) {
            throw new StaleVersionException("Matching rules", current);
        }
        if (stored.isEmpty()) {
            db.insertInto(DUPLICATE_RULES)
                    .set(DUPLICATE_RULES.ID, 1)
                    .set(DUPLICATE_RULES.THRESHOLD, rules.threshold())
                    .set(DUPLICATE_RULES.WEIGHTS, rules.stored())
                    .set(DUPLICATE_RULES.VERSION, 1)
                    .set(DUPLICATE_RULES.UPDATED_AT, now)
                    .set(DUPLICATE_RULES.UPDATED_BY, by)
                    .execute();
        } else {
            db.update(DUPLICATE_RULES)
                    .set(DUPLICATE_RULES.THRESHOLD, rules.threshold())
                    .set(DUPLICATE_RULES.WEIGHTS, rules.stored())
                    .set(DUPLICATE_RULES.VERSION, current + 1)
                    .set(DUPLICATE_RULES.UPDATED_AT, now)
                    .set(DUPLICATE_RULES.UPDATED_BY, by)
                    .where(DUPLICATE_RULES.ID.eq(1))
                    .execute();
        }
        cached = rules;
        cachedAt = Instant.now();
        // Every pair kept scored again: pairs with the same reasons have the same score.
        for (var reasons :
                db.selectDistinct(DUPLICATE_PAIR.REASONS).from(DUPLICATE_PAIR).fetch(DUPLICATE_PAIR.REASONS)) {
            db.update(DUPLICATE_PAIR)
                    .set(DUPLICATE_PAIR.SCORE, rules.score(DuplicateStore.reasons(reasons)))
                    .where(DUPLICATE_PAIR.REASONS.eq(reasons))
                    .execute();
        }
        return new Current(rules.threshold(), rules.byCode(), current + 1, now);
    }
}
