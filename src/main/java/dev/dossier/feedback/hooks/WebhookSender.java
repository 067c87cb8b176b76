package dev.dossier.feedback.hooks;

import static dev.dossier.db.Tables.WEBHOOK_DELIVERY;
import static dev.dossier.db.Tables.WEBHOOK_ENDPOINT;

import dev.dossier.db.InLists;
import dev.dossier.db.Stamps;
import dev.dossier.feedback.hooks.Webhooks.DeliveryStatus;
import dev.dossier.jobs.Recurring;
import dev.dossier.keys.FieldCipher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts the pending deliveries. A background job (one instance at a time, every {@code dossier.webhooks.poll},
 * default 5 s) claims the due deliveries with {@code FOR UPDATE SKIP LOCKED} in a short transaction and leases them
 * for a while, so that a send asked for meanwhile does not take them too; the requests go out after the claim is
 * committed, each with a timeout. A 2xx
 * answer delivers; anything else is tried again after a backoff that grows fourfold each time (property
 * {@code dossier.webhooks.backoff}, default 30 s: 30 s, 2 min, 8 min, 32 min, …) until
 * {@code dossier.webhooks.max-attempts} (default 8) attempts have failed.
 */
@Component
class WebhookSender {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int BATCH = 50;
    private static final int EXCERPT = 2000;
    private static final int ERROR = 1000;

    private final DSLContext db;
    private final TransactionTemplate transactions;
    private final FieldCipher cipher;
    private final Clock clock;
    private final Duration backoff;
    private final int maxAttempts;
    private final Duration timeout;
    private final HttpClient http;

