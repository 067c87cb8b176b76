package dev.dossier.quality;

import java.util.EnumMap;
import java.util.Map;

/**
 * How duplicates are scored: which reasons count, with what weight, and the score from which a pair is a possible
 * duplicate.
 */
record MatchRules(Map<Reason, Double> weights, double threshold) {

    /**
     * Below this score a pair is not kept at all (namesake companies in two cities score 0.27): the pairs kept are
     * those a change of rules is tried on.
     */
    static final double FLOOR = 0.3;

    MatchRules {
        var copy = new EnumMap<Reason, Double>(Reason.class);
        for (var reason : Reason.values()) {
            copy.put(reason, weights.getOrDefault(reason, reason.defaultWeight()));
        }
        weights = java.util.Collections.unmodifiableMap(copy);
    }

    /** The lowest threshold an administrator may set: below it, a phone shared by relatives would be a match. */
    static final double MIN_THRESHOLD = 0.5;

    /** Problems of rules as typed (field, message key); empty when they may be saved. */
    static java.util.List<dev.dossier.shared.FieldProblem> problems(Double threshold, Map<String, Double> weights) {
        var problems = new java.util.ArrayList<dev.dossier.shared.FieldProblem>();
        if (threshold == null || threshold.isNaN() || threshold < MIN_THRESHOLD || threshold > 1) {
            problems.add(new dev.dossier.shared.FieldProblem("threshold", "duplicates.rules.threshold.invalid"));
        }
        if (weights != null) {
            weights.forEach((code, weight) -> {
                boolean known = java.util.Arrays.stream(Reason.values())
                        .anyMatch(r -> r.name().equals(code));
                if (!known) {
                    problems.add(
                            new dev.dossier.shared.FieldProblem("weights." + code, "duplicates.rules.reason.unknown"));
                } else if (weight == null || weight.isNaN() || weight < 0 || weight > 1) {
                    problems.add(
                            new dev.dossier.shared.FieldProblem("weights." + code, "duplicates.rules.weight.invalid"));
                }
            });
        }
        return problems;
    }

    /** Rules from checked values: a reason left out keeps its default weight. */
    static MatchRules of(double threshold, Map<String, Double> weights) {
        var map = new EnumMap<Reason, Double>(Reason.class);
        if (weights != null) {
            weights.forEach((code, weight) -> map.put(Reason.valueOf(code), weight));
        }
        return new MatchRules(map, threshold);
    }

    /** The weights as stored: {@code REASON=weight} pairs separated by commas. */
    String stored() {
        var out = new StringBuilder();
        weights.forEach((reason, weight) -> {
            if (!out.isEmpty()) {
                out.append(',');
            }
            out.append(reason.name()).append('=').append(weight);
        });
        return out.toString();
    }

    /** Rules as stored; a reason unknown to this release is passed over, a missing one takes its default. */
    static MatchRules stored(double threshold, String weights) {
        var map = new EnumMap<Reason, Double>(Reason.class);
        for (var pair : weights.split(",")) {
            var parts = pair.split("=", 2);
            if (parts.length == 2) {
                try {
                    map.put(Reason.valueOf(parts[0]), Double.parseDouble(parts[1]));
                } catch (IllegalArgumentException e) {
                    // A reason of another release.
                }
            }
        }
        return new MatchRules(map, threshold);
    }

    /** The weights by reason code, for pages and the API. */
    Map<String, Double> byCode() {
        var map = new java.util.LinkedHashMap<String, Double>();
        weights.forEach((reason, weight) -> map.put(reason.name(), weight));
        return map;
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
