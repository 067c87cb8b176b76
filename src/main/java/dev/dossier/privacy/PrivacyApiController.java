package dev.dossier.privacy;

import dev.dossier.identity.Access;
import dev.dossier.identity.Permission;
import dev.dossier.privacy.ConsentLedger.Consent;
import dev.dossier.privacy.ConsentLedger.ConsentDraft;
import dev.dossier.privacy.RetentionRules.Rule;
import dev.dossier.privacy.RetentionRules.RuleDraft;
import dev.dossier.privacy.RetentionRules.Run;
import dev.dossier.privacy.SubjectRequests.Move;
import dev.dossier.privacy.SubjectRequests.Request;
import dev.dossier.privacy.SubjectRequests.RequestDraft;
import dev.dossier.privacy.SubjectRequests.Step;
import dev.dossier.shared.ApiProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Consents, data-subject requests and retention over REST: {@code /api/v1/customers/{id}/consents} and
 * {@code /api/v1/privacy/...}.
 */
@RestController
@Tag(name = "Privacy", description = "Consents, data-subject requests and retention rules")
@SecurityRequirement(name = "bearer")
class PrivacyApiController {

    /**
     * A withdrawal.
     *
     * @param version the consent's version as read, optional
     * @param reason why
     */
    record WithdrawalPayload(Integer version, String reason) {}

    /**
     * A change of who handles a request, and its notes.
     *
     * @param version the version as read
     * @param assigneeId who handles it
     * @param notes working notes
     */
    record RequestUpdatePayload(Integer version, UUID assigneeId, String notes) {}

    /**
     * A retention rule to change.
     *
     * @param version the version as read
     * @param name name
     * @param stages lifecycle stages
     * @param inactiveMonths months since the last update
     * @param action ANONYMISE or TRASH
     * @param enabled whether the schedule runs it
     */
    @Schema(requiredProperties = {"name", "action"})
    record RulePayload(
            Integer version,
            String name,
            List<String> stages,
            Integer inactiveMonths,
            @Schema(implementation = RetentionAction.class) String action,
            Boolean enabled) {}

    /**
     * A data-subject request as the API shows it.
     *
     * @param id id
     * @param kind ACCESS, CORRECTION, ERASURE or OBJECTION
     * @param customerId whose data
     * @param status RECEIVED, VERIFIED, IN_PROGRESS, COMPLETED or REJECTED
     * @param receivedAt when it came in
     * @param channel how it came in
     * @param requesterName who asked
     * @param requesterContact how to answer them
     * @param description what they asked
     * @param destination where an export goes
     * @param dueOn when the answer is due
     * @param daysLeft days until then (negative when past)
     * @param overdue open and past due
     * @param assigneeId who handles it
     * @param verifiedBy who verified the identity
     * @param verifiedAt when
     * @param verificationMethod how
     * @param correction what was corrected
     * @param rejectionReason why it was rejected
     * @param notes working notes
     * @param completedAt when it was closed
     * @param version version
     * @param steps every step so far, oldest first
     */
    record RequestResource(
            UUID id,
            RequestKind kind,
            UUID customerId,
            RequestStatus status,
            OffsetDateTime receivedAt,
            ConsentChannel channel,
            String requesterName,
            String requesterContact,
            String description,
            Destination destination,
            LocalDate dueOn,
            long daysLeft,
            boolean overdue,
            UUID assigneeId,
            UUID verifiedBy,
            OffsetDateTime verifiedAt,
            String verificationMethod,
            String correction,
            String rejectionReason,
            String notes,
            OffsetDateTime completedAt,
            int version,
            List<Step> steps) {

        static RequestResource of(Request r, LocalDate today, List<Step> steps) {
            return new RequestResource(
                    r.id(),
                    r.kind(),
                    r.customerId(),
                    r.status(),
                    r.receivedAt(),
                    r.channel(),
                    r.requesterName(),
                    r.requesterContact(),
                    r.description(),
                    r.destination(),
                    r.dueOn(),
                    r.daysLeft(today),
                    r.overdue(today),
                    r.assigneeId(),
                    r.verifiedBy(),
                    r.verifiedAt(),
                    r.verificationMethod(),
                    r.correction(),
                    r.rejectionReason(),
                    r.notes(),
                    r.completedAt(),
                    r.version(),
                    steps);
        }
    }

    private final ConsentLedger consents;
    private final SubjectRequests requests;
    private final DataSubjectExport export;
    private final RetentionRules retention;
    private final ApiProblems problems;

    PrivacyApiController(
            ConsentLedger consents,
            SubjectRequests requests,
            DataSubjectExport export,
            RetentionRules retention,
            ApiProblems problems) {
        this.consents = consents;
        this.requests = requests;
        this.export = export;
        this.retention = retention;
        this.problems = problems;
    }