    WebhookSender(
            DSLContext db,
            TransactionTemplate transactions,
            FieldCipher cipher,
            Clock clock,
            @Value("${dossier.webhooks.backoff:30s}") Duration backoff,
            @Value("${dossier.webhooks.max-attempts:8}") int maxAttempts,
            @Value("${dossier.webhooks.timeout:10s}") Duration timeout) {
        this.db = db;
        this.transactions = transactions;
        this.cipher = cipher;
        this.clock = clock;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * A claimed delivery and where it goes.
     *
     * @param id delivery
     * @param eventType event type
     * @param payload the stored body
     * @param attempts attempts made before this one
     * @param url endpoint address
     * @param secret the endpoint's secret, encrypted
     */
    record Claimed(UUID id, String eventType, String payload, int attempts, String url, String secret) {}

    @Recurring(name = "webhooks", fixedDelay = "${dossier.webhooks.poll:5s}")
    void poll() {
        int sent;
        do {
            sent = sendDue();
        } while (sent == BATCH);
    }

    /** Sends one batch of the deliveries due by now; answers how many were claimed. */
    int sendDue() {
        var now = OffsetDateTime.now(clock);
        List<Claimed> claimed = transactions.execute(tx -> {
            var ids = db.select(WEBHOOK_DELIVERY.ID)
                    .from(WEBHOOK_DELIVERY)
                    .where(WEBHOOK_DELIVERY.STATUS.eq(DeliveryStatus.PENDING.name()))
                    .and(WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT.le(now))
                    .and(WEBHOOK_DELIVERY.ENDPOINT_ID.in(DSL.select(WEBHOOK_ENDPOINT.ID)
                            .from(WEBHOOK_ENDPOINT)
                            .where(WEBHOOK_ENDPOINT.ACTIVE.isTrue())
                            .and(WEBHOOK_ENDPOINT.DELETED_AT.isNull())))
                    .orderBy(WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT)
                    .limit(BATCH)
                    .forUpdate()
                    .skipLocked()
                    .fetch(WEBHOOK_DELIVERY.ID);
            if (ids.isEmpty()) {
                return List.of();
            }
            // The lease: while the requests are under way, no other poll takes these deliveries.
            db.update(WEBHOOK_DELIVERY)
                    .set(
                            WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT,
                            now.plus(timeout.multipliedBy(2)).plusMinutes(1))
                    .where(InLists.in(db, WEBHOOK_DELIVERY.ID, ids))
                    .execute();
            return db.select(
                            WEBHOOK_DELIVERY.ID,
                            WEBHOOK_DELIVERY.EVENT_TYPE,
                            WEBHOOK_DELIVERY.PAYLOAD,
                            WEBHOOK_DELIVERY.ATTEMPTS,
                            WEBHOOK_ENDPOINT.URL,
                            WEBHOOK_ENDPOINT.SECRET)
                    .from(WEBHOOK_DELIVERY)
                    .join(WEBHOOK_ENDPOINT)
                    .on(WEBHOOK_ENDPOINT.ID.eq(WEBHOOK_DELIVERY.ENDPOINT_ID))
                    .where(InLists.in(db, WEBHOOK_DELIVERY.ID, ids))
                    .orderBy(WEBHOOK_DELIVERY.CREATED_AT)
                    .fetch(r -> new Claimed(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
        });
        if (claimed == null) {
            return 0;
        }
        for (var delivery : claimed) {
            attempt(delivery);
        }
        return claimed.size();
    }

    private void attempt(Claimed delivery) {
        var now = OffsetDateTime.now(clock);
        Integer status = null;
        String excerpt = null;
        String error = null;
        try {
            var body = stamped(delivery.payload(), now);
            var timestamp = Long.toString(now.toEpochSecond());
            var secret = cipher.decrypt(HooksCrypto.ENDPOINT_SECRET, delivery.secret());
            var request = HttpRequest.newBuilder(URI.create(delivery.url()))
                    .timeout(timeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "Dossier-Webhooks/1")
                    .header("X-Dossier-Event", delivery.eventType())
                    .header("X-Dossier-Delivery", delivery.id().toString())
                    .header(WebhookSignature.TIMESTAMP_HEADER, timestamp)
                    .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
            var response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            status = response.statusCode();
            excerpt = cut(response.body(), EXCERPT);
        } catch (IOException | RuntimeException e) {
            error = cut(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), ERROR);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "Interrupted";
        }
        record(delivery, now, status, excerpt, error);
    }

    private void record(Claimed delivery, OffsetDateTime now, Integer status, String excerpt, String error) {
        int attempts = delivery.attempts() + 1;
        boolean delivered = status != null && status >= 200 && status < 300;
        if (!delivered && error == null) {
            error = "HTTP " + status;
        }
        DeliveryStatus next = delivered
                ? DeliveryStatus.DELIVERED
                : attempts >= maxAttempts ? DeliveryStatus.FAILED : DeliveryStatus.PENDING;
        db.update(WEBHOOK_DELIVERY)
                .set(WEBHOOK_DELIVERY.STATUS, next.name())
                .set(WEBHOOK_DELIVERY.ATTEMPTS, attempts)
                .set(
                        WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT,
                        next == DeliveryStatus.PENDING ? now.plus(backoff(backoff, attempts)) : null)
                .set(WEBHOOK_DELIVERY.LAST_STATUS, status)
                .set(WEBHOOK_DELIVERY.LAST_ERROR, delivered ? null : error)
                .set(WEBHOOK_DELIVERY.RESPONSE_EXCERPT, excerpt)
                .set(WEBHOOK_DELIVERY.DELIVERED_AT, delivered ? now : null)
                .set(Stamps.changed(WEBHOOK_DELIVERY, now))
                .where(WEBHOOK_DELIVERY.ID.eq(delivery.id()))
                .execute();
        if (next == DeliveryStatus.FAILED) {
            LOG.warn(
                    "Webhook delivery {} ({}) failed for good after {} attempts: {}",
                    delivery.id(),
                    delivery.eventType(),
                    attempts,
                    error);
        }
    }

    /** The wait after the n-th failed attempt: the base, four times longer after each further failure. */
    static Duration backoff(Duration base, int failedAttempts) {
        return base.multipliedBy(1L << (2 * Math.min(Math.max(failedAttempts - 1, 0), 10)));
    }

    /** The body as sent: a top-level {@code delivered_at} is set to the time of this attempt. */
    static String stamped(String payload, OffsetDateTime now) {
        try {
            if (JSON.readTree(payload) instanceof ObjectNode object && object.has("delivered_at")) {
                object.put(
                        "delivered_at",
                        now.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
                return JSON.writeValueAsString(object);
            }
        } catch (RuntimeException e) {
            // Not JSON this code can read: sent as stored.
        }
        return payload;
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
