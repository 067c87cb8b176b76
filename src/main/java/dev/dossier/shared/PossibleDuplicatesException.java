package dev.dossier.shared;

import java.util.List;
import java.util.UUID;

/**
 * A customer was not registered because customers the caller can see may be the same one; the caller confirms to
 * register it all the same.
 */
public class PossibleDuplicatesException extends RuntimeException {

    /** A customer that may be the same, as the caller sees it. */
    public record Candidate(UUID id, String name, double score, List<String> reasons, List<String> explained) {}

    private final transient List<Candidate> candidates;

    public PossibleDuplicatesException(List<Candidate> candidates) {
        super("Possible duplicates: " + candidates.size(), null, false, false);
        this.candidates = List.copyOf(candidates);
    }

    public List<Candidate> candidates() {
        return candidates;
    }
}
