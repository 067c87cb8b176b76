package dev.dossier.feedback.hooks;

import dev.dossier.feedback.hooks.WebhookEndpoints.Delivery;
import dev.dossier.feedback.hooks.WebhookEndpoints.Endpoint;
import dev.dossier.feedback.hooks.WebhookEndpoints.EndpointDraft;
import dev.dossier.feedback.hooks.WebhookEndpoints.Inbound;
import dev.dossier.identity.Access;
import dev.dossier.identity.Permission;
import dev.dossier.shared.ETags;
import dev.dossier.shared.Slice;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Webhooks over REST: endpoints, the delivery log, and the systems allowed to call the inbound webhooks. */
@RestController
@Tag(name = "Webhooks", description = "Outgoing webhook endpoints, their deliveries, and the secrets of inbound hooks")
@SecurityRequirement(name = "bearer")
class WebhookApiController {

    /**
     * An endpoint to create or change.
     *
     * @param version the version as read (changes; or send If-Match)
     * @param name what it is
     * @param url where to post (http or https)
     * @param events event types: problem.handed_off, problem.status_changed, problem.reported
     * @param active whether it receives events (default true)
     */
    @Schema(requiredProperties = {"name", "url"})
    record EndpointPayload(Integer version, String name, String url, List<String> events, Boolean active) {

        EndpointDraft draft() {
            return new EndpointDraft(name, url, events, active);
        }
    }

    /**
     * An endpoint just created, with its secret: the only time the secret is shown.
     *
     * @param endpoint the endpoint
     * @param secret the signing secret
     */
    record CreatedEndpoint(Endpoint endpoint, String secret) {}

    /**
     * A system to allow to call the inbound webhooks.
     *
     * @param name what it is
     */
    record InboundPayload(String name) {}

    /**
     * An inbound system just allowed, with its secret: the only time the secret is shown.
     *
     * @param id id
     * @param name name
     * @param secret the signing secret it must use
     * @param createdAt when
     */
    record CreatedInbound(UUID id, String name, String secret, OffsetDateTime createdAt) {}

    private final WebhookEndpoints endpoints;

    WebhookApiController(WebhookEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.READ)
    @GetMapping("/api/v1/webhooks")
    @Operation(summary = "Webhook endpoints", description = "Secrets are never shown after creation.")
    List<Endpoint> list() {
        return endpoints.list();
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.READ)
    @GetMapping("/api/v1/webhooks/{id}")
    @Operation(summary = "A webhook endpoint", description = "With its version as ETag.")
    ResponseEntity<Endpoint> get(@PathVariable UUID id) {
        var endpoint = endpoints.get(id);
        return ResponseEntity.ok().eTag(ETags.of(endpoint.version())).body(endpoint);
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/webhooks")
    @Operation(
            summary = "Create a webhook endpoint",
            description = "The answer carries the signing secret; it is " + "stored encrypted and never shown again.")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<CreatedEndpoint> create(@RequestBody EndpointPayload payload) {
        var made = endpoints.create(payload.draft());
        var endpoint = endpoints.get(made.id());
        return ResponseEntity.created(URI.create("/api/v1/webhooks/" + made.id()))
                .eTag(ETags.of(endpoint.version()))
                .body(new CreatedEndpoint(endpoint, made.secret()));
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PutMapping("/api/v1/webhooks/{id}")
    @Operation(
            summary = "Change a webhook endpoint",
            description = "Needs If-Match or the version as read; the " + "secret stays.")
    ResponseEntity<Endpoint> update(
            @PathVariable UUID id,
            @RequestBody EndpointPayload payload,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var current = endpoints.get(id);
        int version = ETags.expectedVersion(ifMatch, payload.version(), current.version());
        var endpoint = endpoints.update(id, version, payload.draft());
        return ResponseEntity.ok().eTag(ETags.of(endpoint.version())).body(endpoint);
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @DeleteMapping("/api/v1/webhooks/{id}")
    @Operation(summary = "Delete a webhook endpoint", description = "Its pending deliveries are no longer sent.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        endpoints.delete(id);
        return ResponseEntity.noContent().build();
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/webhooks/{id}/tests")
    @Operation(summary = "Send a test event", description = "Event webhook.test, sent and retried like any other.")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ResponseEntity<Map<String, UUID>> test(@PathVariable UUID id) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("deliveryId", endpoints.sendTest(id)));
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.READ)
    @GetMapping("/api/v1/webhooks/deliveries")
    @Operation(
            summary = "The delivery log, newest first",
            description = "Filter by endpoint and status (PENDING, "
                    + "DELIVERED, FAILED). Keyset paging: pass nextCursor as cursor.")
    Slice<Delivery> deliveries(
            @RequestParam(required = false) UUID endpoint,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        return endpoints.deliveries(endpoint, status, cursor, limit);
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/webhooks/deliveries/{id}/redelivery")
    @Operation(summary = "Send a delivery again", description = "From the first attempt, whatever its status.")
    Delivery redeliver(@PathVariable UUID id) {
        return endpoints.redeliver(id);
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.READ)
    @GetMapping("/api/v1/webhooks/inbound")
    @Operation(summary = "Systems allowed to call the inbound webhooks")
    List<Inbound> inbound() {
        return endpoints.inbound();
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/webhooks/inbound")
    @Operation(
            summary = "Allow a system to call the inbound webhooks",
            description = "The answer carries the "
                    + "secret it signs its calls with; it is stored encrypted and never shown again.")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<CreatedInbound> allowInbound(@RequestBody InboundPayload payload) {
        var made = endpoints.createInbound(payload.name());
        var inbound = endpoints.inbound().stream()
                .filter(i -> i.id().equals(made.id()))
                .findFirst()
                .orElseThrow();
        return ResponseEntity.created(URI.create("/api/v1/webhooks/inbound/" + made.id()))
                .body(new CreatedInbound(made.id(), inbound.name(), made.secret(), inbound.createdAt()));
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @DeleteMapping("/api/v1/webhooks/inbound/{id}")
    @Operation(summary = "Stop accepting a system's calls")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> deleteInbound(@PathVariable UUID id) {
        endpoints.deleteInbound(id);
        return ResponseEntity.noContent().build();
    }
}
