package dev.dossier.quality;

import dev.dossier.customers.CustomerProfiles;
import dev.dossier.quality.DuplicateStore.NewCluster;
import dev.dossier.quality.DuplicateStore.Pair;
import dev.dossier.quality.DuplicateStore.Scored;
import dev.dossier.shared.DuplicateCheck;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Possible duplicates: asked about a customer being entered ({@link DuplicateCheck}), kept current as customers
 * change, and grouped into clusters for review. Checks no access; the controllers do.
 */
@Service
class Duplicates implements DuplicateCheck {

    /**
     * The most customers read from the blocking keys of a customer being entered: its phones and emails find it
     * through their own indexes, so this bounds only names shared by many (a brand in every city).
     */
    private static final int ENTRY_BLOCK = 50;

    /** How far a change of one customer spreads through its cluster before the cluster is cut off. */
    private static final int MAX_CLUSTER_WALK = 1_000;

    private final DuplicateStore store;
    private final CustomerProfiles profiles;
    private final DuplicateRules rules;
    private final Clock clock;

    Duplicates(DuplicateStore store, CustomerProfiles profiles, DuplicateRules rules, Clock clock) {
        this.store = store;
        this.profiles = profiles;
        this.rules = rules;
        this.clock = clock;
    }

    MatchRules rules() {
        return rules.rules();
    }

    /** Saves new rules, scores every pair kept again and regroups every cluster, in one transaction. */
    @Transactional
    DuplicateRules.Current saveRules(MatchRules proposed, int version, UUID by) {
        var saved = rules.save(proposed, version, by);
        reclusterAll();
        return saved;
    }

    /** Regroups every cluster from the open pairs at or above the threshold; answers how many there are. */
    int reclusterAll() {
        double threshold = rules().threshold();
        var edges = new ArrayList<Scored>();
        Pair after = null;
        while (true) {
            var page = store.openPairs(threshold, after, 10_000);
            edges.addAll(page);
            if (page.size() < 10_000) {
                break;
            }
            after = page.getLast().pair();
        }
        store.dropAllClusters();
        return store.saveClusters(clusters(edges), now());
    }

