package dev.dossier.quality;

import static dev.dossier.db.Tables.DUPLICATE_CLUSTER;
import static dev.dossier.db.Tables.DUPLICATE_KEY;
import static dev.dossier.db.Tables.DUPLICATE_MEMBER;
import static dev.dossier.db.Tables.DUPLICATE_PAIR;

import dev.dossier.db.Batches;
import dev.dossier.db.InLists;
import dev.dossier.db.tables.records.DuplicateClusterRecord;
import dev.dossier.db.tables.records.DuplicateKeyRecord;
import dev.dossier.db.tables.records.DuplicateMemberRecord;
import dev.dossier.shared.DuplicateCheck.Profile;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** The module's tables: blocking keys, scored pairs, and the clusters the pairs make. */
@Repository
class DuplicateStore {

    /** More customers than this under one key are not compared: such a key says nothing about any two of them. */
    static final int MAX_BLOCK = 200;

    private final DSLContext db;

    DuplicateStore(DSLContext db) {
        this.db = db;
    }

    /** A pair of customers, the first the smaller as text, so that each pair has one key. */
    record Pair(UUID first, UUID second) {
        static Pair of(UUID a, UUID b) {
            return a.toString().compareTo(b.toString()) < 0 ? new Pair(a, b) : new Pair(b, a);
        }
    }

    /** A scored pair. */
    record Scored(Pair pair, double score, Set<Reason> reasons) {}

    // ------------------------------------------------------------------ keys

    /** Replaces the keys of these customers (none for a customer given no profile: in the trash or gone). */
    void replaceKeys(Collection<UUID> customerIds, Collection<Profile> profiles) {
        if (customerIds.isEmpty()) {
            return;
        }
        db.deleteFrom(DUPLICATE_KEY)
                .where(InLists.in(db, DUPLICATE_KEY.CUSTOMER_ID, customerIds))
                .execute();
        var rows = new ArrayList<DuplicateKeyRecord>();
        for (var profile : profiles) {
            for (var key : BlockingKeys.of(profile)) {
                rows.add(new DuplicateKeyRecord(key, profile.id()));
            }
        }
        Batches.insert(db, rows);
    }

    /** Removes the keys of customers in a range of ids that are not among those given (left the list since). */
    void dropKeysBetween(UUID after, UUID last, Collection<UUID> kept) {
        var condition = (after == null ? DSL.noCondition() : DUPLICATE_KEY.CUSTOMER_ID.gt(after))
                .and(last == null ? DSL.noCondition() : DUPLICATE_KEY.CUSTOMER_ID.le(last));
        if (!kept.isEmpty()) {
            condition = condition.and(DSL.not(InLists.in(db, DUPLICATE_KEY.CUSTOMER_ID, kept)));
        }
        db.deleteFrom(DUPLICATE_KEY).where(condition).execute();
    }

