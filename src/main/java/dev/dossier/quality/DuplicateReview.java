package dev.dossier.quality;

import static dev.dossier.db.Tables.DUPLICATE_CLUSTER;
import static dev.dossier.db.Tables.DUPLICATE_MEMBER;
import static dev.dossier.db.Tables.DUPLICATE_PAIR;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.customers.CustomerProfiles;
import dev.dossier.db.InLists;
import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.UserDirectory;
import dev.dossier.quality.DuplicateStore.Pair;
import dev.dossier.quality.DuplicateStore.Scored;
import dev.dossier.shared.Cursor;
import dev.dossier.shared.NotFoundException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The review queue: clusters of possible duplicates, best first, each showing only the customers its reader reaches
 * (a cluster with fewer than two of them is not shown at all, so nobody learns of a customer they cannot see); and
 * the mark "not a duplicate", remembered for good.
 */
@Service
class DuplicateReview {

    /** A customer in a cluster, as the reader sees it. */
    record Member(UUID customerId, String name, UUID ownerId, String ownerName) {}

    /** A pair of a cluster: its score, why, and whether it was marked "not a duplicate". */
    record PairView(UUID firstId, UUID secondId, double score, List<String> reasons, OffsetDateTime dismissedAt) {}

    /** A cluster: its best score, its members, the reasons of its best pair. */
    record ClusterView(UUID id, double score, List<Member> members, List<String> reasons, OffsetDateTime foundAt) {}

    /** A cluster with all its pairs. */
    record ClusterDetail(ClusterView cluster, List<PairView> pairs) {}

    /** A page of the queue. */
    record Slice(List<ClusterView> items, String nextCursor) {}

    private final DSLContext db;
    private final CustomerDirectory customers;
    private final CustomerProfiles profiles;
    private final UserDirectory users;
    private final DuplicateStore store;
    private final Duplicates duplicates;
    private final Clock clock;

    DuplicateReview(
            DSLContext db,
            CustomerDirectory customers,
            CustomerProfiles profiles,
            UserDirectory users,
            DuplicateStore store,
            Duplicates duplicates,
            Clock clock) {
        this.db = db;
        this.customers = customers;
        this.profiles = profiles;
        this.users = users;
        this.store = store;
        this.duplicates = duplicates;
        this.clock = clock;
    }

    /** Clusters best first, of the owner's or the team's customers when given, after the cursor. */
    @Transactional(readOnly = true)
    Slice list(UUID ownerId, UUID teamId, String cursor, int limit) {
        int size = Math.clamp(limit, 1, 100);
        Condition condition = DSL.noCondition();
        if (ownerId != null) {
            condition = condition.and(DUPLICATE_CLUSTER.ID.in(DSL.select(DUPLICATE_MEMBER.CLUSTER_ID)
                    .from(DUPLICATE_MEMBER)
                    .where(DUPLICATE_MEMBER.OWNER_ID.eq(ownerId))));
        }
        if (teamId != null) {
            condition = condition.and(DUPLICATE_CLUSTER.ID.in(DSL.select(DUPLICATE_MEMBER.CLUSTER_ID)
                    .from(DUPLICATE_MEMBER)
                    .where(DUPLICATE_MEMBER.TEAM_ID.eq(teamId))));
        }
        Condition after = DSL.noCondition();
        if (cursor != null && !cursor.isBlank()) {
            var parts = Cursor.decode(cursor, 2);
            double score;
            UUID id;
            try {
                score = Double.parseDouble(parts.get(0));
                id = UUID.fromString(parts.get(1));
            } catch (IllegalArgumentException e) {
                throw new dev.dossier.shared.InvalidValueException("cursor.invalid", "Not a cursor of this list");
            }
            after = DUPLICATE_CLUSTER
                    .SCORE
                    .lt(score)
                    .or(DUPLICATE_CLUSTER.SCORE.eq(score).and(DUPLICATE_CLUSTER.ID.gt(id)));
        }
        var items = new ArrayList<ClusterView>();
        String next = null;
        // Clusters the reader sees fewer than two members of are skipped: read on until the page is full.
        Condition position = after;
        for (int round = 0; round < 5 && items.size() < size; round++) {
            var rows = db.select(DUPLICATE_CLUSTER.ID, DUPLICATE_CLUSTER.SCORE, DUPLICATE_CLUSTER.FOUND_AT)
                    .from(DUPLICATE_CLUSTER)
                    .where(condition)
                    .and(position)
                    .orderBy(DUPLICATE_CLUSTER.SCORE.desc(), DUPLICATE_CLUSTER.ID)
                    .limit(size + 1)
                    .fetch();
            var views = views(rows.stream().map(r -> r.value1()).toList());
            for (int i = 0; i < rows.size() && items.size() < size; i++) {
                var view = views.get(rows.get(i).value1());
                if (view != null) {
                    items.add(view);
                }
                var r = rows.get(i);
                position = DUPLICATE_CLUSTER
                        .SCORE
                        .lt(r.value2())
                        .or(DUPLICATE_CLUSTER.SCORE.eq(r.value2()).and(DUPLICATE_CLUSTER.ID.gt(r.value1())));
                next = items.size() == size && i < rows.size() - 1
                        ? Cursor.encode(
                                List.of(Double.toString(r.value2()), r.value1().toString()))
                        : null;
            }
            if (rows.size() <= size) {
                break;
            }
        }
        return new Slice(items, next);
    }

