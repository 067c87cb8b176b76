package dev.dossier.interactions;

import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.Permission;
import dev.dossier.shared.ETags;
import dev.dossier.shared.Formats;
import dev.dossier.shared.TableFile;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Interactions over REST: {@code /api/v1/interactions}. */
@RestController
@RequestMapping("/api/v1/interactions")
@Tag(name = "Interactions", description = "Calls, visits, emails, chats and meetings with customers")
@SecurityRequirement(name = "bearer")
class InteractionApiController {

    /**
     * An interaction as the API shows it.
     *
     * @param subject {@code customer:<id>} or {@code contact:<id>}
     * @param userIds users of Dossier who took part
     * @param contactIds the customer's contacts who took part
     */
    record InteractionResource(
            UUID id,
            UUID customerId,
            String subject,
            Channel channel,
            Direction direction,
            OffsetDateTime startedAt,
            Integer durationMinutes,
            String summary,
            String content,
            Outcome outcome,
            Integer satisfaction,
            Boolean followUpSucceeded,
            UUID ownerId,
            UUID teamId,
            UUID taskId,
            List<UUID> userIds,
            List<UUID> contactIds,
            OffsetDateTime createdAt,
            UUID createdBy,
            OffsetDateTime updatedAt,
            int version) {

        static InteractionResource of(Interaction i) {
            return new InteractionResource(
                    i.id(),
                    i.customerId(),
                    i.subject().toString(),
                    i.channel(),
                    i.direction(),
                    i.startedAt(),
                    i.durationMinutes(),
                    i.summary(),
                    i.content(),
                    i.outcome(),
                    i.satisfaction(),
                    i.followUpSucceeded(),
                    i.ownerId(),
                    i.teamId(),
                    i.taskId(),
                    i.participantUsers(),
                    i.participantContacts(),
                    i.createdAt(),
                    i.createdBy(),
                    i.updatedAt(),
                    i.version());
        }
    }

    /**
     * What to log or change.
     *
     * @param subject {@code customer:<id>} or {@code contact:<id>}; on a change, another subject of the same customer
     * @param channel CALL, VISIT, EMAIL, CHAT, MEETING, SOCIAL or OTHER
     * @param direction INBOUND or OUTBOUND
     * @param startedAt when it began; at most a few minutes in the future
     * @param durationMinutes 0..1440
     * @param summary one line, at most 200 characters
     * @param content at most 10,000 characters
     * @param outcome REACHED, NO_ANSWER, NEEDS_FOLLOW_UP, DEAL_PROGRESSED, ISSUE_RAISED or OTHER
     * @param satisfaction 1..5, or null when unknown
     * @param followUpSucceeded whether the follow-up succeeded, or null when unknown
     * @param ownerId the staff member responsible; the caller when left out
     * @param userIds users who took part
     * @param contactIds contacts of the customer who took part
     * @param version the version changed, when If-Match is not sent
     */
    @Schema(requiredProperties = {"subject", "channel", "direction", "outcome", "startedAt", "summary"})
    record InteractionPayload(
            String subject,
            @Schema(implementation = Channel.class) String channel,
            @Schema(implementation = Direction.class) String direction,
            OffsetDateTime startedAt,
            Integer durationMinutes,
            String summary,
            String content,
            @Schema(implementation = Outcome.class) String outcome,
            Integer satisfaction,
            Boolean followUpSucceeded,
            UUID ownerId,
            List<UUID> userIds,
            List<UUID> contactIds,
            Integer version) {

        InteractionDraft draft() {
            return new InteractionDraft(
                    subject,
                    channel,
                    direction,
                    startedAt,
                    durationMinutes,
                    summary,
                    content,
                    outcome,
                    satisfaction,
                    followUpSucceeded,
                    ownerId,
                    userIds,
                    contactIds,
                    null);
        }
    }

    /** A page of interactions; follow {@code nextCursor} for older ones. */
    record InteractionPage(List<InteractionResource> items, String nextCursor) {}

    private final InteractionManagement management;
    private final InteractionQueries queries;
    private final Formats formats;

    private final InteractionExport export;
    private final dev.dossier.shared.ExportJobs jobs;

    InteractionApiController(
            InteractionManagement management,
            InteractionQueries queries,
            Formats formats,
            InteractionExport export,
            dev.dossier.shared.ExportJobs jobs) {
        this.jobs = jobs;
        this.management = management;
        this.queries = queries;
        this.formats = formats;
        this.export = export;
    }

