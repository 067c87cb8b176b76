package dev.dossier.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dossier.shared.InvalidValueException;
import dev.dossier.shared.timeline.TimelineCursor;
import dev.dossier.shared.timeline.TimelineItem;
import dev.dossier.shared.timeline.TimelineQuery;
import dev.dossier.shared.timeline.TimelineSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Merging the modules' pages into one timeline: paging through it page by page gives every entry exactly once, in
 * order, whatever the page size and however many entries share a time; filters by kind leave the others out.
 */
class CustomerTimelineTest {

    private static final UUID CUSTOMER = UUID.randomUUID();

    /** A module's entries, answering pages the way a real source's keyset query does. */
    record ListSource(String kind, List<TimelineItem> items) implements TimelineSource {

        @Override
        public List<TimelineItem> page(UUID customerId, TimelineQuery query) {
            return items.stream()
                    .filter(i -> query.before() == null || query.before().isBefore(i.at(), i.id()))
                    .filter(i -> query.from() == null || !i.at().isBefore(query.from()))
                    .filter(i -> query.to() == null || i.at().isBefore(query.to()))
                    .sorted(Comparator.comparing(TimelineItem::at)
                            .thenComparing(TimelineItem::id)
                            .reversed())
                    .limit(query.limit())
                    .toList();
        }
    }

    private static CustomerTimeline timeline(List<TimelineSource> sources) {
        var directory = new CustomerDirectory(null, null, null, null, null, null) {
            @Override
            public String requireReach(UUID customerId) {
                return "customer";
            }
        };
        return new CustomerTimeline(sources, directory, null);
    }

    private static List<TimelineItem> items(String kind, int count, Random random) {
        var base = OffsetDateTime.of(2026, 1, 1, 9, 0, 0, 0, ZoneOffset.UTC);
        var out = new ArrayList<TimelineItem>();
        for (int i = 0; i < count; i++) {
            // Few distinct minutes, so that many entries share a time across sources.
            out.add(new TimelineItem(
                    kind,
                    UUID.randomUUID(),
                    base.plusMinutes(random.nextInt(40)),
                    null,
                    kind + " " + i,
                    null,
                    "/" + kind,
                    List.of()));
        }
        return out;
    }

    @Test
    void pagingThroughTheMergedTimelineGivesEveryEntryOnceInOrder() {
        var random = new Random(42);
        var sources = List.<TimelineSource>of(
                new ListSource("interaction", items("interaction", 83, random)),
                new ListSource("note", items("note", 41, random)),
                new ListSource("task", items("task", 0, random)));
        var expected = sources.stream()
                .flatMap(s -> ((ListSource) s).items().stream())
                .sorted(Comparator.comparing(TimelineItem::at)
                        .thenComparing(TimelineItem::id)
                        .reversed())
                .toList();
        for (int pageSize : new int[] {1, 7, 20, 124, 200}) {
            var seen = new ArrayList<TimelineItem>();
            String cursor = null;
            int pages = 0;
            do {
                var page = timeline(sources)
                        .page(
                                CUSTOMER,
                                Set.of(),
                                new TimelineQuery(
                                        cursor == null ? null : TimelineCursor.decode(cursor),
                                        pageSize,
                                        null,
                                        null,
                                        null));
                assertThat(page.items().size()).isLessThanOrEqualTo(pageSize);
                seen.addAll(page.items());
                cursor = page.nextCursor();
                pages++;
            } while (cursor != null);
            assertThat(seen).as("page size %d", pageSize).containsExactlyElementsOf(expected);
            assertThat(pages).isEqualTo(Math.max(1, (expected.size() + pageSize - 1) / pageSize));
        }
    }

    @Test
    void kindsAndPeriodsFilterTheTimeline() {
        var random = new Random(7);
        var notes = items("note", 10, random);
        var sources = List.<TimelineSource>of(
                new ListSource("interaction", items("interaction", 10, random)), new ListSource("note", notes));
        var onlyNotes = timeline(sources).page(CUSTOMER, Set.of("note"), new TimelineQuery(null, 50, null, null, null));
        assertThat(onlyNotes.items()).hasSize(10).allMatch(i -> i.kind().equals("note"));
        assertThat(onlyNotes.nextCursor()).isNull();

        var from = OffsetDateTime.of(2026, 1, 1, 9, 10, 0, 0, ZoneOffset.UTC);
        var to = from.plusMinutes(10);
        var window = timeline(sources).page(CUSTOMER, Set.of(), new TimelineQuery(null, 50, null, from, to));
        assertThat(window.items()).allMatch(i -> !i.at().isBefore(from) && i.at().isBefore(to));
    }

    @Test
    void aCursorRoundTripsAndAForgedOneIsRefused() {
        var cursor =
                new TimelineCursor(OffsetDateTime.of(2026, 3, 4, 5, 6, 7, 0, ZoneOffset.ofHours(8)), UUID.randomUUID());
        assertThat(TimelineCursor.decode(cursor.encode())).isEqualTo(cursor);
        assertThatThrownBy(() -> TimelineCursor.decode("not-a-cursor")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> TimelineCursor.decode("")).isInstanceOf(InvalidValueException.class);
    }
}
