package dev.dossier.feedback.cases;

import dev.dossier.feedback.CaseChannel;
import dev.dossier.feedback.CaseKind;
import dev.dossier.feedback.CaseMessageKind;
import dev.dossier.feedback.CasePriority;
import dev.dossier.feedback.CaseStatus;
import dev.dossier.feedback.cases.CaseManagement.NewCase;
import dev.dossier.feedback.cases.CaseManagement.Triage;
import dev.dossier.identity.Access;
import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.Permission;
import dev.dossier.shared.ETags;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.Slice;
import dev.dossier.shared.TableFile;
import dev.dossier.shared.ValidationException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Feedback cases over REST: {@code /api/v1/cases}, their transitions, assignment and messages. */
@RestController
@Tag(
        name = "Cases",
        description = "Feedback, complaints and defects as tracked cases: workflow, assignment, conversation")
@SecurityRequirement(name = "bearer")
class CaseApiController {

    /**
     * A case to open.
     *
     * @param customerId the customer it is about
     * @param contactId the customer's contact who reported it, optional
     * @param title one line, at most 200 characters
     * @param description what happened, at most 8000 characters
     * @param kind DEFECT, COMPLAINT, EXPERIENCE, SERVICE_QUALITY, SUGGESTION or INQUIRY
     * @param priority LOW, NORMAL (default), HIGH or URGENT
     * @param category a free category
     * @param tags short labels
     * @param productId the product, optional
     * @param productVersionId the product's version, optional
     * @param orderRef the order it is about, optional
     * @param channel PHONE, EMAIL, WEB_FORM, CHAT, VISIT, SOCIAL, API (default) or OTHER
     * @param reporterName who reported it, when not a known contact
     * @param reporterEmail their email address
     * @param reporterPhone their phone number
     */
    @Schema(requiredProperties = {"customerId", "title", "kind"})
    record CasePayload(
            UUID customerId,
            UUID contactId,
            String title,
            String description,
            @Schema(implementation = CaseKind.class) String kind,
            @Schema(implementation = CasePriority.class) String priority,
            String category,
            List<String> tags,
            UUID productId,
            UUID productVersionId,
            String orderRef,
            @Schema(implementation = CaseChannel.class) String channel,
            String reporterName,
            String reporterEmail,
            String reporterPhone) {

        NewCase draft() {
            return new NewCase(
                    customerId,
                    contactId,
                    title,
                    description,
                    kind,
                    priority,
                    category,
                    tags,
                    productId,
                    productVersionId,
                    orderRef,
                    channel == null || channel.isBlank() ? "API" : channel,
                    reporterName,
                    reporterEmail,
                    reporterPhone);
        }
    }

    /**
     * A move of a case: name the status to go to, or the action.
     *
     * @param to TRIAGED, ASSIGNED, IN_PROGRESS, WAITING, RESOLVED or CLOSED (IN_PROGRESS or ASSIGNED on a resolved
     *     or closed case reopens it)
     * @param action instead of {@code to}: triage, assign, start, wait, resolve, close or reopen
     * @param comment why; the resolution when resolving; required when reopening
     * @param version the version as read, optional (or send If-Match)
     * @param kind triage: the kind (default: as it is)
     * @param priority triage: the priority (default: as it is)
     * @param category triage: the category
     * @param tags triage: the tags
     * @param assigneeId assign: the person
     * @param teamId assign: the team
     * @param shareCustomer assign: share the customer (to view) with the assignee, or the team, if they cannot open it
     */
    record TransitionPayload(
            @Schema(implementation = CaseStatus.class) String to,

            @Schema(allowableValues = {"triage", "assign", "start", "wait", "resolve", "close", "reopen"})
            String action,

            String comment,
            Integer version,
            @Schema(implementation = CaseKind.class) String kind,
            @Schema(implementation = CasePriority.class) String priority,
            String category,
            List<String> tags,
            UUID assigneeId,
            UUID teamId,
            Boolean shareCustomer) {}

    /**
     * Whom a case is given to: a person (whose team it then belongs to) or a team.
     *
     * @param assigneeId the person, or null for a team queue
     * @param teamId the team
     * @param version the version as read (or send If-Match)
     * @param shareCustomer true to share the customer (to view) with the assignee, or every member of the team, when
     *     they cannot open it; without it such an assignment is refused (422 on assigneeId)
     */
    record AssignmentPayload(UUID assigneeId, UUID teamId, Integer version, Boolean shareCustomer) {}