    @Permission(area = Access.Area.INTERACTIONS, operation = Operation.READ)
    @GetMapping
    @io.swagger.v3.oas.annotations.Operation(
            summary = "List interactions",
            description =
                    "The interactions of the customers the caller reaches, newest first; pages follow nextCursor.")
    InteractionPage list(
            @org.springdoc.core.annotations.ParameterObject InteractionQueries.Filter filter,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        var slice = queries.list(filter, formats.zone(), cursor, limit);
        return new InteractionPage(
                slice.items().stream().map(InteractionResource::of).toList(), slice.nextCursor());
    }

    @Permission(area = Access.Area.INTERACTIONS, operation = Operation.EXPORT)
    @GetMapping("/export")
    @io.swagger.v3.oas.annotations.Operation(
            summary = "Export interactions as CSV or XLSX",
            description =
                    "The interactions the filters find, of the customers the caller reaches, newest first. Streamed.")
    @dev.dossier.shared.SpreadsheetDownload
    void export(
            @org.springdoc.core.annotations.ParameterObject InteractionQueries.Filter filter,
            @Parameter(description = "CSV or XLSX") @RequestParam(defaultValue = "CSV") TableFile.Format format,
            jakarta.servlet.http.HttpServletResponse response)
            throws java.io.IOException {
        InteractionController.export(export, filter, format, response);
    }

    @Permission(area = Access.Area.INTERACTIONS, operation = Operation.EXPORT)
    @PostMapping("/export")
    @io.swagger.v3.oas.annotations.Operation(
            summary = "Export interactions in the background",
            description =
                    "The same file as GET, written in the background; download it from /api/v1/exports/{id}/file.")
    @dev.dossier.shared.BackgroundExportAccepted
    ResponseEntity<dev.dossier.shared.ExportJobs.Started> exportInBackground(
            @org.springdoc.core.annotations.ParameterObject InteractionQueries.Filter filter,
            @Parameter(description = "CSV or XLSX") @RequestParam(defaultValue = "CSV") TableFile.Format format) {
        return dev.dossier.shared.ExportJobs.accepted(InteractionController.inBackground(export, jobs, filter, format));
    }

    @Permission(area = Access.Area.INTERACTIONS, operation = Operation.CREATE)
    @PostMapping
    @io.swagger.v3.oas.annotations.Operation(summary = "Log an interaction")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<InteractionResource> create(@RequestBody InteractionPayload payload) {
        var interaction = management.log(payload.draft());
        return ResponseEntity.created(URI.create("/api/v1/interactions/" + interaction.id()))
                .eTag(ETags.of(interaction.version()))
                .body(InteractionResource.of(interaction));
    }

    @Permission(area = Access.Area.INTERACTIONS, operation = Operation.READ)
    @GetMapping("/{id}")
    @io.swagger.v3.oas.annotations.Operation(summary = "Read an interaction")
    ResponseEntity<InteractionResource> get(@PathVariable UUID id) {
        var interaction = management.get(id);
        return ResponseEntity.ok().eTag(ETags.of(interaction.version())).body(InteractionResource.of(interaction));
    }

    @Permission(area = Access.Area.INTERACTIONS, operation = Operation.EDIT)
    @PutMapping("/{id}")
    @io.swagger.v3.oas.annotations.Operation(
            summary = "Replace an interaction's details",
            description = "Send If-Match with the ETag read, or the version in the body; a stale one is refused.")
    ResponseEntity<InteractionResource> update(
            @PathVariable UUID id,
            @RequestBody InteractionPayload payload,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var current = management.get(id);
        int expected = ETags.expectedVersion(ifMatch, payload.version(), current.version());
        var interaction = management.revise(id, expected, payload.draft());
        return ResponseEntity.ok().eTag(ETags.of(interaction.version())).body(InteractionResource.of(interaction));
    }

    @Permission(area = Access.Area.INTERACTIONS, operation = Operation.DELETE)
    @DeleteMapping("/{id}")
    @io.swagger.v3.oas.annotations.Operation(
            summary = "Delete an interaction",
            description = "It leaves the timeline and the reports; If-Match, when sent, must name the current version.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> delete(
            @PathVariable UUID id, @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var current = management.get(id);
        management.delete(
                id, ifMatch == null ? current.version() : ETags.expectedVersion(ifMatch, null, current.version()));
        return ResponseEntity.noContent().build();
    }
}