    /** Customers under any of these keys, at most {@code limit}. */
    Set<UUID> customersWithKeys(Collection<Long> keys, int limit) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        // Neither DISTINCT nor one statement for all keys: PostgreSQL's generic plan for those read the whole table.
        var found = new HashSet<UUID>();
        for (var key : keys) {
            found.addAll(db.select(DUPLICATE_KEY.CUSTOMER_ID)
                    .from(DUPLICATE_KEY)
                    .where(DUPLICATE_KEY.MATCH_KEY.eq(key))
                    .limit(DSL.inline(limit))
                    .fetch(DUPLICATE_KEY.CUSTOMER_ID));
        }
        return found;
    }

    /** The customers under each of these keys. */
    Map<Long, List<UUID>> customersByKey(Collection<Long> keys) {
        var byKey = new HashMap<Long, List<UUID>>();
        var list = new ArrayList<>(keys);
        for (int from = 0; from < list.size(); from += 1_000) {
            db.select(DUPLICATE_KEY.MATCH_KEY, DUPLICATE_KEY.CUSTOMER_ID)
                    .from(DUPLICATE_KEY)
                    .where(InLists.in(
                            db, DUPLICATE_KEY.MATCH_KEY, list.subList(from, Math.min(list.size(), from + 1_000))))
                    .forEach(r -> byKey.computeIfAbsent(r.value1(), k -> new ArrayList<>())
                            .add(r.value2()));
        }
        return byKey;
    }

    /** Keys with their customers after {@code after} (null: from the first), in key order, at most {@code limit}. */
    List<org.jooq.Record2<Long, UUID>> keysAfter(Long after, int limit) {
        return db.select(DUPLICATE_KEY.MATCH_KEY, DUPLICATE_KEY.CUSTOMER_ID)
                .from(DUPLICATE_KEY)
                .where(after == null ? DSL.noCondition() : DUPLICATE_KEY.MATCH_KEY.gt(after))
                .orderBy(DUPLICATE_KEY.MATCH_KEY, DUPLICATE_KEY.CUSTOMER_ID)
                .limit(limit)
                .fetch();
    }

    // ------------------------------------------------------------------ pairs

    /** Writes scored pairs, keeping a pair's mark "not a duplicate". */
    void savePairs(Collection<Scored> pairs, UUID scanId, OffsetDateTime now) {
        var queries = new ArrayList<org.jooq.Query>();
        for (var scored : pairs) {
            var reasons = reasons(scored.reasons());
            queries.add(db.insertInto(DUPLICATE_PAIR)
                    .set(DUPLICATE_PAIR.FIRST_ID, scored.pair().first())
                    .set(DUPLICATE_PAIR.SECOND_ID, scored.pair().second())
                    .set(DUPLICATE_PAIR.SCORE, scored.score())
                    .set(DUPLICATE_PAIR.REASONS, reasons)
                    .set(DUPLICATE_PAIR.FOUND_AT, now)
                    .set(DUPLICATE_PAIR.SCAN_ID, scanId)
                    .onConflict(DUPLICATE_PAIR.FIRST_ID, DUPLICATE_PAIR.SECOND_ID)
                    .doUpdate()
                    .set(DUPLICATE_PAIR.SCORE, scored.score())
                    .set(DUPLICATE_PAIR.REASONS, reasons)
                    .set(DUPLICATE_PAIR.FOUND_AT, now)
                    .set(DUPLICATE_PAIR.SCAN_ID, scanId));
        }
        for (int from = 0; from < queries.size(); from += 500) {
            db.batch(queries.subList(from, Math.min(queries.size(), from + 500)))
                    .execute();
        }
    }

    /** Removes the pairs of these customers that are not marked "not a duplicate". */
    void dropOpenPairsOf(Collection<UUID> customerIds) {
        if (customerIds.isEmpty()) {
            return;
        }
        db.deleteFrom(DUPLICATE_PAIR)
                .where(InLists.in(db, DUPLICATE_PAIR.FIRST_ID, customerIds)
                        .or(InLists.in(db, DUPLICATE_PAIR.SECOND_ID, customerIds)))
                .and(DUPLICATE_PAIR.DISMISSED_AT.isNull())
                .execute();
    }

    /** Removes every pair of these customers, marked or not (their data was erased). */
    void dropAllPairsOf(Collection<UUID> customerIds) {
        db.deleteFrom(DUPLICATE_PAIR)
                .where(InLists.in(db, DUPLICATE_PAIR.FIRST_ID, customerIds)
                        .or(InLists.in(db, DUPLICATE_PAIR.SECOND_ID, customerIds)))
                .execute();
    }

    /** Removes the unmarked pairs a scan did not find again and nobody found since it started. */
    int dropPairsNotFoundSince(UUID scanId, OffsetDateTime started) {
        return db.deleteFrom(DUPLICATE_PAIR)
                .where(DUPLICATE_PAIR.DISMISSED_AT.isNull())
                .and(DUPLICATE_PAIR.SCAN_ID.isNull().or(DUPLICATE_PAIR.SCAN_ID.ne(scanId)))
                .and(DUPLICATE_PAIR.FOUND_AT.lt(started))
                .execute();
    }

    /** The pairs among these customers that are marked "not a duplicate". */
    Set<Pair> dismissed(Collection<Pair> pairs) {
        if (pairs.isEmpty()) {
            return Set.of();
        }
        var ids = new HashSet<UUID>();
        pairs.forEach(p -> {
            ids.add(p.first());
            ids.add(p.second());
        });
        var marked = new HashSet<Pair>();
        db.select(DUPLICATE_PAIR.FIRST_ID, DUPLICATE_PAIR.SECOND_ID)
                .from(DUPLICATE_PAIR)
                .where(InLists.in(db, DUPLICATE_PAIR.FIRST_ID, ids))
                .and(InLists.in(db, DUPLICATE_PAIR.SECOND_ID, ids))
                .and(DUPLICATE_PAIR.DISMISSED_AT.isNotNull())
                .forEach(r -> marked.add(new Pair(r.value1(), r.value2())));
        marked.retainAll(pairs);
        return marked;
    }

    /** Marks pairs "not a duplicate"; returns how many were marked now. */
    int dismiss(Collection<Scored> pairs, UUID by, OffsetDateTime now) {
        int marked = 0;
        for (var scored : pairs) {
            var reasons = reasons(scored.reasons());
            marked += db.insertInto(DUPLICATE_PAIR)
                    .set(DUPLICATE_PAIR.FIRST_ID, scored.pair().first())
                    .set(DUPLICATE_PAIR.SECOND_ID, scored.pair().second())
                    .set(DUPLICATE_PAIR.SCORE, scored.score())
                    .set(DUPLICATE_PAIR.REASONS, reasons)
                    .set(DUPLICATE_PAIR.FOUND_AT, now)
                    .set(DUPLICATE_PAIR.DISMISSED_AT, now)
                    .set(DUPLICATE_PAIR.DISMISSED_BY, by)
                    .onConflict(DUPLICATE_PAIR.FIRST_ID, DUPLICATE_PAIR.SECOND_ID)
                    .doUpdate()
                    .set(DUPLICATE_PAIR.DISMISSED_AT, now)
                    .set(DUPLICATE_PAIR.DISMISSED_BY, by)
                    .where(DUPLICATE_PAIR.DISMISSED_AT.isNull())
                    .execute();
        }
        return marked;
    }

    /** Open pairs at or above a score that touch any of these customers. */
    List<Scored> openPairsOf(Collection<UUID> customerIds, double threshold) {
        if (customerIds.isEmpty()) {
            return List.of();
        }
        return db.select(
                        DUPLICATE_PAIR.FIRST_ID, DUPLICATE_PAIR.SECOND_ID, DUPLICATE_PAIR.SCORE, DUPLICATE_PAIR.REASONS)
                .from(DUPLICATE_PAIR)
                .where(InLists.in(db, DUPLICATE_PAIR.FIRST_ID, customerIds)
                        .or(InLists.in(db, DUPLICATE_PAIR.SECOND_ID, customerIds)))
                .and(DUPLICATE_PAIR.DISMISSED_AT.isNull())
                .and(DUPLICATE_PAIR.SCORE.ge(threshold))
                .fetch(r -> new Scored(new Pair(r.value1(), r.value2()), r.value3(), reasons(r.value4())));
    }

    /** Every open pair at or above a score, a page at a time after the pair given (null: from the first). */
    List<Scored> openPairs(double threshold, Pair after, int limit) {
        var condition = after == null
                ? DSL.noCondition()
                : DSL.row(DUPLICATE_PAIR.FIRST_ID, DUPLICATE_PAIR.SECOND_ID).gt(after.first(), after.second());
        return db.select(
                        DUPLICATE_PAIR.FIRST_ID, DUPLICATE_PAIR.SECOND_ID, DUPLICATE_PAIR.SCORE, DUPLICATE_PAIR.REASONS)
                .from(DUPLICATE_PAIR)
                .where(condition)
                .and(DUPLICATE_PAIR.DISMISSED_AT.isNull())
                .and(DUPLICATE_PAIR.SCORE.ge(threshold))
                .orderBy(DUPLICATE_PAIR.FIRST_ID, DUPLICATE_PAIR.SECOND_ID)
                .limit(limit)
                .fetch(r -> new Scored(new Pair(r.value1(), r.value2()), r.value3(), reasons(r.value4())));
    }

    /** Pairs among these customers, open or not, with when and by whom they were marked. */
    List<org.jooq.Record> pairsAmong(Collection<UUID> customerIds) {
        return db.select(DUPLICATE_PAIR.asterisk())
                .from(DUPLICATE_PAIR)
                .where(InLists.in(db, DUPLICATE_PAIR.FIRST_ID, customerIds))
                .and(InLists.in(db, DUPLICATE_PAIR.SECOND_ID, customerIds))
                .orderBy(DUPLICATE_PAIR.SCORE.desc())
                .fetch()
                .map(r -> (org.jooq.Record) r);
    }

    // ------------------------------------------------------------------ clusters

    /** A cluster to write: its members with their owner and team. */
    record NewCluster(double score, List<Profile> members) {}

    /** Removes the clusters any of these customers is in. */
    void dropClustersOf(Collection<UUID> customerIds) {
        if (customerIds.isEmpty()) {
            return;
        }
        var clusters = db.selectDistinct(DUPLICATE_MEMBER.CLUSTER_ID)
                .from(DUPLICATE_MEMBER)
                .where(InLists.in(db, DUPLICATE_MEMBER.CUSTOMER_ID, customerIds))
                .fetch(DUPLICATE_MEMBER.CLUSTER_ID);
        if (!clusters.isEmpty()) {
            db.deleteFrom(DUPLICATE_MEMBER)
                    .where(InLists.in(db, DUPLICATE_MEMBER.CLUSTER_ID, clusters))
                    .execute();
            db.deleteFrom(DUPLICATE_CLUSTER)
                    .where(InLists.in(db, DUPLICATE_CLUSTER.ID, clusters))
                    .execute();
        }
    }

    void dropAllClusters() {
        db.deleteFrom(DUPLICATE_MEMBER).execute();
        db.deleteFrom(DUPLICATE_CLUSTER).execute();
    }

    int saveClusters(Collection<NewCluster> clusters, OffsetDateTime now) {
        var rows = new ArrayList<DuplicateClusterRecord>();
        var members = new ArrayList<DuplicateMemberRecord>();
        for (var cluster : clusters) {
            var id = UUID.randomUUID();
            rows.add(new DuplicateClusterRecord(
                    id, cluster.score(), cluster.members().size(), now));
            for (var member : cluster.members()) {
                members.add(new DuplicateMemberRecord(id, member.id(), member.ownerId(), member.teamId()));
            }
        }
        Batches.insert(db, rows);
        Batches.insert(db, members);
        return rows.size();
    }

    static String reasons(Set<Reason> reasons) {
        return reasons.stream().map(Enum::name).collect(Collectors.joining(","));
    }

    static Set<Reason> reasons(String text) {
        var reasons = EnumSet.noneOf(Reason.class);
        if (text != null && !text.isBlank()) {
            for (var code : text.split(",")) {
                try {
                    reasons.add(Reason.valueOf(code));
                } catch (IllegalArgumentException e) {
                    // A reason of an older release: ignored.
                }
            }
        }
        return reasons;
    }

    static Map<UUID, Profile> byId(Collection<Profile> profiles) {
        var map = new HashMap<UUID, Profile>();
        profiles.forEach(p -> map.put(p.id(), p));
        return map;
    }
}
