package dev.dossier.feedback.hooks;

import static dev.dossier.db.Tables.INBOUND_HOOK;
import static dev.dossier.db.Tables.INBOUND_HOOK_CALL;
import static dev.dossier.db.Tables.WEBHOOK_DELIVERY;
import static dev.dossier.db.Tables.WEBHOOK_ENDPOINT;

import dev.dossier.db.Stamps;
import dev.dossier.db.tables.records.WebhookDeliveryRecord;
import dev.dossier.db.tables.records.WebhookEndpointRecord;
import dev.dossier.feedback.hooks.Webhooks.DeliveryStatus;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.keys.FieldCipher;
import dev.dossier.shared.Cursor;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.FieldRules;
import dev.dossier.shared.Inputs;
import dev.dossier.shared.InvalidValueException;
import dev.dossier.shared.NotFoundException;
import dev.dossier.shared.Slice;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.ValidationException;
import dev.dossier.shared.WebAddress;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The administration of webhooks: the endpoints events go to (their secrets shown once, when made), the delivery
 * log with its "redeliver" and "send test event", and the systems allowed to call the inbound webhooks.
 */
@Service
class WebhookEndpoints {

    private static final String FIELD = "webhook.field";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * An endpoint as typed in the form or sent to the API.
     *
     * @param name what it is, e.g. "GitHub issues"
     * @param url where to post, http or https
     * @param events the event types it receives
     * @param active whether it receives events (default true)
     */
    record EndpointDraft(
            @NotNull @Size(max = 200) String name,

            @NotNull @Size(max = 1000) @WebAddress(message = "{webhook.field.url.invalid}")
            String url,

            List<String> events,
            Boolean active) {

        EndpointDraft {
            name = Inputs.trim(name);
            url = Inputs.trim(url);
        }
    }

    /**
     * The name of a system that calls the inbound webhooks.
     *
     * @param name what it is
     */
    record InboundName(@NotNull @Size(max = 200) String name) {

        InboundName {
            name = Inputs.trim(name);
        }
    }

    /**
     * An endpoint, without its secret.
     *
     * @param id id
     * @param name name
     * @param url address
     * @param events event types
     * @param active whether it receives events
     * @param createdAt when made
     * @param version version
     */
    record Endpoint(
            UUID id,
            String name,
            String url,
            List<String> events,
            boolean active,
            OffsetDateTime createdAt,
            int version) {

        static Endpoint of(WebhookEndpointRecord r) {
            return new Endpoint(
                    r.getId(),
                    r.getName(),
                    r.getUrl(),
                    Arrays.stream(r.getEvents().split(","))
                            .map(String::strip)
                            .filter(e -> !e.isEmpty())
                            .toList(),
                    r.getActive(),
                    r.getCreatedAt(),
                    r.getVersion());
        }
    }

    /**
     * A secret made just now, shown this once.
     *
     * @param id the endpoint or inbound system
     * @param secret the secret
     */
    record NewSecret(UUID id, String secret) {}

    /**
     * One delivery of the log.
     *
     * @param id id (sent as X-Dossier-Delivery)
     * @param endpointId endpoint
     * @param eventType event type
     * @param status PENDING, DELIVERED or FAILED
     * @param attempts attempts made
     * @param nextAttemptAt when it is tried next, or null
     * @param lastStatus the HTTP status of the last answer, or null
     * @param lastError what went wrong last, or null
     * @param responseExcerpt the start of the last answer's body
     * @param deliveredAt when delivered
     * @param createdAt when enqueued
     * @param payload the body as stored
     */
    record Delivery(
            UUID id,
            UUID endpointId,
            String eventType,

            @Schema(implementation = Webhooks.DeliveryStatus.class)
            String status,

            int attempts,
            OffsetDateTime nextAttemptAt,
            Integer lastStatus,
            String lastError,
            String responseExcerpt,
            OffsetDateTime deliveredAt,
            OffsetDateTime createdAt,
            String payload) {

        static Delivery of(WebhookDeliveryRecord r) {
            return new Delivery(
                    r.getId(),
                    r.getEndpointId(),
                    r.getEventType(),
                    r.getStatus(),
                    r.getAttempts(),
                    r.getNextAttemptAt(),
                    r.getLastStatus(),
                    r.getLastError(),
                    r.getResponseExcerpt(),
                    r.getDeliveredAt(),
                    r.getCreatedAt(),
                    r.getPayload());
        }
    }

