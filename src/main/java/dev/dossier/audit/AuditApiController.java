package dev.dossier.audit;

import dev.dossier.identity.Access;
import dev.dossier.identity.Permission;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail over REST: {@code /api/v1/audit}. */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit trail", description = "The append-only, tamper-evident trail of who saw and changed what")
@SecurityRequirement(name = "bearer")
class AuditApiController {

    /**
     * A field change.
     *
     * @param field field name
     * @param before value before (masked when sensitive)
     * @param after value after (masked when sensitive)
     * @param masked whether the values are masked
     */
    record ChangeResource(String field, String before, String after, boolean masked) {}

    /**
     * An entry.
     *
     * @param seq position in the chain
     * @param id entry id
     * @param occurredAt when
     * @param actorId who, or null for the system or an unknown user
     * @param actorName their name then
     * @param clientAddress from where
     * @param action action code
     * @param subject what it is about, e.g. {@code customer:…}
     * @param changes field changes
     * @param detail other details
     * @param redacted whether the detail was erased
     */
    record EntryResource(
            long seq,
            UUID id,
            OffsetDateTime occurredAt,
            UUID actorId,
            String actorName,
            String clientAddress,
            String action,
            String subject,
            List<ChangeResource> changes,
            java.util.Map<String, String> detail,
            boolean redacted) {

        static EntryResource of(AuditQueries.Row row) {
            var view = row.view();
            var facts = new java.util.LinkedHashMap<String, String>();
            view.facts().forEach(f -> facts.put(f.key(), f.value()));
            return new EntryResource(
                    row.seq(),
                    row.id(),
                    row.occurredAt(),
                    row.actorId(),
                    row.actorName(),
                    row.clientAddress(),
                    row.action(),
                    row.subject(),
                    view.changes().stream()
                            .map(c -> new ChangeResource(c.field(), c.before(), c.after(), c.masked()))
                            .toList(),
                    facts,
                    row.redacted());
        }
    }

    /**
     * A page of entries.
     *
     * @param items entries, newest first
     * @param nextCursor cursor of the next page, or null on the last
     */
    record Page(List<EntryResource> items, String nextCursor) {}

    /**
     * The result of a verification.
     *
     * @param intact whether every entry checks out
     * @param entries how many entries were checked
     * @param firstBrokenSeq the first entry that does not, or null
     * @param problem what is wrong with it, or null
     * @param anchoredSeq the entry of the latest checkpoint outside the database, checked too, or null when none
     * @param message the result in a sentence
     */
    record VerificationResource(
            boolean intact,
            long entries,
            Long firstBrokenSeq,
            AuditVerification.Problem problem,
            Long anchoredSeq,
            String message) {}

    /**
     * A checkpoint of the trail written outside the database.
     *
     * @param seq the entry at the head of the trail
     * @param hash its hash
     * @param at when the checkpoint was written
     * @param signature its signature under the anchor key
     */
    record CheckpointResource(long seq, String hash, Instant at, String signature) {}

    private final AuditQueries queries;
    private final AuditVerification verification;
    private final AuditAnchors anchors;

    AuditApiController(AuditQueries queries, AuditVerification verification, AuditAnchors anchors) {
        this.queries = queries;
        this.verification = verification;
        this.anchors = anchors;
    }

    @Permission(area = Access.Area.AUDIT, operation = Access.Operation.READ)
    @GetMapping
    @io.swagger.v3.oas.annotations.Operation(
            summary = "Search the audit trail",
            description = "Newest first; filters combine; pages follow nextCursor.")
    Page list(
            @Parameter(description = "First day, in the organisation's time zone")
                    @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    LocalDate from,
            @Parameter(description = "Last day, in the organisation's time zone")
                    @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    LocalDate to,
            @RequestParam(required = false) UUID actorId,
            @Parameter(description = "Action code, e.g. customer.changed, sign-in.failed")
                    @RequestParam(required = false)
                    String action,
            @Parameter(description = "Id of the record an entry is about") @RequestParam(required = false)
                    UUID subjectId,
            @Parameter(description = "Text in the actor's name, the client address or the details")
                    @RequestParam(required = false)
                    String q,
            @RequestParam(required = false) String cursor,
            @Parameter(
                            schema =
                                    @io.swagger.v3.oas.annotations.media.Schema(
                                            type = "integer",
                                            minimum = "1",
                                            maximum = "" + AuditQueries.MAX_LIMIT,
                                            defaultValue = "50"))
                    @RequestParam(defaultValue = "50")
                    int limit) {
        var slice = queries.list(new AuditQueries.Filter(from, to, actorId, action, subjectId, q), cursor, limit);
        return new Page(slice.items().stream().map(EntryResource::of).toList(), slice.nextCursor());
    }

    @Permission(area = Access.Area.AUDIT, operation = Access.Operation.READ)
    @GetMapping("/verification")
    @io.swagger.v3.oas.annotations.Operation(
            summary = "Verify the audit trail",
            description = "Walks the whole chain and reports the first entry that was changed or removed.")
    VerificationResource verification() {
        var result = verification.verify();
        return new VerificationResource(
                result.intact(),
                result.entries(),
                result.firstBrokenSeq(),
                result.problem(),
                result.anchoredSeq(),
                result.describe());
    }

    @Permission(area = Access.Area.AUDIT, operation = Access.Operation.READ)
    @PostMapping("/anchors")
    @io.swagger.v3.oas.annotations.Operation(
            summary = "Write a checkpoint of the audit trail",
            description = "Anchors the head of the trail outside the database now (unless it is anchored already) "
                    + "and answers with the latest checkpoint; 204 while the trail is empty.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The latest checkpoint")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "204",
            description = "The trail is empty",
            content = @io.swagger.v3.oas.annotations.media.Content)
    ResponseEntity<CheckpointResource> checkpoint() {
        return anchors.checkpoint()
                .map(c -> ResponseEntity.ok(new CheckpointResource(c.seq(), c.hash(), c.at(), c.signature())))
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    @Permission(area = Access.Area.AUDIT, operation = Access.Operation.EXPORT)
    @GetMapping("/anchors")
    @io.swagger.v3.oas.annotations.Operation(
            summary = "Download the checkpoints of the audit trail",
            description = "Every checkpoint written outside the database, one a line: entry, hash, time, signature. "
                    + "Keep a copy apart from the database and its backups.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "200",
            description = "The checkpoints",
            content =
                    @io.swagger.v3.oas.annotations.media.Content(
                            mediaType = "text/plain",
                            schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string")))
    ResponseEntity<byte[]> anchors() {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"" + AuditAnchors.FILE + "\"")
                .body(anchors.export());
    }
}
