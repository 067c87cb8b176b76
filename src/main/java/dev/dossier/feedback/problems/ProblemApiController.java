package dev.dossier.feedback.problems;

import dev.dossier.feedback.ProblemSource;
import dev.dossier.feedback.ProblemStatus;
import dev.dossier.feedback.Severity;
import dev.dossier.feedback.problems.ProblemManagement.ProblemDraft;
import dev.dossier.feedback.problems.ProblemManagement.StatusChange;
import dev.dossier.feedback.problems.ProblemQueries.Filter;
import dev.dossier.feedback.problems.ProblemQueries.Transition;
import dev.dossier.identity.Access;
import dev.dossier.identity.Permission;
import dev.dossier.shared.ETags;
import dev.dossier.shared.Slice;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Problems over REST: {@code /api/v1/problems}. */
@RestController
@Tag(name = "Problems", description = "Defects handed off to the product team, and the cases linked to them")
@SecurityRequirement(name = "bearer")
class ProblemApiController {

    /**
     * A problem to record or change.
     *
     * @param version the version as read (changes; or send If-Match)
     * @param title title, at most 200 characters
     * @param description what is wrong, at most 8000 characters
     * @param productId the product affected
     * @param productVersionId the version affected
     * @param reproductionSteps how to make it happen
     * @param severity CRITICAL, MAJOR (default), MINOR or TRIVIAL
     * @param externalRef the issue in the tracker, e.g. {@code acme/app#123} or {@code PROJ-42}
     * @param externalUrl the address
     * @param fixedInVersion the version that fixes it
     */
    @Schema(requiredProperties = {"title"})
    record ProblemPayload(
            Integer version,
            String title,
            String description,
            UUID productId,
            UUID productVersionId,
            String reproductionSteps,
            @Schema(implementation = Severity.class) String severity,
            String externalRef,
            String externalUrl,
            String fixedInVersion) {

        ProblemDraft draft() {
            return new ProblemDraft(
                    title,
                    description,
                    productId,
                    productVersionId,
                    reproductionSteps,
                    severity,
                    externalRef,
                    externalUrl,
                    fixedInVersion);
        }
    }

    /**
     * A status change.
     *
     * @param version the version as read, optional
     * @param status OPEN, HANDED_OFF, IN_PROGRESS, FIXED, WONT_FIX or CLOSED
     * @param comment why
     * @param externalRef the tracker's issue (kept when absent)
     * @param externalUrl its address (kept when absent)
     * @param fixedInVersion the version that fixes it (kept when absent)
     */
    @Schema(requiredProperties = {"status"})
    record StatusPayload(
            Integer version,
            @Schema(implementation = ProblemStatus.class) String status,
            String comment,
            String externalRef,
            String externalUrl,
            String fixedInVersion) {}

    /**
     * Handing off.
     *
     * @param version the version as read, optional
     * @param comment a note for the history
     */
    record HandOffPayload(Integer version, String comment) {}

    /**
     * A problem as the API shows it.
     *
     * @param id id
     * @param number e.g. {@code P-00042}
     * @param title title
     * @param description description
     * @param productId product
     * @param productVersionId version
     * @param reproductionSteps steps
     * @param severity severity
     * @param status status
     * @param externalRef tracker issue
     * @param externalUrl its address
     * @param fixedInVersion fixing version
     * @param handedOffAt when handed off last
     * @param fixedAt when fixed
     * @param createdAt when recorded
     * @param createdBy who recorded it
     * @param updatedAt last change
     * @param version version
     */
    record ProblemResource(
            UUID id,
            String number,
            String title,
            String description,
            UUID productId,
            UUID productVersionId,
            String reproductionSteps,
            Severity severity,
            ProblemStatus status,
            String externalRef,
            String externalUrl,
            String fixedInVersion,
            OffsetDateTime handedOffAt,
            OffsetDateTime fixedAt,
            OffsetDateTime createdAt,
            UUID createdBy,
            OffsetDateTime updatedAt,
            int version) {

        static ProblemResource of(Problem p) {
            return new ProblemResource(
                    p.id(),
                    p.number(),
                    p.title(),
                    p.description(),
                    p.productId(),
                    p.productVersionId(),
                    p.reproductionSteps(),
                    p.severity(),
                    p.status(),
                    p.externalRef(),
                    p.externalUrl(),
                    p.fixedInVersion(),
                    p.handedOffAt(),
                    p.fixedAt(),
                    p.createdAt(),
                    p.createdBy(),
                    p.updatedAt(),
                    p.version());
        }
    }

