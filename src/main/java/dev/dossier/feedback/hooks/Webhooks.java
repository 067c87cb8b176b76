package dev.dossier.feedback.hooks;

import static dev.dossier.db.Tables.WEBHOOK_DELIVERY;
import static dev.dossier.db.Tables.WEBHOOK_ENDPOINT;

import dev.dossier.db.Stamps;
import dev.dossier.identity.CurrentUser;
import dev.dossier.shared.Upserts;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sends events to the endpoints that subscribed to them. Publishing only writes one delivery per subscribed endpoint,
 * in the caller's transaction: if the caller's change is rolled back, nothing is sent; the sender posts the
 * deliveries shortly after, signed, and retries them with backoff.
 */
@Service
public class Webhooks {

    /** The events an endpoint can subscribe to. */
    public static final List<String> EVENTS =
            List.of("problem.handed_off", "problem.status_changed", "problem.reported");
    /** The event "send test event" sends; every endpoint receives it when asked. */
    static final String TEST_EVENT = "webhook.test";

    private final DSLContext db;
    private final Clock clock;

    Webhooks(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Enqueues one delivery of the event for every active endpoint subscribed to it. Publishing the same key again
     * for an endpoint changes nothing.
     *
     * @param eventType e.g. {@code problem.handed_off}
     * @param jsonPayload the body to send; a top-level {@code delivered_at} field is set when each attempt is sent
     * @param key what makes this event unique, e.g. {@code problem.handed_off:<id>:<version>}
     * @return how many deliveries were enqueued
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int publish(String eventType, String jsonPayload, String key) {
        int count = 0;
        var endpoints = db.select(WEBHOOK_ENDPOINT.ID, WEBHOOK_ENDPOINT.EVENTS)
                .from(WEBHOOK_ENDPOINT)
                .where(WEBHOOK_ENDPOINT.ACTIVE.isTrue())
                .and(WEBHOOK_ENDPOINT.DELETED_AT.isNull())
                .fetch();
        for (var endpoint : endpoints) {
            if (subscribed(endpoint.value2(), eventType)) {
                count += enqueue(endpoint.value1(), eventType, jsonPayload, key);
            }
        }
        return count;
    }

    static boolean subscribed(String events, String eventType) {
        return Arrays.stream(events.split(",")).map(String::strip).anyMatch(e -> e.equals(eventType));
    }

    /** One delivery to one endpoint; answers 0 when the key was enqueued for it before. */
    int enqueue(UUID endpointId, String eventType, String jsonPayload, String key) {
        var now = OffsetDateTime.now(clock);
        var by = CurrentUser.find().map(u -> u.id()).orElse(null);
        return Upserts.ifAbsent(() -> db.insertInto(WEBHOOK_DELIVERY)
                .set(WEBHOOK_DELIVERY.ID, UUID.randomUUID())
                .set(WEBHOOK_DELIVERY.ENDPOINT_ID, endpointId)
                .set(WEBHOOK_DELIVERY.EVENT_TYPE, eventType)
                .set(WEBHOOK_DELIVERY.PAYLOAD, jsonPayload)
                .set(WEBHOOK_DELIVERY.IDEMPOTENCY_KEY, key)
                .set(WEBHOOK_DELIVERY.STATUS, DeliveryStatus.PENDING.name())
                .set(WEBHOOK_DELIVERY.ATTEMPTS, 0)
                .set(WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT, now)
                .set(Stamps.created(WEBHOOK_DELIVERY, by, now))
                .onConflict(WEBHOOK_DELIVERY.ENDPOINT_ID, WEBHOOK_DELIVERY.IDEMPOTENCY_KEY)
                .doNothing()
                .execute());
    }

    /** Where a delivery stands. */
    enum DeliveryStatus {
        PENDING,
        DELIVERED,
        FAILED
    }
}