    @Override
    @Transactional(readOnly = true)
    public List<Candidate> candidates(Profile probe, int limit) {
        var ids = new HashSet<>(store.customersWithKeys(BlockingKeys.of(probe), ENTRY_BLOCK));
        ids.addAll(profiles.withKeys(probe.phoneKeys(), probe.emailKeys(), probe.idDocumentKey()));
        if (probe.id() != null) {
            ids.remove(probe.id());
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        var rules = rules();
        var others = profiles.of(ids);
        var dismissed = probe.id() == null
                ? Set.<Pair>of()
                : store.dismissed(
                        others.stream().map(o -> Pair.of(probe.id(), o.id())).toList());
        var found = new ArrayList<Candidate>();
        for (var other : others) {
            var reasons = DuplicateMatcher.reasons(probe, other);
            double score = rules.score(reasons);
            if (score >= rules.threshold()
                    && (probe.id() == null || !dismissed.contains(Pair.of(probe.id(), other.id())))) {
                found.add(new Candidate(other.id(), score, codes(reasons)));
            }
        }
        found.sort(Comparator.comparingDouble(Candidate::score).reversed());
        return found.size() > limit ? List.copyOf(found.subList(0, limit)) : found;
    }

    /** Reasons as codes, those for a match first. */
    static List<String> codes(Collection<Reason> reasons) {
        var codes = new ArrayList<String>();
        reasons.stream().filter(Reason::evidence).forEach(r -> codes.add(r.name()));
        reasons.stream().filter(r -> !r.evidence()).forEach(r -> codes.add(r.name()));
        return codes;
    }

    /**
     * Matches these customers again (registered, changed, trashed, restored or gone): their keys, their pairs and
     * the clusters they and their pairs are in.
     */
    @Transactional
    void refresh(Collection<UUID> customerIds) {
        if (customerIds.isEmpty()) {
            return;
        }
        var current = profiles.of(customerIds);
        store.replaceKeys(customerIds, current);
        var before = new HashSet<UUID>(customerIds);
        store.openPairsOf(customerIds, 0).forEach(s -> {
            before.add(s.pair().first());
            before.add(s.pair().second());
        });
        store.dropOpenPairsOf(customerIds);
        var scored = score(current);
        store.savePairs(scored, null, now());
        var seeds = new HashSet<>(before);
        scored.forEach(s -> {
            seeds.add(s.pair().first());
            seeds.add(s.pair().second());
        });
        recluster(seeds);
    }

    /** Forgets everything about these customers, pairs marked "not a duplicate" included (their data was erased). */
    @Transactional
    void forget(Collection<UUID> customerIds) {
        var neighbours = new HashSet<UUID>();
        store.openPairsOf(customerIds, 0).forEach(s -> {
            neighbours.add(s.pair().first());
            neighbours.add(s.pair().second());
        });
        store.replaceKeys(customerIds, List.of());
        store.dropAllPairsOf(customerIds);
        store.dropClustersOf(customerIds);
        neighbours.removeAll(customerIds);
        recluster(neighbours);
    }

    /** The pairs of these customers with every customer they share a key with, scored, at or above the floor. */
    List<Scored> score(List<Profile> current) {
        if (current.isEmpty()) {
            return List.of();
        }
        var keysOf = new HashMap<UUID, Set<Long>>();
        var allKeys = new HashSet<Long>();
        for (var profile : current) {
            var keys = BlockingKeys.of(profile);
            keysOf.put(profile.id(), keys);
            allKeys.addAll(keys);
        }
        var byKey = store.customersByKey(allKeys);
        var candidates = new LinkedHashMap<Pair, Boolean>();
        var others = new HashSet<UUID>();
        for (var profile : current) {
            for (var key : keysOf.get(profile.id())) {
                var block = byKey.getOrDefault(key, List.of());
                if (block.size() > DuplicateStore.MAX_BLOCK) {
                    continue;
                }
                for (var other : block) {
                    if (!other.equals(profile.id())) {
                        candidates.put(Pair.of(profile.id(), other), true);
                        others.add(other);
                    }
                }
            }
        }
        return scorePairs(candidates.keySet(), current, others);
    }

    /** Scores pairs whose profiles are among {@code known} or read now; keeps those at or above the floor. */
    List<Scored> scorePairs(Collection<Pair> pairs, Collection<Profile> known, Collection<UUID> more) {
        var byId = DuplicateStore.byId(known);
        var missing = new HashSet<UUID>();
        for (var id : more) {
            if (!byId.containsKey(id)) {
                missing.add(id);
            }
        }
        var list = new ArrayList<>(missing);
        for (int from = 0; from < list.size(); from += 1_000) {
            byId.putAll(DuplicateStore.byId(profiles.of(list.subList(from, Math.min(list.size(), from + 1_000)))));
        }
        var rules = rules();
        var scored = new ArrayList<Scored>();
        for (var pair : pairs) {
            var a = byId.get(pair.first());
            var b = byId.get(pair.second());
            if (a == null || b == null) {
                continue;
            }
            var reasons = DuplicateMatcher.reasons(a, b);
            double score = rules.score(reasons);
            if (score >= MatchRules.FLOOR) {
                scored.add(new Scored(pair, score, reasons));
            }
        }
        return scored;
    }

    /** Rebuilds the clusters of these customers and of everyone linked to them at or above the threshold. */
    void recluster(Collection<UUID> seeds) {
        if (seeds.isEmpty()) {
            return;
        }
        double threshold = rules().threshold();
        var visited = new HashSet<>(seeds);
        var frontier = new ArrayList<>(seeds);
        var edges = new LinkedHashMap<Pair, Scored>();
        while (!frontier.isEmpty() && visited.size() < MAX_CLUSTER_WALK) {
            var next = new ArrayList<UUID>();
            for (int from = 0; from < frontier.size(); from += 1_000) {
                for (var edge :
                        store.openPairsOf(frontier.subList(from, Math.min(frontier.size(), from + 1_000)), threshold)) {
                    edges.put(edge.pair(), edge);
                    for (var id : List.of(edge.pair().first(), edge.pair().second())) {
                        if (visited.add(id)) {
                            next.add(id);
                        }
                    }
                }
            }
            frontier = next;
        }
        store.dropClustersOf(visited);
        store.saveClusters(clusters(edges.values()), now());
    }

    /** The connected groups of customers that pairs make, with their members' owners and teams. */
    List<NewCluster> clusters(Collection<Scored> edges) {
        var parent = new HashMap<UUID, UUID>();
        for (var edge : edges) {
            union(parent, edge.pair().first(), edge.pair().second());
        }
        var members = new HashMap<UUID, List<UUID>>();
        var score = new HashMap<UUID, Double>();
        for (var id : parent.keySet()) {
            members.computeIfAbsent(find(parent, id), k -> new ArrayList<>()).add(id);
        }
        for (var edge : edges) {
            score.merge(find(parent, edge.pair().first()), edge.score(), Math::max);
        }
        var ids = new ArrayList<>(parent.keySet());
        var byId = new HashMap<UUID, Profile>();
        for (int from = 0; from < ids.size(); from += 1_000) {
            byId.putAll(DuplicateStore.byId(profiles.of(ids.subList(from, Math.min(ids.size(), from + 1_000)))));
        }
        var clusters = new ArrayList<NewCluster>();
        members.forEach((root, group) -> {
            var present = group.stream()
                    .map(byId::get)
                    .filter(java.util.Objects::nonNull)
                    .toList();
            if (present.size() >= 2) {
                clusters.add(new NewCluster(score.get(root), present));
            }
        });
        return clusters;
    }

    private static void union(Map<UUID, UUID> parent, UUID a, UUID b) {
        var rootA = find(parent, a);
        var rootB = find(parent, b);
        if (!rootA.equals(rootB)) {
            parent.put(rootA, rootB);
        }
    }

    private static UUID find(Map<UUID, UUID> parent, UUID id) {
        parent.putIfAbsent(id, id);
        var root = id;
        while (!parent.get(root).equals(root)) {
            root = parent.get(root);
        }
        var walk = id;
        while (!walk.equals(root)) {
            var next = parent.get(walk);
            parent.put(walk, root);
            walk = next;
        }
        return root;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
