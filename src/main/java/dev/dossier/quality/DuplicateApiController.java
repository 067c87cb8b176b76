package dev.dossier.quality;

import dev.dossier.identity.Access;
import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.Permission;
import dev.dossier.shared.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Possible duplicates over REST: {@code /api/v1/duplicates}. */
@RestController
@RequestMapping("/api/v1/duplicates")
@Tag(
        name = "Duplicates",
        description = "Clusters of customers that may be the same, for review; marks \"not a duplicate\"; scans")
@SecurityRequirement(name = "bearer")
class DuplicateApiController {

    private final DuplicateReview review;
    private final DuplicateScans scans;
    private final DuplicateRules rules;
    private final Duplicates duplicates;

    DuplicateApiController(DuplicateReview review, DuplicateScans scans, DuplicateRules rules, Duplicates duplicates) {
        this.review = review;
        this.scans = scans;
        this.rules = rules;
        this.duplicates = duplicates;
    }

    /**
     * Matching rules to try or save.
     *
     * @param threshold the score from which a pair is a possible duplicate, 0.5 to 1
     * @param weights the weight of each reason, 0 to 1, by its code; a reason left out keeps its default. For a
     *     reason for a match, 0 turns it off; for a reason against, 1 does
     * @param version the version read, when saving
     */
    record RulesPayload(Double threshold, java.util.Map<String, Double> weights, Integer version) {}

    /** Customers to mark "not a duplicate" of one another. */
    record Dismissal(@NotNull @Size(min = 2, max = 50) List<@NotNull UUID> customerIds) {}

    /** How many pairs were marked now (pairs marked before are not counted again). */
    record Dismissed(int marked) {}

    @Permission(area = Access.Area.QUALITY, operation = Access.Operation.READ)
    @GetMapping
    @Operation(
            summary = "List clusters of possible duplicates",
            description = "Best score first; each cluster shows the customers the caller reaches, and a cluster with"
                    + " fewer than two of them is not listed. Pages follow nextCursor.")
    DuplicateReview.Slice list(
            @Parameter(description = "Only clusters with a customer of this owner") @RequestParam(required = false)
                    UUID owner,
            @Parameter(description = "Only clusters with a customer of this team") @RequestParam(required = false)
                    UUID team,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        return review.list(owner, team, cursor, limit);
    }

    @Permission(area = Access.Area.QUALITY, operation = Access.Operation.READ)
    @GetMapping("/{id}")
    @Operation(summary = "Read a cluster with its pairs, their scores and reasons")
    DuplicateReview.ClusterDetail cluster(@PathVariable UUID id) {
        return review.cluster(id).orElseThrow(() -> new NotFoundException("Cluster"));
    }

    @Permission(area = Access.Area.QUALITY, operation = Access.Operation.EDIT)
    @PostMapping("/dismissals")
    @Operation(
            summary = "Mark customers \"not a duplicate\" of one another",
            description = "Every pair among the customers given is marked for good: never proposed again, whatever"
                    + " scans find. Each customer must be one the caller reaches.")
    Dismissed dismiss(@RequestBody @jakarta.validation.Valid Dismissal dismissal) {
        return new Dismissed(review.dismiss(dismissal.customerIds()));
    }

    @Permission(area = Access.Area.QUALITY, operation = Access.Operation.CREATE)
    @PostMapping("/scans")
    @Operation(
            summary = "Scan every customer for duplicates",
            description = "Starts a scan in the background (or answers the one already running): 202, with the"
                    + " scan's progress at the Location.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "202",
            description = "Started, or already running: follow it at the Location",
            content =
                    @io.swagger.v3.oas.annotations.media.Content(
                            mediaType = "application/json",
                            schema =
                                    @io.swagger.v3.oas.annotations.media.Schema(
                                            implementation = DuplicateScans.Status.class)))
    ResponseEntity<DuplicateScans.Status> scan() {
        var status = scans.start(CurrentUser.actor().userId());
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/duplicates/scans/" + status.id()))
                .body(status);
    }

    @Permission(area = Access.Area.QUALITY, operation = Access.Operation.READ)
    @GetMapping("/rules")
    @Operation(summary = "The matching rules: the threshold and the weight of each reason, with their version")
    DuplicateRules.Current rules() {
        return rules.editable();
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PostMapping("/rules/preview")
    @Operation(
            summary = "Try matching rules on the pairs already found",
            description = "How many pairs are possible duplicates now and would be under the rules sent, how many"
                    + " would come and go, and some of them among the customers the caller sees. Nothing is saved.")
    DuplicateRules.Preview preview(@RequestBody RulesPayload payload) {
        return rules.preview(DuplicateRules.checked(payload.threshold(), payload.weights()));
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @org.springframework.web.bind.annotation.PutMapping("/rules")
    @Operation(
            summary = "Save matching rules",
            description = "Send the version read; every pair kept is scored again and the clusters regrouped at once."
                    + " A stale version is refused.")
    DuplicateRules.Current saveRules(@RequestBody RulesPayload payload) {
        var checked = DuplicateRules.checked(payload.threshold(), payload.weights());
        if (payload.version() == null) {
            throw new dev.dossier.shared.ValidationException(
                    List.of(new dev.dossier.shared.FieldProblem("version", "duplicates.rules.version.required")));
        }
        return duplicates.saveRules(
                checked, payload.version(), CurrentUser.actor().userId());
    }

    @Permission(area = Access.Area.QUALITY, operation = Access.Operation.READ)
    @GetMapping("/scans/latest")
    @Operation(summary = "The latest scan and its progress")
    DuplicateScans.Status latestScan() {
        return scans.latest().orElseThrow(() -> new NotFoundException("Scan"));
    }

    @Permission(area = Access.Area.QUALITY, operation = Access.Operation.READ)
    @GetMapping("/scans/{id}")
    @Operation(summary = "A scan and its progress")
    DuplicateScans.Status scan(@PathVariable UUID id) {
        return scans.find(id).orElseThrow(() -> new NotFoundException("Scan"));
    }
}