    /**
     * A case to group into the problem.
     *
     * @param caseId the case's id
     * @param caseNumber or its number, e.g. {@code C-000123}
     */
    record CaseLinkPayload(UUID caseId, String caseNumber) {}

    /**
     * The problem's cases.
     *
     * @param counts how many cases and customers it groups, counted over all
     * @param cases the cases of customers the caller reaches, newest first
     */
    record CasesResource(ProblemCases.Counts counts, List<ProblemCases.LinkedCase> cases) {}

    /**
     * Resolving the linked cases.
     *
     * @param resolution the resolution written on each case and sent to each customer
     */
    record ResolutionPayload(String resolution) {}

    private final MessageSource messages;
    private final ProblemManagement management;
    private final ProblemQueries queries;
    private final ProblemCases cases;

    /**
     * What resolving the linked cases did.
     *
     * @param resolved cases resolved
     * @param failed cases left as they were
     * @param emailed customers told by email
     * @param failures why each case left as it was could not be resolved (the first 50)
     */
    record ResolutionResource(int resolved, int failed, int emailed, List<FailureResource> failures) {}

    /**
     * A linked case that could not be resolved.
     *
     * @param caseId the case
     * @param number its number
     * @param reason the reason's code
     * @param message the reason in the caller's language
     */
    record FailureResource(UUID caseId, String number, String reason, String message) {}

    ProblemApiController(
            ProblemManagement management, ProblemQueries queries, ProblemCases cases, MessageSource messages) {
        this.messages = messages;
        this.management = management;
        this.queries = queries;
        this.cases = cases;
    }

    @Permission(area = Access.Area.PROBLEMS, operation = Access.Operation.READ)
    @GetMapping("/api/v1/problems")
    @Operation(
            summary = "Problems, newest first",
            description = "Filter by status, productId and severity. " + "Keyset paging: pass nextCursor as cursor.")
    Slice<ProblemResource> list(
            @Parameter(schema = @Schema(implementation = ProblemStatus.class)) @RequestParam(required = false)
                    String status,
            @RequestParam(required = false) UUID productId,
            @Parameter(schema = @Schema(implementation = Severity.class)) @RequestParam(required = false)
                    String severity,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        var page = queries.list(Filter.of(status, productId, severity), cursor, limit);
        return new Slice<>(page.items().stream().map(ProblemResource::of).toList(), page.nextCursor());
    }

    @Permission(area = Access.Area.PROBLEMS, operation = Access.Operation.READ)
    @GetMapping("/api/v1/problems/{id}")
    @Operation(summary = "A problem", description = "With its version as ETag.")
    ResponseEntity<ProblemResource> get(@PathVariable UUID id) {
        return answer(management.get(id));
    }

    @Permission(area = Access.Area.PROBLEMS, operation = Access.Operation.READ)
    @GetMapping("/api/v1/problems/{id}/history")
    @Operation(summary = "A problem's status history", description = "Oldest first.")
    List<Transition> history(@PathVariable UUID id) {
        return queries.history(id);
    }

    @Permission(area = Access.Area.PROBLEMS, operation = Access.Operation.CREATE)
    @PostMapping("/api/v1/problems")
    @Operation(summary = "Record a problem", description = "It starts OPEN and gets the next number.")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<ProblemResource> create(@RequestBody ProblemPayload payload) {
        var problem = management.create(payload.draft());
        return ResponseEntity.created(URI.create("/api/v1/problems/" + problem.id()))
                .eTag(ETags.of(problem.version()))
                .body(ProblemResource.of(problem));
    }

    @Permission(area = Access.Area.PROBLEMS, operation = Access.Operation.EDIT)
    @PutMapping("/api/v1/problems/{id}")
    @Operation(
            summary = "Change a problem",
            description =
                    "Needs If-Match or the version as read. The status " + "changes through /status and /hand-off.")
    ResponseEntity<ProblemResource> update(
            @PathVariable UUID id,
            @RequestBody ProblemPayload payload,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var current = management.get(id);
        int version = ETags.expectedVersion(ifMatch, payload.version(), current.version());
        return answer(management.update(id, version, payload.draft()));
    }

