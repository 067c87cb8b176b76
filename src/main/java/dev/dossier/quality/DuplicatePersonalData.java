package dev.dossier.quality;

import dev.dossier.shared.PersonalData;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * What duplicate matching keeps about a customer: keyed hashes of what it is matched by, and its pairs with other
 * customers. An export names the possible duplicates by their scores and reasons only (another customer's name is
 * not this customer's data); an erasure forgets all of it, pairs marked "not a duplicate" included.
 */
@Component
class DuplicatePersonalData implements PersonalData {

    private final Duplicates duplicates;
    private final DuplicateStore store;

    DuplicatePersonalData(Duplicates duplicates, DuplicateStore store) {
        this.duplicates = duplicates;
        this.store = store;
    }

    @Override
    public String section() {
        return "duplicates";
    }

    @Override
    public List<Map<String, Object>> export(UUID customerId) {
        return store.openPairsOf(List.of(customerId), 0).stream()
                .map(s -> Map.<String, Object>of(
                        "score", Math.round(s.score() * 100) / 100.0, "reasons", Duplicates.codes(s.reasons())))
                .toList();
    }

    @Override
    public void erase(UUID customerId) {
        duplicates.forget(List.of(customerId));
    }
}
