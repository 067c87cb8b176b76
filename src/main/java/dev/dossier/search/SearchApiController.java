package dev.dossier.search;

import dev.dossier.identity.Access;
import dev.dossier.identity.Permission;
import dev.dossier.shared.InvalidValueException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The one search over REST: {@code /api/v1/search}. */
@RestController
@RequestMapping("/api/v1/search")
@Tag(name = "Search", description = "Customers, contacts, interactions, notes, cases, problems and products at once")
@SecurityRequirement(name = "bearer")
class SearchApiController {

    /**
     * A text with the ranges that matched.
     *
     * @param text the text as the caller may see it
     * @param marks ranges of characters that matched: [start, end), in order
     */
    record MarkedText(String text, List<int[]> marks) {

        static MarkedText of(Search.Marked m) {
            return new MarkedText(
                    m.text(),
                    m.marks().stream().map(x -> new int[] {x.start(), x.end()}).toList());
        }
    }

    /**
     * A record found.
     *
     * @param kind customer, contact, interaction, note, case, problem or product
     * @param title its title or name
     * @param snippet up to 160 characters of its text around the first match
     * @param context where it belongs, e.g. the customer's name
     * @param link the page that shows it
     * @param at when it happened or last changed
     */
    record HitResource(
            String kind,
            UUID id,
            MarkedText title,
            MarkedText snippet,
            String context,
            String link,
            OffsetDateTime at) {}

    /**
     * The records found of one kind.
     *
     * @param offset where this page starts
     * @param more whether more may follow (ask again with kind and offset)
     */
    record GroupResource(String kind, List<HitResource> items, int offset, boolean more) {}

    /**
     * What the search found.
     *
     * @param query the query as searched (cut to 100 characters)
     * @param groups one group per kind with something found, customers first
     * @param complete false while the index is being built, when records may be missing
     */
    record SearchResource(String query, List<GroupResource> groups, boolean complete) {}

    /**
     * The state of this instance's index.
     *
     * @param ready false while it is first built or rebuilt
     * @param documents records in it
     * @param bytes its size on disk
     * @param through the last change it includes
     * @param generation the rebuild it was built for (a rebuild asked for raises it)
     */
    record IndexStatus(boolean ready, long documents, long bytes, long through, int generation) {}

    /**
     * A rebuild asked for.
     *
     * @param generation the generation every instance rebuilds to
     */
    record Rebuild(int generation) {}

    private final Search search;
    private final SearchFollower follower;

    SearchApiController(Search search, SearchFollower follower) {
        this.search = search;
        this.follower = follower;
    }

    @GetMapping
    @Permission.SelfService
    @Operation(
            summary = "Search everything",
            description = "Each group holds only records the caller may see, as their lists show them; a record whose"
                    + " match lies only in what the caller may not see is left out. Chinese words, each Han character"
                    + " run, Latin words (by their start, and with a typo from four letters), numbers like C-000123,"
                    + " pinyin of contact names; customers by their quick search (names, pinyin, phone and email"
                    + " fragments).")
    SearchResource search(
            @Parameter(description = "What to look for (up to 100 characters)") @RequestParam String q,
            @Parameter(description = "Only this kind, to page through it") @RequestParam(required = false) String kind,
            @Parameter(description = "Records per group (1 to 50)") @RequestParam(defaultValue = "5") int limit,
            @Parameter(description = "Records of the kind to pass over (with kind, up to 500)")
                    @RequestParam(defaultValue = "0")
                    int offset) {
        if (kind != null && !Search.KINDS.contains(kind)) {
            throw new InvalidValueException("search.kind.invalid", "Unknown kind: use one of " + Search.KINDS);
        }
        var results = search.search(q, kind, Math.clamp(limit, 1, 50), offset);
        return new SearchResource(
                results.query(),
                results.groups().stream()
                        .map(g -> new GroupResource(
                                g.kind(),
                                g.hits().stream()
                                        .map(h -> new HitResource(
                                                h.kind(),
                                                h.id(),
                                                MarkedText.of(h.title()),
                                                MarkedText.of(h.snippet()),
                                                h.context(),
                                                h.link(),
                                                h.at()))
                                        .toList(),
                                g.offset(),
                                g.more()))
                        .toList(),
                results.complete());
    }

    @GetMapping("/index")
    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.READ)
    @Operation(summary = "The state of this instance's search index")
    IndexStatus status() throws IOException {
        var s = follower.status();
        return new IndexStatus(s.ready(), s.documents(), s.bytes(), s.through(), s.generation());
    }

    @PostMapping("/index/rebuild")
    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(
            summary = "Rebuild every instance's search index from the data",
            description =
                    "Each instance rebuilds its own within seconds; searches answer from the old index meanwhile.")
    Rebuild rebuild() {
        return new Rebuild(search.rebuild());
    }
}
