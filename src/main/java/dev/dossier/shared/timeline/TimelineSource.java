package dev.dossier.shared.timeline;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A module whose records belong on a customer's timeline takes part through this interface: it returns one page of
 * its own items, newest first, and says which action it offers there ("Log interaction", "Write note"). Implementations
 * are Spring beans; the dossier page finds them all and merges their pages, so a new module joins by implementing it.
 * The caller has already checked that the current user reaches the customer; each source checks its own area.
 */
public interface TimelineSource {

    /** The kind of item this source gives, e.g. {@code interaction}; also the filter value on the timeline. */
    String kind();

    /**
     * At most {@code query.limit()} items about the customer that come strictly before {@code query.before()} in
     * timeline order (newest first, then by id descending), matching the query's filters. Empty when the current
     * user may not read this kind.
     */
    List<TimelineItem> page(UUID customerId, TimelineQuery query);

    /** The button this source offers on a customer's timeline, if the current user may use it. */
    default Optional<TimelineAction> action(UUID customerId) {
        return Optional.empty();
    }
}