    /**
     * A new priority.
     *
     * @param priority LOW, NORMAL, HIGH or URGENT
     * @param version the version as read (or send If-Match)
     */
    @Schema(requiredProperties = {"priority"})
    record PriorityPayload(
            @Schema(implementation = CasePriority.class) String priority, Integer version) {}

    /**
     * A message on a case.
     *
     * @param kind REPLY (to the customer) or INTERNAL (among staff)
     * @param body plain text, at most 8000 characters
     */
    @Schema(requiredProperties = {"body"})
    record MessagePayload(
            @Schema(implementation = CaseMessageKind.class) String kind, String body) {}

    /**
     * A case's SLA at the time of the answer.
     *
     * @param status NONE, OK, WARNING, BREACHED or PAUSED
     * @param due the due time that counts next
     * @param secondsLeft seconds left before it (negative when overdue)
     */
    record SlaResource(SlaState.Status status, OffsetDateTime due, Long secondsLeft) {}

    /**
     * Who reported a case. The email and phone are contact details: in full, masked ({@code 138****1234},
     * {@code z***@example.com}) or left out as the caller's level in the contact field group says, as for a
     * customer's.
     *
     * @param name their name
     * @param email their email address, or null
     * @param phone their phone number, or null
     * @param masked whether the email and phone are masked
     */
    record ReporterResource(String name, String email, String phone, boolean masked) {

        static ReporterResource of(CaseReporters.Reporter r) {
            return r == null ? null : new ReporterResource(r.name(), r.email(), r.phone(), r.masked());
        }
    }

    /**
     * A case as the API shows it.
     *
     * @param id id
     * @param number the number people quote, e.g. C-000123
     * @param customerId customer
     * @param contactId contact
     * @param title title
     * @param description description
     * @param kind kind
     * @param priority priority
     * @param category category
     * @param tags tags
     * @param productId product
     * @param productVersionId product version
     * @param orderRef order reference
     * @param channel channel
     * @param status status
     * @param active not yet resolved or closed
     * @param allowedMoves the statuses it can move to now
     * @param assigneeId assignee
     * @param teamId team
     * @param customerGrade the customer's grade when it was opened
     * @param sla its SLA now
     * @param firstResponseDueAt first response due
     * @param resolutionDueAt resolution due
     * @param firstRespondedAt first response
     * @param resolvedAt resolved
     * @param closedAt closed
     * @param reopenCount how often reopened
     * @param resolution how it was resolved
     * @param problemId the problem it belongs to
     * @param csatScore the customer's satisfaction 1–5
     * @param reporter who reported it, when the case names someone and the caller may see it; null otherwise
     * @param createdAt opened
     * @param version version
     */
    record CaseResource(
            UUID id,
            String number,
            UUID customerId,
            UUID contactId,
            String title,
            String description,
            CaseKind kind,
            CasePriority priority,
            String category,
            List<String> tags,
            UUID productId,
            UUID productVersionId,
            String orderRef,
            CaseChannel channel,
            CaseStatus status,
            boolean active,
            List<CaseStatus> allowedMoves,
            UUID assigneeId,
            UUID teamId,
            String customerGrade,
            SlaResource sla,
            OffsetDateTime firstResponseDueAt,
            OffsetDateTime resolutionDueAt,
            OffsetDateTime firstRespondedAt,
            OffsetDateTime resolvedAt,
            OffsetDateTime closedAt,
            int reopenCount,
            String resolution,
            UUID problemId,
            Integer csatScore,
            ReporterResource reporter,
            OffsetDateTime createdAt,
            int version) {

        static CaseResource of(FeedbackCase c, SlaState sla, CaseReporters.Reporter reporter) {
            return new CaseResource(
                    c.id(),
                    c.number(),
                    c.customerId(),
                    c.contactId(),
                    c.title(),
                    c.description(),
                    c.kind(),
                    c.priority(),
                    c.category(),
                    c.tags(),
                    c.productId(),
                    c.productVersionId(),
                    c.orderRef(),
                    c.channel(),
                    c.status(),
                    c.active(),
                    c.allowedMoves(),
                    c.assigneeId(),
                    c.teamId(),
                    c.customerGrade(),
                    new SlaResource(
                            sla.status(),
                            sla.due(),
                            sla.left() == null ? null : sla.left().toSeconds()),
                    c.firstResponseDueAt(),
                    c.resolutionDueAt(),
                    c.firstRespondedAt(),
                    c.resolvedAt(),
                    c.closedAt(),
                    c.reopenCount(),
                    c.resolution(),
                    c.problemId(),
                    c.csatScore(),
                    ReporterResource.of(reporter),
                    c.createdAt(),
                    c.version());
        }
    }

