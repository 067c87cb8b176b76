package dev.dossier.customers;

import dev.dossier.identity.UserDirectory;
import dev.dossier.shared.Slice;
import dev.dossier.shared.timeline.TimelineAction;
import dev.dossier.shared.timeline.TimelineCursor;
import dev.dossier.shared.timeline.TimelineItem;
import dev.dossier.shared.timeline.TimelineQuery;
import dev.dossier.shared.timeline.TimelineSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A customer's timeline: every module's items about the customer in one list, newest first. Each source gives one
 * keyset page of its own; the pages are merged, so a page costs one indexed query per source however long the story.
 */
@Service
class CustomerTimeline {

    private static final Comparator<TimelineItem> NEWEST_FIRST = Comparator.comparing(TimelineItem::at)
            .thenComparing(TimelineItem::id)
            .reversed();

    private final List<TimelineSource> sources;
    private final CustomerDirectory directory;
    private final UserDirectory users;

    CustomerTimeline(List<TimelineSource> sources, CustomerDirectory directory, UserDirectory users) {
        this.sources = sources;
        this.directory = directory;
        this.users = users;
    }

    /** The kinds the sources give, in a stable order. */
    List<String> kinds() {
        return sources.stream().map(TimelineSource::kind).sorted().toList();
    }

    /** The buttons the sources offer on this customer's timeline to the current user. */
    List<TimelineAction> actions(UUID customerId) {
        return sources.stream()
                .sorted(Comparator.comparing(TimelineSource::kind))
                .flatMap(s -> s.action(customerId).stream())
                .toList();
    }

    /**
     * One page of the customer's timeline; 404 when the current user does not reach the customer.
     *
     * @param kinds the kinds to show; empty for all
     */
    @Transactional(readOnly = true)
    Slice<TimelineItem> page(UUID customerId, Set<String> kinds, TimelineQuery query) {
        directory.requireReach(customerId);
        var ask = new TimelineQuery(query.before(), query.limit() + 1, query.authorId(), query.from(), query.to());
        var merged = new ArrayList<TimelineItem>();
        for (var source : sources) {
            if (kinds.isEmpty() || kinds.contains(source.kind())) {
                for (var item : source.page(customerId, ask)) {
                    if (query.before() == null || query.before().isBefore(item.at(), item.id())) {
                        merged.add(item);
                    }
                }
            }
        }
        merged.sort(NEWEST_FIRST);
        if (merged.size() <= query.limit()) {
            return new Slice<>(List.copyOf(merged), null);
        }
        var page = List.copyOf(merged.subList(0, query.limit()));
        return new Slice<>(page, page.getLast().cursor().encode());
    }

    /** Display names of the authors of some items. */
    Map<UUID, String> authors(List<TimelineItem> items) {
        var ids = items.stream()
                .map(TimelineItem::authorId)
                .filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.toSet());
        var names = new java.util.HashMap<UUID, String>();
        users.users(ids).forEach((id, user) -> names.put(id, user.displayName()));
        return names;
    }

    /** What the timeline fragment shows: one page with its authors, and the filters to continue with. */
    Map<String, Object> model(UUID customerId, TimelineFilter filter, java.time.ZoneId zone, int limit) {
        var page = page(customerId, filter.kind(), filter.query(zone, limit));
        var model = new java.util.HashMap<String, Object>();
        model.put("customerId", customerId);
        model.put("items", page.items());
        model.put("authors", authors(page.items()));
        model.put("nextCursor", page.nextCursor());
        model.put("filter", filter);
        return model;
    }

    static TimelineCursor cursor(String token) {
        return token == null || token.isBlank() ? null : TimelineCursor.decode(token);
    }
}