    @Permission(area = Access.Area.PROBLEMS, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/problems/{id}/status")
    @Operation(
            summary = "Move a problem to another status",
            description = "Recorded in its history and sent as "
                    + "the webhook event problem.status_changed. An invalid move is a 422 and changes nothing.")
    ResponseEntity<ProblemResource> status(@PathVariable UUID id, @RequestBody StatusPayload payload) {
        return answer(management.changeStatus(
                id,
                payload.version(),
                new StatusChange(
                        payload.status(),
                        payload.comment(),
                        payload.externalRef(),
                        payload.externalUrl(),
                        payload.fixedInVersion()),
                ProblemSource.API));
    }

    @Permission(area = Access.Area.PROBLEMS, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/problems/{id}/hand-off")
    @Operation(
            summary = "Hand a problem off to the product team",
            description = "Moves it to HANDED_OFF and sends "
                    + "the webhook event problem.handed_off with a suggested issue for GitHub, GitLab or Jira.")
    ResponseEntity<ProblemResource> handOff(
            @PathVariable UUID id, @RequestBody(required = false) HandOffPayload payload) {
        var body = payload == null ? new HandOffPayload(null, null) : payload;
        return answer(management.handOff(id, body.version(), body.comment(), ProblemSource.API));
    }

    @Permission(area = Access.Area.PROBLEMS, operation = Access.Operation.DELETE)
    @DeleteMapping("/api/v1/problems/{id}")
    @Operation(summary = "Delete a problem", description = "Soft delete; If-Match optional.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> delete(
            @PathVariable UUID id, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var current = management.get(id);
        Integer version = ifMatch == null ? null : ETags.expectedVersion(ifMatch, null, current.version());
        management.delete(id, version);
        return ResponseEntity.noContent().build();
    }

    @Permission(area = Access.Area.PROBLEMS, operation = Access.Operation.READ)
    @GetMapping("/api/v1/problems/{id}/cases")
    @Operation(
            summary = "The cases grouped into a problem",
            description = "Counts cover every case; the list only " + "those of customers the caller reaches.")
    CasesResource cases(@PathVariable UUID id) {
        return new CasesResource(cases.counts(management.get(id).id()), cases.cases(id));
    }

    @Permission(area = Access.Area.PROBLEMS, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/problems/{id}/cases")
    @Operation(
            summary = "Group a case into a problem",
            description = "By caseId or caseNumber; a case belongs to one "
                    + "problem at a time, so this moves it from another. 404 when the caller does not see the case.")
    ResponseEntity<CasesResource> link(@PathVariable UUID id, @RequestBody CaseLinkPayload payload) {
        cases.link(id, caseId(payload));
        return ResponseEntity.ok(cases(id));
    }

    @Permission(area = Access.Area.PROBLEMS, operation = Access.Operation.EDIT)
    @DeleteMapping("/api/v1/problems/{id}/cases/{caseId}")
    @Operation(summary = "Take a case out of a problem")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> unlink(@PathVariable UUID id, @PathVariable UUID caseId) {
        cases.unlink(id, caseId);
        return ResponseEntity.noContent().build();
    }

    @Permission(area = Access.Area.PROBLEMS, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/problems/{id}/case-resolution")
    @Operation(
            summary = "Resolve the linked cases and notify the customers",
            description = "Only for a FIXED (or "
                    + "CLOSED) problem. Every linked case still open is resolved with the resolution in a transaction of its "
                    + "own; a case that cannot be resolved (not assigned yet, say) is counted as failed and left as it was. "
                    + "Each resolved case's reporter, or else its customer's primary address, gets an email.")
    ResolutionResource resolveCases(@PathVariable UUID id, @RequestBody ResolutionPayload payload) {
        var done = cases.resolveLinked(id, payload.resolution());
        var locale = LocaleContextHolder.getLocale();
        return new ResolutionResource(
                done.resolved(),
                done.failed(),
                done.emailed(),
                done.failures().stream()
                        .map(f -> new FailureResource(
                                f.caseId(),
                                f.number(),
                                f.reason(),
                                messages.getMessage(f.reason(), null, f.reason(), locale)))
                        .toList());
    }

    private UUID caseId(CaseLinkPayload payload) {
        if (payload.caseId() != null) {
            return payload.caseId();
        }
        var number = Problem.parseNumber(payload.caseNumber(), "C");
        if (number == null) {
            throw new dev.dossier.shared.ValidationException(
                    List.of(new dev.dossier.shared.FieldProblem("caseId", "problems.field.required")));
        }
        return cases.idOfCase(number).orElseThrow(() -> new dev.dossier.shared.NotFoundException("case"));
    }

    private static ResponseEntity<ProblemResource> answer(Problem problem) {
        return ResponseEntity.ok().eTag(ETags.of(problem.version())).body(ProblemResource.of(problem));
    }
}