    /**
     * One move in a case's history.
     *
     * @param from status before (null for the opening)
     * @param to status after
     * @param actorId who (null for the customer or the system)
     * @param at when
     * @param comment why
     */
    record TransitionResource(CaseStatus from, CaseStatus to, UUID actorId, OffsetDateTime at, String comment) {}

    /**
     * A message of a case's conversation.
     *
     * @param id id
     * @param kind REPLY, INTERNAL or CUSTOMER
     * @param body text
     * @param authorId who wrote it (null for the customer)
     * @param at when
     */
    record MessageResource(UUID id, CaseMessageKind kind, String body, UUID authorId, OffsetDateTime at) {}

    private final CaseManagement management;
    private final CaseQueries queries;
    private final CaseRepository cases;
    private final CaseViews views;
    private final CaseReporters reporters;
    private final CaseExport export;
    private final dev.dossier.shared.ExportJobs jobs;

    CaseApiController(
            CaseManagement management,
            CaseQueries queries,
            CaseRepository cases,
            CaseViews views,
            CaseReporters reporters,
            CaseExport export,
            dev.dossier.shared.ExportJobs jobs) {
        this.jobs = jobs;
        this.reporters = reporters;
        this.export = export;
        this.management = management;
        this.queries = queries;
        this.cases = cases;
        this.views = views;
    }

    @Permission(area = Access.Area.CASES, operation = Access.Operation.READ)
    @GetMapping("/api/v1/cases")
    @Operation(
            summary = "A queue of cases the caller sees",
            description = "queue: MINE (default), TEAM, UNASSIGNED, BREACHING, BREACHED or ALL. Without status only "
                    + "active cases; status=ANY for every status. Filters: kind, priority, category, product, "
                    + "channel, assignee, q (words in the title). sort: DUE (default), CREATED or PRIORITY. Keyset "
                    + "paging: pass nextCursor as cursor.")
    Slice<CaseResource> list(
            @org.springdoc.core.annotations.ParameterObject CaseQueries.Params params,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        var filter = params.filter();
        var page = queries.list(filter, cursor, limit);
        return new Slice<>(page.items().stream().map(this::resource).toList(), page.nextCursor());
    }

    @Permission(area = Access.Area.CASES, operation = Access.Operation.EXPORT)
    @PostMapping("/api/v1/cases/export")
    @Operation(
            summary = "Export a queue of cases in the background",
            description =
                    "The same file as GET, written in the background; download it from /api/v1/exports/{id}/file.")
    @dev.dossier.shared.BackgroundExportAccepted
    ResponseEntity<dev.dossier.shared.ExportJobs.Started> exportInBackground(
            @org.springdoc.core.annotations.ParameterObject CaseQueries.Params params,
            @io.swagger.v3.oas.annotations.Parameter(description = "CSV or XLSX") @RequestParam(defaultValue = "CSV")
                    TableFile.Format format) {
        return dev.dossier.shared.ExportJobs.accepted(
                CaseController.inBackground(export, jobs, params.filter(), format));
    }

    @Permission(area = Access.Area.CASES, operation = Access.Operation.EXPORT)
    @GetMapping("/api/v1/cases/export")
    @Operation(
            summary = "Export a queue of cases as CSV or XLSX",
            description = "The cases the queue and filters find, as the list shows them, the reporter's contact details"
                    + " as the caller's role sees them. Streamed.")
    @dev.dossier.shared.SpreadsheetDownload
    void export(
            @org.springdoc.core.annotations.ParameterObject CaseQueries.Params params,
            @io.swagger.v3.oas.annotations.Parameter(description = "CSV or XLSX") @RequestParam(defaultValue = "CSV")
                    TableFile.Format format,
            jakarta.servlet.http.HttpServletResponse response)
            throws java.io.IOException {
        CaseController.export(export, params.filter(), format, response);
    }

