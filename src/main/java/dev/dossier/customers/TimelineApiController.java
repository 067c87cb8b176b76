package dev.dossier.customers;

import dev.dossier.identity.Access;
import dev.dossier.identity.Permission;
import dev.dossier.shared.Formats;
import dev.dossier.shared.Slice;
import dev.dossier.shared.timeline.TimelineItem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A customer's timeline over REST: {@code GET /api/v1/customers/{id}/timeline}. */
@RestController
@Tag(name = "Customers")
class TimelineApiController {

    private final CustomerTimeline timeline;
    private final Formats formats;

    TimelineApiController(CustomerTimeline timeline, Formats formats) {
        this.timeline = timeline;
        this.formats = formats;
    }

    /**
     * One timeline entry in the API.
     *
     * @param kind which module it comes from, e.g. {@code interaction}, {@code note}, {@code task}
     * @param authorName the author's display name, or null
     */
    record TimelineEntry(
            String kind,
            UUID id,
            OffsetDateTime at,
            UUID authorId,
            String authorName,
            String title,
            String summary,
            String link,
            List<String> labels) {}

    /** A page of the timeline; follow {@code nextCursor} for older entries. */
    record TimelinePage(List<TimelineEntry> items, String nextCursor) {}

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.READ)
    @GetMapping(path = "/api/v1/customers/{id}/timeline", produces = "application/json")
    @SecurityRequirement(name = "bearer")
    @Operation(
            summary = "A customer's timeline",
            description = "Interactions, notes, tasks and other modules' entries about the customer, newest first, "
                    + "each as the caller may see it. Pages follow nextCursor.")
    TimelinePage list(
            @PathVariable UUID id,
            @Parameter(description = "Only these kinds, e.g. interaction, note, task")
                    @RequestParam(name = "kind", required = false)
                    Set<String> kinds,
            @RequestParam(required = false) UUID author,
            @Parameter(description = "First day, in the organisation's time zone")
                    @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    LocalDate from,
            @Parameter(description = "Last day, inclusive")
                    @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    LocalDate to,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        var page = page(id, kinds, author, from, to, cursor, Math.max(1, Math.min(limit, 200)));
        var names = timeline.authors(page.items());
        return new TimelinePage(
                page.items().stream()
                        .map(i -> new TimelineEntry(
                                i.kind(),
                                i.id(),
                                i.at(),
                                i.authorId(),
                                names.get(i.authorId()),
                                i.title(),
                                i.summary(),
                                i.link(),
                                i.labels()))
                        .toList(),
                page.nextCursor());
    }

    private Slice<TimelineItem> page(
            UUID id, Set<String> kinds, UUID author, LocalDate from, LocalDate to, String cursor, int limit) {
        var filter = new TimelineFilter(kinds, author, from, to, cursor);
        return timeline.page(id, filter.kind(), filter.query(formats.zone(), limit));
    }
}