    /** A cluster with its pairs, if the reader sees two of its members or more. */
    @Transactional(readOnly = true)
    Optional<ClusterDetail> cluster(UUID id) {
        var view = views(List.of(id)).get(id);
        if (view == null) {
            return Optional.empty();
        }
        var ids = view.members().stream().map(Member::customerId).toList();
        var pairs = store.pairsAmong(ids).stream()
                .map(r -> new PairView(
                        r.get(DUPLICATE_PAIR.FIRST_ID),
                        r.get(DUPLICATE_PAIR.SECOND_ID),
                        r.get(DUPLICATE_PAIR.SCORE),
                        Duplicates.codes(DuplicateStore.reasons(r.get(DUPLICATE_PAIR.REASONS))),
                        r.get(DUPLICATE_PAIR.DISMISSED_AT)))
                .toList();
        return Optional.of(new ClusterDetail(view, pairs));
    }

    /**
     * Marks every pair among these customers "not a duplicate", for good, and regroups their clusters. Each must
     * be reached by the reader (else not found, whether it exists or not).
     *
     * @return how many pairs were marked now
     */
    @Transactional
    int dismiss(Collection<UUID> customerIds) {
        var ids = new LinkedHashSet<>(customerIds);
        if (ids.size() < 2) {
            throw new dev.dossier.shared.InvalidValueException("duplicates.two-needed", "Name two customers or more");
        }
        if (ids.size() > 50) {
            throw new dev.dossier.shared.InvalidValueException("duplicates.too-many", "Name at most 50 customers");
        }
        if (customers.reachable(ids).size() < ids.size()) {
            throw new NotFoundException("Customer");
        }
        var list = new ArrayList<>(ids);
        var pairs = new ArrayList<Pair>();
        for (int i = 0; i < list.size(); i++) {
            for (int j = i + 1; j < list.size(); j++) {
                pairs.add(Pair.of(list.get(i), list.get(j)));
            }
        }
        var current = profiles.of(ids);
        if (current.size() < ids.size()) {
            throw new NotFoundException("Customer");
        }
        var scoredById = new HashMap<Pair, Scored>();
        duplicates.scorePairs(pairs, current, List.of()).forEach(s -> scoredById.put(s.pair(), s));
        var marks = pairs.stream()
                .map(p -> scoredById.getOrDefault(p, new Scored(p, 0, java.util.EnumSet.noneOf(Reason.class))))
                .toList();
        int marked = store.dismiss(marks, CurrentUser.actor().userId(), OffsetDateTime.now(clock));
        duplicates.recluster(ids);
        return marked;
    }

    /** Views of clusters as the reader sees them; a cluster with fewer than two members reached is left out. */
    private Map<UUID, ClusterView> views(List<UUID> clusterIds) {
        if (clusterIds.isEmpty()) {
            return Map.of();
        }
        var clusters = new HashMap<UUID, org.jooq.Record3<UUID, Double, OffsetDateTime>>();
        db.select(DUPLICATE_CLUSTER.ID, DUPLICATE_CLUSTER.SCORE, DUPLICATE_CLUSTER.FOUND_AT)
                .from(DUPLICATE_CLUSTER)
                .where(InLists.in(db, DUPLICATE_CLUSTER.ID, clusterIds))
                .forEach(r -> clusters.put(r.value1(), r));
        var membersOf = new HashMap<UUID, List<UUID>>();
        var owners = new HashMap<UUID, UUID>();
        db.select(DUPLICATE_MEMBER.CLUSTER_ID, DUPLICATE_MEMBER.CUSTOMER_ID, DUPLICATE_MEMBER.OWNER_ID)
                .from(DUPLICATE_MEMBER)
                .where(InLists.in(db, DUPLICATE_MEMBER.CLUSTER_ID, clusterIds))
                .orderBy(DUPLICATE_MEMBER.CUSTOMER_ID)
                .forEach(r -> {
                    membersOf
                            .computeIfAbsent(r.value1(), k -> new ArrayList<>())
                            .add(r.value2());
                    if (r.value3() != null) {
                        owners.put(r.value2(), r.value3());
                    }
                });
        var all = new HashSet<UUID>();
        membersOf.values().forEach(all::addAll);
        Set<UUID> reached = customers.reachable(all);
        var names = customers.names(reached);
        var ownerNames = new HashMap<UUID, String>();
        users.users(new HashSet<>(owners.values())).forEach((id, u) -> ownerNames.put(id, u.displayName()));
        var openPairs = store.openPairsOf(reached, 0);
        var views = new HashMap<UUID, ClusterView>();
        for (var id : clusterIds) {
            var cluster = clusters.get(id);
            var members = membersOf.getOrDefault(id, List.of()).stream()
                    .filter(reached::contains)
                    .toList();
            if (cluster == null || members.size() < 2) {
                continue;
            }
            var open = openPairs.stream()
                    .filter(s -> members.contains(s.pair().first())
                            && members.contains(s.pair().second()))
                    .toList();
            double best = open.stream().mapToDouble(Scored::score).max().orElse(0);
            var reasons = open.stream()
                    .filter(s -> s.score() == best)
                    .findFirst()
                    .map(s -> Duplicates.codes(s.reasons()))
                    .orElse(List.of());
            views.put(
                    id,
                    new ClusterView(
                            id,
                            // The score of what the reader sees, which may be less than the whole cluster's.
                            best == 0 ? cluster.value2() : best,
                            members.stream()
                                    .map(m -> new Member(m, names.get(m), owners.get(m), ownerNames.get(owners.get(m))))
                                    .toList(),
                            reasons,
                            cluster.value3()));
        }
        return views;
    }
}