    @Permission(area = Access.Area.CASES, operation = Access.Operation.READ)
    @GetMapping("/api/v1/cases/{id}")
    @Operation(summary = "A case", description = "With its version as ETag and the moves it allows now.")
    ResponseEntity<CaseResource> get(@PathVariable UUID id) {
        return answer(management.get(id), HttpStatus.OK);
    }

    @Permission(area = Access.Area.CASES, operation = Access.Operation.CREATE)
    @PostMapping("/api/v1/cases")
    @Operation(summary = "Open a case", description = "About a customer the caller reaches; it starts as NEW.")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<CaseResource> create(@RequestBody CasePayload payload) {
        var id = management.open(payload.draft(), CurrentUser.actor());
        var c = management.get(id);
        return ResponseEntity.created(URI.create("/api/v1/cases/" + id))
                .eTag(ETags.of(c.version()))
                .body(resource(c));
    }

    @Permission(area = Access.Area.CASES, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/cases/{id}/transitions")
    @Operation(
            summary = "Move a case",
            description = "Send {\"to\": \"RESOLVED\", \"comment\": …} or a named "
                    + "action. A move the workflow does not allow (closing a case that was never resolved, say) answers 409 "
                    + "with the reason and changes nothing. If-Match or version optional.")
    ResponseEntity<CaseResource> transition(
            @PathVariable UUID id,
            @RequestBody TransitionPayload payload,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var current = management.get(id);
        Integer version = ifMatch == null && payload.version() == null
                ? null
                : ETags.expectedVersion(ifMatch, payload.version(), current.version());
        var actor = CurrentUser.actor();
        var action = action(payload, current);
        var moved = switch (action) {
            case "triage" ->
                management.triage(
                        id,
                        new Triage(
                                payload.kind() == null ? current.kind().name() : payload.kind(),
                                payload.priority() == null ? current.priority().name() : payload.priority(),
                                payload.category() == null ? current.category() : payload.category(),
                                payload.tags() == null ? current.tags() : payload.tags()),
                        actor,
                        version);
            case "assign" ->
                management.assign(
                        id,
                        payload.assigneeId(),
                        payload.teamId(),
                        Boolean.TRUE.equals(payload.shareCustomer()),
                        actor,
                        version);
            case "start" -> management.start(id, actor, version);
            case "wait" -> management.waitOnCustomer(id, payload.comment(), actor, version);
            case "resolve" -> management.resolve(id, payload.comment(), actor, version);
            case "close" -> management.close(id, payload.comment(), actor, version);
            case "reopen" -> management.reopen(id, payload.comment(), actor);
            default -> throw new ValidationException(List.of(new FieldProblem("action", "cases.field.unknown-option")));
        };
        return answer(moved, HttpStatus.OK);
    }

    @Permission(area = Access.Area.CASES, operation = Access.Operation.READ)
    @GetMapping("/api/v1/cases/{id}/transitions")
    @Operation(summary = "A case's history", description = "Every move, oldest first, with who and when.")
    List<TransitionResource> history(@PathVariable UUID id) {
        management.get(id);
        return cases.transitions(id).stream()
                .map(t -> new TransitionResource(t.from(), t.to(), t.actorId(), t.at(), t.comment()))
                .toList();
    }

    @Permission(area = Access.Area.CASES, operation = Access.Operation.EDIT)
    @PutMapping("/api/v1/cases/{id}/assignment")
    @Operation(
            summary = "Assign a case",
            description = "To a person (who must be able to work on cases) or a "
                    + "team; a new or triaged case becomes ASSIGNED. The person, or every member of the team, must be able "
                    + "to open the customer, unless shareCustomer shares it with them. Needs If-Match or the version as "
                    + "read. The assignee, or the team, is notified.")
    ResponseEntity<CaseResource> assign(
            @PathVariable UUID id,
            @RequestBody AssignmentPayload payload,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var current = management.get(id);
        int version = ETags.expectedVersion(ifMatch, payload.version(), current.version());
        return answer(
                management.assign(
                        id,
                        payload.assigneeId(),
                        payload.teamId(),
                        Boolean.TRUE.equals(payload.shareCustomer()),
                        CurrentUser.actor(),
                        version),
                HttpStatus.OK);
    }

    @Permission(area = Access.Area.CASES, operation = Access.Operation.EDIT)
    @PutMapping("/api/v1/cases/{id}/priority")
    @Operation(summary = "Change a case's priority", description = "Needs If-Match or the version as read.")
    ResponseEntity<CaseResource> priority(
            @PathVariable UUID id,
            @RequestBody PriorityPayload payload,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var current = management.get(id);
        int version = ETags.expectedVersion(ifMatch, payload.version(), current.version());
        return answer(management.changePriority(id, payload.priority(), CurrentUser.actor(), version), HttpStatus.OK);
    }

    @Permission(area = Access.Area.CASES, operation = Access.Operation.READ)
    @GetMapping("/api/v1/cases/{id}/messages")
    @Operation(
            summary = "A case's conversation",
            description = "Replies, internal notes and the customer's " + "messages, oldest first.")
    List<MessageResource> messages(@PathVariable UUID id) {
        management.get(id);
        return cases.messages(id).stream()
                .map(m -> new MessageResource(m.id(), m.kind(), m.body(), m.authorId(), m.at()))
                .toList();
    }

    @Permission(area = Access.Area.CASES, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/cases/{id}/messages")
    @Operation(
            summary = "Reply to the customer or add an internal note",
            description = "kind REPLY or INTERNAL. "
                    + "The first reply is the case's first response. A closed case takes no messages (409).")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<MessageResource> message(@PathVariable UUID id, @RequestBody MessagePayload payload) {
        var kind = payload.kind() == null ? "" : payload.kind().strip().toUpperCase(Locale.ROOT);
        UUID messageId = switch (kind) {
            case "REPLY" -> management.reply(id, payload.body(), CurrentUser.actor());
            case "INTERNAL" -> management.addInternalNote(id, payload.body(), CurrentUser.actor());
            default ->
                throw new ValidationException(List.of(new FieldProblem(
                        "kind", kind.isEmpty() ? "cases.field.required" : "cases.field.unknown-option")));
        };
        var message = cases.messages(id).stream()
                .filter(m -> m.id().equals(messageId))
                .findFirst()
                .orElseThrow();
        return ResponseEntity.created(URI.create("/api/v1/cases/" + id + "/messages"))
                .body(new MessageResource(
                        message.id(), message.kind(), message.body(), message.authorId(), message.at()));
    }

    /** The action a transition payload names, from its action or from the status it asks for. */
    private static String action(TransitionPayload payload, FeedbackCase current) {
        if (payload.action() != null && !payload.action().isBlank()) {
            return payload.action().strip().toLowerCase(Locale.ROOT);
        }
        if (payload.to() == null || payload.to().isBlank()) {
            throw new ValidationException(List.of(new FieldProblem("to", "cases.field.required")));
        }
        CaseStatus to;
        try {
            to = CaseStatus.valueOf(payload.to().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(List.of(new FieldProblem("to", "cases.field.unknown-option")));
        }
        if (!current.active() && to.active()) {
            return "reopen";
        }
        return switch (to) {
            case NEW -> throw new InvalidTransitionException(current.status(), to, "cases.transition.not-allowed");
            case TRIAGED -> "triage";
            case ASSIGNED ->
                payload.assigneeId() != null || payload.teamId() != null ? "assign" : throwNeedsAssignment(current);
            case IN_PROGRESS -> "start";
            case WAITING -> "wait";
            case RESOLVED -> "resolve";
            case CLOSED -> "close";
        };
    }

    private static String throwNeedsAssignment(FeedbackCase current) {
        throw new InvalidTransitionException(
                current.status(), CaseStatus.ASSIGNED, "cases.transition.needs-assignment");
    }

    private CaseResource resource(FeedbackCase c) {
        return CaseResource.of(c, views.sla(c), reporters.view(c));
    }

    private ResponseEntity<CaseResource> answer(FeedbackCase c, HttpStatus status) {
        return ResponseEntity.status(status).eTag(ETags.of(c.version())).body(resource(c));
    }
}
