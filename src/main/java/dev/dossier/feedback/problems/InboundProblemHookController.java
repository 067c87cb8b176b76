package dev.dossier.feedback.problems;

import dev.dossier.feedback.hooks.InboundSignatures;
import dev.dossier.feedback.hooks.InboundSignatures.Outcome;
import dev.dossier.feedback.hooks.WebhookSignature;
import dev.dossier.identity.Permission;
import dev.dossier.shared.ApiProblems;
import dev.dossier.shared.Inputs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The inbound webhook the product team's tracker calls when an issue changes: it moves the problem to the status it
 * names. Open without sign-in; every call must be signed with the secret of a system allowed on the webhooks page,
 * and be at most five minutes old. Refused calls change nothing.
 */
@RestController
@Tag(
        name = "Inbound webhooks",
        description = "Status updates of problems sent by the product team's tracker, signed with a shared secret")
class InboundProblemHookController {

    private static final Logger LOG = LoggerFactory.getLogger(InboundProblemHookController.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The tracker's word on a problem.
     *
     * @param problem the problem's number ({@code P-00042}) or id
     * @param status OPEN, HANDED_OFF, IN_PROGRESS, FIXED, WONT_FIX or CLOSED
     * @param externalRef the tracker's issue, e.g. {@code acme/app#123} or {@code PROJ-42}
     * @param externalUrl its address
     * @param fixedInVersion the version that fixes it
     * @param comment what to note in the problem's history
     */
    record TrackerUpdate(
            @NotNull @Size(max = 100) String problem,
            @NotNull @Size(max = 16) String status,
            String externalRef,
            String externalUrl,
            String fixedInVersion,
            String comment) {

        TrackerUpdate {
            problem = Inputs.trim(problem);
            status = Inputs.trim(status);
        }
    }

    private final InboundSignatures hooks;
    private final TrackerUpdates updates;
    private final ApiProblems problems;

    InboundProblemHookController(InboundSignatures hooks, TrackerUpdates updates, ApiProblems problems) {
        this.hooks = hooks;
        this.updates = updates;
        this.problems = problems;
    }

    @Permission.PublicEndpoint
    @PostMapping(path = "/api/v1/hooks/problems", consumes = MediaType.ALL_VALUE)
    @Operation(
            summary = "The tracker tells a problem's new status",
            description = "Signed: X-Dossier-Timestamp "
                    + "(Unix seconds, at most 5 minutes old) and X-Dossier-Signature: sha256=<hex HMAC-SHA256 of "
                    + "\"<timestamp>.<body>\" with the inbound secret>. 401 for a missing, forged or stale signature, 404 "
                    + "for an unknown problem, 422 for an invalid status or move.")
    ResponseEntity<?> receive(
            @RequestHeader(name = WebhookSignature.TIMESTAMP_HEADER, required = false) String ts,
            @RequestHeader(name = WebhookSignature.SIGNATURE_HEADER, required = false) String signature,
            @RequestBody(required = false) String body) {
        var raw = body == null ? "" : body;
        var verification = hooks.verify(ts, signature, raw);
        if (!verification.accepted()) {
            LOG.warn("Inbound problem webhook refused: {}", verification.outcome());
            var kind = verification.outcome() == Outcome.STALE ? "webhook-stale" : "webhook-signature";
            var problem = problems.problem(HttpStatus.UNAUTHORIZED, kind, "problem." + kind + ".detail");
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        var update = parse(raw);
        if (update == null) {
            return ResponseEntity.badRequest()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problems.problem(HttpStatus.BAD_REQUEST, "malformed-json", "problem.malformed-json.detail"));
        }
        var moved = updates.apply(verification.hookId(), update, raw);
        return ResponseEntity.ok(
                new Accepted(moved.id(), moved.number(), moved.status().name(), moved.version()));
    }

    /**
     * What the call did.
     *
     * @param id the problem
     * @param number its number
     * @param status its status now
     * @param version its version now
     */
    record Accepted(UUID id, String number, String status, int version) {}

    private static TrackerUpdate parse(String raw) {
        try {
            var node = JSON.readTree(raw);
            if (node == null || !node.isObject()) {
                return null;
            }
            return new TrackerUpdate(
                    text(node, "problem"),
                    text(node, "status"),
                    text(node, "external_ref"),
                    text(node, "external_url"),
                    text(node, "fixed_in_version"),
                    text(node, "comment"));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        var value = node.get(field);
        return value == null || value.isNull() ? null : value.isValueNode() ? value.asString() : value.toString();
    }
}
