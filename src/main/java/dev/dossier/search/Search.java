package dev.dossier.search;

import dev.dossier.shared.search.SearchSource;
import dev.dossier.shared.search.SearchView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.lucene.search.Query;
import org.springframework.stereotype.Service;

/**
 * The one search: for each kind of record, the best matches the reader may see, with the matching words marked in
 * what they see. Candidates come from the index (or from a source's own search), best first; each page of them goes
 * to its module, which keeps only the records the reader may see and gives them as the reader sees them; a record
 * whose match lies only in what the reader may not see is dropped too. Nothing the reader may not see is shown,
 * counted or marked: counts are of records shown or checked.
 */
@Service
class Search {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Search.class);

    /** The order of the groups. */
    static final List<String> KINDS =
            List.of("customer", "contact", "interaction", "note", "case", "problem", "product");

    private static final int MAX_CHECKED = 600;
    private static final int MAX_OFFSET = 500;

    /**
     * A range of marked characters.
     *
     * @param start its first character
     * @param end after its last character
     */
    record Mark(int start, int end) {}

    /**
     * A text and its marked ranges.
     *
     * @param text the text
     * @param marks the ranges that matched, in order
     */
    record Marked(String text, List<Mark> marks) {

        /** The text in pieces, each marked or not, for a page. */
        public List<Piece> pieces() {
            var pieces = new ArrayList<Piece>();
            int at = 0;
            for (var mark : marks) {
                if (mark.start() > at) {
                    pieces.add(new Piece(text.substring(at, mark.start()), false));
                }
                pieces.add(new Piece(text.substring(mark.start(), mark.end()), true));
                at = mark.end();
            }
            if (at < text.length()) {
                pieces.add(new Piece(text.substring(at), false));
            }
            return pieces;
        }
    }

    /**
     * A piece of a marked text.
     *
     * @param text its characters
     * @param marked whether they matched
     */
    record Piece(String text, boolean marked) {}

    /**
     * A record found.
     *
     * @param kind its kind
     * @param id its id
     * @param title its title, marked
     * @param snippet the part of its text around the first match, marked
     * @param context where it belongs, or null
     * @param link its page
     * @param at when it happened or changed, or null
     */
    record Hit(String kind, UUID id, Marked title, Marked snippet, String context, String link, OffsetDateTime at) {}

    /**
     * The records found of one kind.
     *
     * @param kind the kind
     * @param hits the page of records
     * @param offset where the page starts
     * @param more whether more may follow
     */
    record Group(String kind, List<Hit> hits, int offset, boolean more) {}

    /**
     * What a search found.
     *
     * @param query the query as searched
     * @param groups a group per kind with something found, in the order of {@link #KINDS}
     * @param complete false while the index is being built, when records may be missing
     */
    record Results(String query, List<Group> groups, boolean complete) {}

    private final List<SearchSource> sources;
    private final SearchFollower follower;
    private final SearchFeed feed;

    Search(List<SearchSource> sources, SearchFollower follower, SearchFeed feed) {
        this.feed = feed;
        this.sources = sources.stream()
                .sorted(java.util.Comparator.comparingInt(
                        s -> KINDS.indexOf(s.kind()) < 0 ? KINDS.size() : KINDS.indexOf(s.kind())))
                .toList();
        this.follower = follower;
    }

    /**
     * Searches every kind, or one.
     *
     * @param typed what was typed
     * @param kind one kind, or null for all
     * @param size how many records a group shows
     * @param offset how many of the kind's records to pass over (one kind only)
     */
    Results search(String typed, String kind, int size, int offset) {
        var query = SearchQuery.of(typed);
        if (query.isEmpty()) {
            return new Results(typed == null ? "" : typed.strip(), List.of(), true);
        }
        int from = kind == null ? 0 : Math.clamp(offset, 0, MAX_OFFSET);
        var index = follower.index();
        try {
            long prepareStarted = System.nanoTime();
            var prepared = new ArrayList<Query>();
            for (var tier : query.get().tiers()) {
                prepared.add(index.prepare(tier));
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("prepare in {} µs", (System.nanoTime() - prepareStarted) / 1000);
            }
            // Who may find what, a kind at a time; a kind the reader sees none of is not searched.
            var reaches = new LinkedHashMap<String, Set<String>>();
            for (var source : sources) {
                if ((kind == null || kind.equals(source.kind())) && !source.ownSearch()) {
                    var reach = source.reach();
                    if (reach.isEmpty() || !reach.get().isEmpty()) {
                        reaches.put(source.kind(), reach.orElse(null));
                    }
                }
            }
            var groups = new ArrayList<Group>();
            for (var source : sources) {
                if (kind != null && !kind.equals(source.kind())) {
                    continue;
                }
                long started = System.nanoTime();
                var group = source.ownSearch()
                        ? ownGroup(source, query.get(), size, from)
                        : reaches.containsKey(source.kind())
                                ? group(source, query.get(), prepared, reaches.get(source.kind()), size, from)
                                : new Group(source.kind(), List.of(), from, false);
                if (LOG.isDebugEnabled()) {
                    LOG.debug("{} in {} µs", source.kind(), (System.nanoTime() - started) / 1000);
                }
                if (!group.hits().isEmpty()) {
                    groups.add(group);
                }
            }
            return new Results(query.get().text(), groups, follower.ready());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A source that searches itself (the customers' quick search): its matches as the reader sees them. */
    private Group ownGroup(SearchSource source, SearchQuery query, int size, int offset) {
        var shown = new ArrayList<Hit>();
        var ids = source.matches(query.text(), offset + size + 1).orElse(List.of());
        var views = source.visible(ids);
        for (var id : ids) {
            var view = views.get(id);
            if (view != null) {
                shown.add(hit(
                        source.kind(),
                        view,
                        query.mark(view.title(), view.text(), view.keywords())
                                .orElse(new SearchQuery.Marked(List.of(), List.of()))));
            }
        }
        return page(source.kind(), shown, offset, size);
    }

    /**
     * The records of one kind the reader may see, from the index's candidates, best first: further pages (twice as
     * many each time) when too few of a page are visible.
     */
    private Group group(
            SearchSource source, SearchQuery query, List<Query> tiers, Set<String> reach, int size, int offset)
            throws IOException {
        int wanted = offset + size + 1;
        var shown = new ArrayList<Hit>();
        var seen = new HashSet<UUID>();
        var index = follower.index();
        int checked = 0;
        for (var tier : tiers) {
            int batch = Math.max(20, wanted * 2);
            var page = index.search(source.kind(), tier, reach, batch, null);
            while (!page.found().isEmpty()) {
                var ids = page.found().stream()
                        .map(SearchIndex.Found::id)
                        .filter(seen::add)
                        .toList();
                checked += ids.size();
                Map<UUID, SearchView> views = ids.isEmpty() ? Map.of() : source.visible(ids);
                for (var id : ids) {
                    var view = views.get(id);
                    if (view == null) {
                        continue;
                    }
                    query.mark(view.title(), view.text(), view.keywords())
                            .ifPresent(marked -> shown.add(hit(source.kind(), view, marked)));
                    if (shown.size() >= wanted) {
                        return page(source.kind(), shown, offset, size);
                    }
                }
                if (checked >= MAX_CHECKED || page.last() == null) {
                    break;
                }
                batch = Math.min(200, batch * 2);
                page = index.search(source.kind(), tier, reach, batch, page.last());
            }
            if (checked >= MAX_CHECKED) {
                break;
            }
        }
        return page(source.kind(), shown, offset, size);
    }

    private static Group page(String kind, List<Hit> shown, int offset, int size) {
        if (offset >= shown.size()) {
            return new Group(kind, List.of(), offset, false);
        }
        var end = Math.min(shown.size(), offset + size);
        return new Group(kind, List.copyOf(shown.subList(offset, end)), offset, shown.size() > end);
    }

    private static Hit hit(String kind, SearchView view, SearchQuery.Marked marked) {
        var title = view.title() == null ? "" : view.title();
        var text = view.text() == null ? "" : view.text();
        return new Hit(
                kind,
                view.id(),
                new Marked(title, marks(marked.title(), 0, title.length())),
                snippet(text, marked.text()),
                view.context(),
                view.link(),
                view.at());
    }

    private static final int SNIPPET = 160;

    /** Up to 160 characters of the text, from a little before its first match, with the marks inside. */
    static Marked snippet(String text, List<int[]> ranges) {
        // Line breaks become spaces one for one, so that the marks stay where they were found.
        var flat = text.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
        int start = 0;
        if (!ranges.isEmpty() && ranges.getFirst()[0] > SNIPPET / 3) {
            start = ranges.getFirst()[0] - SNIPPET / 4;
            if (Character.isLowSurrogate(flat.charAt(start))) {
                start--;
            }
        }
        int end = Math.min(flat.length(), start + SNIPPET);
        if (end < flat.length() && Character.isHighSurrogate(flat.charAt(end - 1))) {
            end--;
        }
        var prefix = start > 0 ? "…" : "";
        var suffix = end < flat.length() ? "…" : "";
        var piece = prefix + flat.substring(start, end) + suffix;
        var marks = new ArrayList<Mark>();
        for (var r : ranges) {
            int s = Math.max(r[0], start);
            int e = Math.min(r[1], end);
            if (s < e) {
                marks.add(new Mark(s - start + prefix.length(), e - start + prefix.length()));
            }
        }
        return new Marked(piece, marks);
    }

    private static List<Mark> marks(List<int[]> ranges, int from, int to) {
        return ranges.stream()
                .filter(r -> r[0] >= from && r[1] <= to)
                .map(r -> new Mark(r[0], r[1]))
                .toList();
    }

    /** Asks every instance to rebuild its index; the generation asked for. */
    int rebuild() {
        return feed.rebuildEverywhere();
    }
}