    // ------------------------------------------------------------------ consents

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.READ)
    @GetMapping("/api/v1/customers/{customerId}/consents")
    @Operation(summary = "A customer's consents", description = "Every consent, newest first, withdrawn ones included.")
    List<Consent> consents(@PathVariable UUID customerId) {
        return consents.of(customerId);
    }

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/customers/{customerId}/consents")
    @Operation(summary = "Record a consent", description = "A new row; earlier consents stay as they were.")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<Consent> record(@PathVariable UUID customerId, @RequestBody ConsentDraft payload) {
        var consent = consents.record(customerId, payload);
        return ResponseEntity.created(URI.create("/api/v1/customers/" + customerId + "/consents/" + consent.id()))
                .body(consent);
    }

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/customers/{customerId}/consents/{consentId}/withdrawal")
    @Operation(summary = "Withdraw a consent", description = "Closes the consent; 409 if it is already withdrawn.")
    Consent withdraw(
            @PathVariable UUID customerId,
            @PathVariable UUID consentId,
            @RequestBody(required = false) WithdrawalPayload payload) {
        var body = payload == null ? new WithdrawalPayload(null, null) : payload;
        return consents.withdraw(customerId, consentId, body.version(), body.reason());
    }

    // ------------------------------------------------------------------ data-subject requests

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.READ)
    @GetMapping("/api/v1/privacy/requests")
    @Operation(summary = "Data-subject requests", description = "Soonest due first; filters combine.")
    List<RequestResource> requests(
            @RequestParam(required = false) RequestStatus status,
            @RequestParam(required = false) RequestKind kind,
            @RequestParam(defaultValue = "false") boolean overdue,
            @Parameter(
                            schema =
                                    @Schema(
                                            type = "integer",
                                            format = "int32",
                                            minimum = "1",
                                            maximum = "1000",
                                            defaultValue = "200"))
                    @RequestParam(defaultValue = "200")
                    int limit) {
        var today = requests.today();
        return requests.list(new SubjectRequests.Filter(status, kind, overdue), Math.clamp(limit, 1, 1000)).stream()
                .map(r -> RequestResource.of(r, today, List.of()))
                .toList();
    }

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.CREATE)
    @PostMapping("/api/v1/privacy/requests")
    @Operation(summary = "Register a data-subject request", description = "Due after the configured number of days.")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<RequestResource> open(@RequestBody RequestDraft payload) {
        var request = requests.open(payload);
        return ResponseEntity.created(URI.create("/api/v1/privacy/requests/" + request.id()))
                .body(resource(request));
    }

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.READ)
    @GetMapping("/api/v1/privacy/requests/{id}")
    @Operation(summary = "A data-subject request with its steps")
    RequestResource request(@PathVariable UUID id) {
        return resource(requests.get(id));
    }

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.EDIT)
    @PutMapping("/api/v1/privacy/requests/{id}")
    @Operation(summary = "Assign a request, or change its notes", description = "Needs the version as read.")
    RequestResource update(@PathVariable UUID id, @RequestBody RequestUpdatePayload payload) {
        return resource(requests.update(id, payload.version(), payload.assigneeId(), payload.notes()));
    }

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/privacy/requests/{id}/steps")
    @Operation(
            summary = "Take a step of the workflow",
            description = "VERIFY (method), START, COMPLETE (correction for corrections), REJECT (reason). "
                    + "Completing an erasure erases the customer's personal information in every module; "
                    + "a step the status does not allow is a 409 invalid-transition.")
    RequestResource move(@PathVariable UUID id, @RequestBody Move payload) {
        return resource(requests.move(id, payload));
    }

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.EXPORT)
    @GetMapping("/api/v1/privacy/requests/{id}/export")
    @Operation(
            summary = "The data-subject export of an access request",
            description = "One JSON document, a section a module. Needs the request in progress or completed; "
                    + "to a third party or abroad, the customer's consent to that (else 409 consent-required).")
    Map<String, Object> export(@PathVariable UUID id) {
        return export.document(id);
    }

    // ------------------------------------------------------------------ retention

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.READ)
    @GetMapping("/api/v1/privacy/retention/rules")
    @Operation(summary = "Retention rules")
    List<Rule> rules() {
        return retention.rules();
    }

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.PURGE)
    @PostMapping("/api/v1/privacy/retention/rules")
    @Operation(summary = "Define a retention rule")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<Rule> define(@RequestBody RuleDraft payload) {
        var rule = retention.define(payload);
        return ResponseEntity.created(URI.create("/api/v1/privacy/retention/rules/" + rule.id()))
                .body(rule);
    }

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.PURGE)
    @PutMapping("/api/v1/privacy/retention/rules/{id}")
    @Operation(summary = "Change a retention rule", description = "Needs the version as read.")
    Rule revise(@PathVariable UUID id, @RequestBody RulePayload payload) {
        return retention.revise(
                id,
                payload.version(),
                new RuleDraft(
                        payload.name(),
                        payload.stages(),
                        payload.inactiveMonths(),
                        payload.action(),
                        payload.enabled()));
    }

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.PURGE)
    @PostMapping("/api/v1/privacy/retention/rules/{id}/runs")
    @Operation(summary = "Run a retention rule now", description = "Answers the run's report.")
    Run runNow(@PathVariable UUID id) {
        return retention.runNow(id);
    }

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.READ)
    @GetMapping("/api/v1/privacy/retention/runs")
    @Operation(summary = "Reports of retention runs, newest first")
    List<Run> runs(
            @Parameter(
                            schema =
                                    @Schema(
                                            type = "integer",
                                            format = "int32",
                                            minimum = "1",
                                            maximum = "500",
                                            defaultValue = "50"))
                    @RequestParam(defaultValue = "50")
                    int limit) {
        return retention.runs(Math.clamp(limit, 1, 500));
    }

    @ExceptionHandler(WorkflowException.class)
    ProblemDetail refused(WorkflowException e) {
        return problems.problem(HttpStatus.CONFLICT, e.kind(), e.code(), e.args());
    }

    private RequestResource resource(Request request) {
        return RequestResource.of(request, requests.today(), requests.steps(request.id()));
    }
}