    /**
     * A system allowed to call the inbound webhooks.
     *
     * @param id id
     * @param name name
     * @param active whether its calls are accepted
     * @param createdAt when made
     * @param calls how many calls were accepted from it
     */
    record Inbound(UUID id, String name, boolean active, OffsetDateTime createdAt, int calls) {}

    private final DSLContext db;
    private final Access access;
    private final FieldCipher cipher;
    private final Webhooks webhooks;
    private final Clock clock;

    WebhookEndpoints(DSLContext db, Access access, FieldCipher cipher, Webhooks webhooks, Clock clock) {
        this.db = db;
        this.access = access;
        this.cipher = cipher;
        this.webhooks = webhooks;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    List<Endpoint> list() {
        access.require(Area.SYSTEM, Operation.READ);
        return db.selectFrom(WEBHOOK_ENDPOINT)
                .where(WEBHOOK_ENDPOINT.DELETED_AT.isNull())
                .orderBy(WEBHOOK_ENDPOINT.NAME, WEBHOOK_ENDPOINT.ID)
                .fetch(Endpoint::of);
    }

    @Transactional(readOnly = true)
    Endpoint get(UUID id) {
        access.require(Area.SYSTEM, Operation.READ);
        return db.selectFrom(WEBHOOK_ENDPOINT)
                .where(WEBHOOK_ENDPOINT.ID.eq(id))
                .and(WEBHOOK_ENDPOINT.DELETED_AT.isNull())
                .fetchOptional()
                .map(Endpoint::of)
                .orElseThrow(() -> new NotFoundException("webhook endpoint"));
    }

    /** Makes an endpoint with a new secret, which the answer carries this once. */
    @Transactional
    NewSecret create(EndpointDraft draft) {
        access.require(Area.SYSTEM, Operation.EDIT);
        var checked = check(draft);
        var now = OffsetDateTime.now(clock);
        var by = CurrentUser.actor().userId();
        var secret = WebhookSignature.newSecret();
        var id = UUID.randomUUID();
        db.insertInto(WEBHOOK_ENDPOINT)
                .set(WEBHOOK_ENDPOINT.ID, id)
                .set(WEBHOOK_ENDPOINT.NAME, checked.name())
                .set(WEBHOOK_ENDPOINT.URL, checked.url())
                .set(WEBHOOK_ENDPOINT.SECRET, cipher.encrypt(HooksCrypto.ENDPOINT_SECRET, secret))
                .set(WEBHOOK_ENDPOINT.EVENTS, String.join(",", checked.events()))
                .set(WEBHOOK_ENDPOINT.ACTIVE, checked.active())
                .set(Stamps.created(WEBHOOK_ENDPOINT, by, now))
                .execute();
        return new NewSecret(id, secret);
    }

    /** Changes name, address, events and whether it is active; the secret stays. */
    @Transactional
    Endpoint update(UUID id, Integer expectedVersion, EndpointDraft draft) {
        access.require(Area.SYSTEM, Operation.EDIT);
        var current = get(id);
        var checked = check(draft);
        int version = expectedVersion == null ? current.version() : expectedVersion;
        var now = OffsetDateTime.now(clock);
        int updated = db.update(WEBHOOK_ENDPOINT)
                .set(WEBHOOK_ENDPOINT.NAME, checked.name())
                .set(WEBHOOK_ENDPOINT.URL, checked.url())
                .set(WEBHOOK_ENDPOINT.EVENTS, String.join(",", checked.events()))
                .set(WEBHOOK_ENDPOINT.ACTIVE, checked.active())
                .set(Stamps.changed(WEBHOOK_ENDPOINT, CurrentUser.actor().userId(), now))
                .where(WEBHOOK_ENDPOINT.ID.eq(id))
                .and(WEBHOOK_ENDPOINT.VERSION.eq(version))
                .execute();
        if (updated == 0) {
            throw new StaleVersionException("Webhook endpoint", current.version());
        }
        return get(id);
    }

    /** Deletes the endpoint softly; its pending deliveries are no longer sent. */
    @Transactional
    void delete(UUID id) {
        access.require(Area.SYSTEM, Operation.EDIT);
        get(id);
        var now = OffsetDateTime.now(clock);
        db.update(WEBHOOK_ENDPOINT)
                .set(WEBHOOK_ENDPOINT.DELETED_AT, now)
                .set(WEBHOOK_ENDPOINT.ACTIVE, false)
                .set(Stamps.changed(WEBHOOK_ENDPOINT, CurrentUser.actor().userId(), now))
                .where(WEBHOOK_ENDPOINT.ID.eq(id))
                .execute();
    }

    /** Enqueues a test event for one endpoint, sent like any other; answers the delivery's id. */
    @Transactional
    UUID sendTest(UUID endpointId) {
        access.require(Area.SYSTEM, Operation.EDIT);
        var endpoint = get(endpointId);
        var now = OffsetDateTime.now(clock);
        var body = new LinkedHashMap<String, Object>();
        body.put("event", Webhooks.TEST_EVENT);
        body.put("delivered_at", now.toString());
        body.put("endpoint", endpoint.name());
        body.put("message", "This is a test event from Dossier.");
        var key = Webhooks.TEST_EVENT + ":" + UUID.randomUUID();
        webhooks.enqueue(endpointId, Webhooks.TEST_EVENT, JSON.writeValueAsString(body), key);
        return db.select(WEBHOOK_DELIVERY.ID)
                .from(WEBHOOK_DELIVERY)
                .where(WEBHOOK_DELIVERY.ENDPOINT_ID.eq(endpointId))
                .and(WEBHOOK_DELIVERY.IDEMPOTENCY_KEY.eq(key))
                .fetchOne(WEBHOOK_DELIVERY.ID);
    }

    /** Sends a delivery again from the start, whatever became of it (a failed one gets its attempts anew). */
    @Transactional
    Delivery redeliver(UUID deliveryId) {
        access.require(Area.SYSTEM, Operation.EDIT);
        var now = OffsetDateTime.now(clock);
        int updated = db.update(WEBHOOK_DELIVERY)
                .set(WEBHOOK_DELIVERY.STATUS, DeliveryStatus.PENDING.name())
                .set(WEBHOOK_DELIVERY.ATTEMPTS, 0)
                .set(WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT, now)
                .setNull(WEBHOOK_DELIVERY.DELIVERED_AT)
                .set(Stamps.changed(WEBHOOK_DELIVERY, CurrentUser.actor().userId(), now))
                .where(WEBHOOK_DELIVERY.ID.eq(deliveryId))
                .execute();
        if (updated == 0) {
            throw new NotFoundException("webhook delivery");
        }
        return db.selectFrom(WEBHOOK_DELIVERY)
                .where(WEBHOOK_DELIVERY.ID.eq(deliveryId))
                .fetchOne(Delivery::of);
    }

    /** The delivery log, newest first, for one endpoint or all, optionally of one status. */
    @Transactional(readOnly = true)
    Slice<Delivery> deliveries(UUID endpointId, String status, String cursor, int limit) {
        access.require(Area.SYSTEM, Operation.READ);
        Condition c = DSL.trueCondition();
        if (endpointId != null) {
            c = c.and(WEBHOOK_DELIVERY.ENDPOINT_ID.eq(endpointId));
        }
        if (status != null && !status.isBlank()) {
            try {
                c = c.and(WEBHOOK_DELIVERY.STATUS.eq(
                        DeliveryStatus.valueOf(status.strip().toUpperCase(Locale.ROOT))
                                .name()));
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("webhook.status.invalid", "Not a delivery status: " + status);
            }
        }
        if (cursor != null && !cursor.isBlank()) {
            var parts = Cursor.decode(cursor, 2);
            try {
                c = c.and(DSL.row(WEBHOOK_DELIVERY.CREATED_AT, WEBHOOK_DELIVERY.ID)
                        .lt(Cursor.time(parts.get(0)), UUID.fromString(parts.get(1))));
            } catch (RuntimeException e) {
                throw new InvalidValueException("cursor.invalid", "Malformed cursor");
            }
        }
        int size = Math.clamp(limit, 1, 200);
        var rows = db.selectFrom(WEBHOOK_DELIVERY)
                .where(c)
                .orderBy(WEBHOOK_DELIVERY.CREATED_AT.desc(), WEBHOOK_DELIVERY.ID.desc())
                .limit(size + 1)
                .fetch(Delivery::of);
        if (rows.size() <= size) {
            return new Slice<>(rows, null);
        }
        var page = List.copyOf(rows.subList(0, size));
        var last = page.getLast();
        return new Slice<>(
                page,
                Cursor.encode(List.of(last.createdAt().toString(), last.id().toString())));
    }

    // ------------------------------------------------------------------ inbound

    @Transactional(readOnly = true)
    List<Inbound> inbound() {
        access.require(Area.SYSTEM, Operation.READ);
        var calls = DSL.field(
                DSL.selectCount().from(INBOUND_HOOK_CALL).where(INBOUND_HOOK_CALL.HOOK_ID.eq(INBOUND_HOOK.ID)));
        return db.select(INBOUND_HOOK.ID, INBOUND_HOOK.NAME, INBOUND_HOOK.ACTIVE, INBOUND_HOOK.CREATED_AT, calls)
                .from(INBOUND_HOOK)
                .where(INBOUND_HOOK.DELETED_AT.isNull())
                .orderBy(INBOUND_HOOK.NAME, INBOUND_HOOK.ID)
                .fetch(r -> new Inbound(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    /** Allows a system to call the inbound webhooks with a new secret, which the answer carries this once. */
    @Transactional
    NewSecret createInbound(String name) {
        access.require(Area.SYSTEM, Operation.EDIT);
        var checked = new InboundName(name);
        FieldRules.require(FIELD, checked);
        var now = OffsetDateTime.now(clock);
        var by = CurrentUser.actor().userId();
        var secret = WebhookSignature.newSecret();
        var id = UUID.randomUUID();
        db.insertInto(INBOUND_HOOK)
                .set(INBOUND_HOOK.ID, id)
                .set(INBOUND_HOOK.NAME, checked.name())
                .set(INBOUND_HOOK.SECRET, cipher.encrypt(HooksCrypto.INBOUND_SECRET, secret))
                .set(INBOUND_HOOK.ACTIVE, true)
                .set(Stamps.created(INBOUND_HOOK, by, now))
                .execute();
        return new NewSecret(id, secret);
    }

    /** Stops accepting a system's calls (softly deleted; the calls it made stay on record). */
    @Transactional
    void deleteInbound(UUID id) {
        access.require(Area.SYSTEM, Operation.EDIT);
        var now = OffsetDateTime.now(clock);
        int updated = db.update(INBOUND_HOOK)
                .set(INBOUND_HOOK.DELETED_AT, now)
                .set(INBOUND_HOOK.ACTIVE, false)
                .set(Stamps.changed(INBOUND_HOOK, CurrentUser.actor().userId(), now))
                .where(INBOUND_HOOK.ID.eq(id))
                .and(INBOUND_HOOK.DELETED_AT.isNull())
                .execute();
        if (updated == 0) {
            throw new NotFoundException("inbound webhook");
        }
    }

    // ------------------------------------------------------------------ checks

    /**
     * A checked draft.
     *
     * @param name name
     * @param url address
     * @param events event types
     * @param active active
     */
    private record Checked(String name, String url, List<String> events, boolean active) {}

    private static Checked check(EndpointDraft draft) {
        var problems = new ArrayList<>(FieldRules.check(FIELD, draft));
        var events = draft.events() == null
                ? List.<String>of()
                : draft.events().stream()
                        .map(Inputs::trim)
                        .filter(e -> e != null)
                        .distinct()
                        .toList();
        if (events.isEmpty()) {
            problems.add(new FieldProblem("events", "webhook.field.events.required"));
        } else if (!Webhooks.EVENTS.containsAll(events)) {
            problems.add(new FieldProblem("events", "webhook.field.unknown-option"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return new Checked(draft.name(), draft.url(), events, draft.active() == null || draft.active());
    }
}
