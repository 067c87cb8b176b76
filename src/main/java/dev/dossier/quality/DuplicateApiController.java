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

    DuplicateApiController(DuplicateReview review, DuplicateScans scans) {
        this.review = review;
        this.scans = scans;
    }

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
