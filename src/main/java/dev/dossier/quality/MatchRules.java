package dev.dossier.quality;

import java.util.EnumMap;
import java.util.Map;

/**
 * How duplicates are scored: which reasons count, with what weight, and the score from which a pair is a possible
 * duplicate.
 */
record MatchRules(Map<Reason, Double> weights, double threshold) {

    /** Below this score a pair is not kept at all, so that a change of rules can be tried on the pairs kept. */
    static final double FLOOR = 0.25;

    MatchRules {
        var copy = new EnumMap<Reason, Double>(Reason.class);
        for (var reason : Reason.values()) {
            copy.put(reason, weights.getOrDefault(reason, reason.defaultWeight()));
        }
        weights = java.util.Collections.unmodifiableMap(copy);
    }

    static MatchRules defaults() {
        return new MatchRules(Map.of(), 0.8);
    }

    /** The weight of a reason; 0 for a reason for a match, 1 for one against, turns it off. */
    double weight(Reason reason) {
        return weights.get(reason);
    }

    /** The score of a set of reasons. */
    double score(Iterable<Reason> reasons) {
        double against = 1;
        double notSame = 1;
        for (var reason : reasons) {
            if (reason.evidence()) {
                notSame *= 1 - weight(reason);
            } else {
                against *= weight(reason);
            }
        }
        return (1 - notSame) * against;
    }
}
