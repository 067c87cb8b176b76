package dev.dossier.feedback.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Outbound webhooks against a real HTTP receiver: signed deliveries, retries after failures until delivered, the
 * delivery log, giving up after the last attempt, redelivery and the test event. The backoff is shortened to 200 ms.
 */
@DossierTest
@TestPropertySource(
        properties = {
            "dossier.webhooks.poll=200ms",
            "dossier.webhooks.backoff=200ms",
            "dossier.webhooks.max-attempts=3",
            "dossier.webhooks.timeout=5s"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookDeliveryTest {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    private ApiClient admin;
    private ApiClient service;
    private final Receiver receiver = new Receiver(2);

    @BeforeAll
    void signIn() {
        admin = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        service = new ApiClient(port).signIn(users.create(Role.SERVICE), TestUsers.PASSWORD);
    }

    @AfterAll
    void stop() {
        receiver.close();
    }

    private JsonNode endpoint(String name, List<String> events) {
        var made = admin.post(
                "/api/v1/webhooks", ApiClient.json(Map.of("name", name, "url", receiver.url(), "events", events)));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        return made.json();
    }

    private JsonNode problem(String title) {
        var made = service.post(
                "/api/v1/problems",
                ApiClient.json(Map.of(
                        "title",
                        title,
                        "severity",
                        "CRITICAL",
                        "description",
                        "Exports stop at 1,000 rows",
                        "reproductionSteps",
                        "1. Export\n2. Count the rows")));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        return made.json();
    }

    @Test
    void aHandOffIsSignedRetriedAfterTwoFailuresAndThenDeliveredAndLogged() {
        var endpoint = endpoint("Tracker " + UUID.randomUUID(), List.of("problem.handed_off"));
        var secret = endpoint.get("secret").asString();
        assertThat(secret).startsWith("whsec_");
        var endpointId = endpoint.get("endpoint").get("id").asString();
        assertThat(admin.get("/api/v1/webhooks/" + endpointId).body()).doesNotContain(secret);

        var problem = problem("Export truncated " + UUID.randomUUID());
        var handedOff = service.post("/api/v1/problems/" + problem.get("id").asString() + "/hand-off", "{}");
        assertThat(handedOff.status()).as(handedOff.body()).isEqualTo(200);
        assertThat(handedOff.json().get("status").asString()).isEqualTo("HANDED_OFF");

        await().atMost(Duration.ofSeconds(20))
                .until(() -> receiver.of("problem.handed_off").stream()
                        .filter(r -> r.body().contains(problem.get("id").asString()))
                        .anyMatch(r -> r.answered() == 200));
        var attempts = receiver.of("problem.handed_off").stream()
                .filter(r -> r.body().contains(problem.get("id").asString()))
                .toList();
        assertThat(attempts).extracting(Receiver.Received::answered).containsExactly(500, 500, 200);
        assertThat(attempts)
                .extracting(r -> r.header("X-Dossier-Delivery"))
                .containsOnly(attempts.getFirst().header("X-Dossier-Delivery"));
        for (var attempt : attempts) {
            var timestamp = attempt.header("X-Dossier-Timestamp");
            // What the receiver computes from the secret it was given once.
            assertThat(attempt.header("X-Dossier-Signature"))
                    .isEqualTo(WebhookSignature.sign(secret, timestamp, attempt.body()))
                    .isNotEqualTo(WebhookSignature.sign("another secret", timestamp, attempt.body()));
            assertThat(Math.abs(Long.parseLong(timestamp) - TestClock.now().getEpochSecond()))
                    .isLessThan(60);
        }

        var payload = tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .readTree(attempts.getLast().body());
        assertThat(payload.get("event").asString()).isEqualTo("problem.handed_off");
        assertThat(payload.get("delivered_at").asString()).isNotBlank();
        var p = payload.get("problem");
        assertThat(p.get("number").asString()).matches("P-\\d{5}");
        assertThat(p.get("severity").asString()).isEqualTo("CRITICAL");
        assertThat(p.get("status").asString()).isEqualTo("HANDED_OFF");
        assertThat(p.get("reproduction_steps").asString()).contains("Count the rows");
        assertThat(p.get("url").asString())
                .endsWith("/problems/" + problem.get("id").asString());
        assertThat(p.has("affected_customers")).isTrue();
        assertThat(p.get("product").has("name")).isTrue();
        var suggested = payload.get("suggested");
        assertThat(suggested.get("title").asString())
                .startsWith("[" + p.get("number").asString() + "] Export");
        assertThat(suggested.get("body_markdown").asString()).contains("## Steps to reproduce");
        assertThat(suggested.get("priority").asString()).isEqualTo("Highest");
        assertThat(suggested.get("labels").toString()).contains("severity:critical");

        // The receiver answers before the sender records the answer.
        await().atMost(Duration.ofSeconds(20)).until(() -> status(endpointId).equals("DELIVERED"));
        var log = admin.get("/api/v1/webhooks/deliveries?endpoint=" + endpointId)
                .json()
                .get("items");
        assertThat(log).hasSize(1);
        var delivery = log.get(0);
        assertThat(delivery.get("id").asString()).isEqualTo(attempts.getFirst().header("X-Dossier-Delivery"));
        assertThat(delivery.get("status").asString()).isEqualTo("DELIVERED");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
        assertThat(delivery.get("lastStatus").asInt()).isEqualTo(200);
        assertThat(delivery.get("deliveredAt").isNull()).isFalse();
        assertThat(delivery.get("responseExcerpt").asString()).isEqualTo("ok");
    }

    @Test
    void aDeliveryFailsAfterTheLastAttemptAndIsSentAgainOnRedelivery() {
        receiver.failuresPerDelivery(3);
        try {
            var endpoint = endpoint("Failing " + UUID.randomUUID(), List.of("problem.status_changed"));
            var endpointId = endpoint.get("endpoint").get("id").asString();
            var problem = problem("Crash on save " + UUID.randomUUID());
            var moved = service.post(
                    "/api/v1/problems/" + problem.get("id").asString() + "/status",
                    ApiClient.json(Map.of("status", "IN_PROGRESS", "comment", "Looking into it")));
            assertThat(moved.status()).as(moved.body()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> status(endpointId).equals("FAILED"));
            var failed = admin.get("/api/v1/webhooks/deliveries?endpoint=" + endpointId + "&status=FAILED")
                    .json()
                    .get("items")
                    .get(0);
            assertThat(failed.get("attempts").asInt()).isEqualTo(3);
            assertThat(failed.get("lastStatus").asInt()).isEqualTo(500);
            assertThat(failed.get("lastError").asString()).isEqualTo("HTTP 500");
            assertThat(failed.get("nextAttemptAt").isNull()).isTrue();

            var again =
                    admin.post("/api/v1/webhooks/deliveries/" + failed.get("id").asString() + "/redelivery", "");
            assertThat(again.status()).as(again.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> status(endpointId).equals("DELIVERED"));
            assertThat(receiver.received().stream()
                            .filter(r -> failed.get("id").asString().equals(r.header("X-Dossier-Delivery"))))
                    .hasSize(4);
        } finally {
            receiver.failuresPerDelivery(2);
        }
    }

    @Test
    void aTestEventReachesOnlyTheEndpointItWasSentToAndOnlySubscribedEventsAreSent() {
        var endpoint = endpoint("Ping " + UUID.randomUUID(), List.of("problem.reported"));
        var endpointId = endpoint.get("endpoint").get("id").asString();
        var sent = admin.post("/api/v1/webhooks/" + endpointId + "/tests", "");
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        var deliveryId = sent.json().get("deliveryId").asString();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> receiver.received().stream()
                        .anyMatch(r -> deliveryId.equals(r.header("X-Dossier-Delivery")) && r.answered() == 200));
        assertThat(receiver.of("webhook.test")).isNotEmpty();

        var problem = problem("Reported only " + UUID.randomUUID());
        service.post(
                "/api/v1/problems/" + problem.get("id").asString() + "/status",
                ApiClient.json(Map.of("status", "IN_PROGRESS")));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> status(endpointId, "problem.reported").equals("DELIVERED"));
        var events = admin.get("/api/v1/webhooks/deliveries?endpoint=" + endpointId)
                .json()
                .get("items")
                .valueStream()
                .map(d -> d.get("eventType").asString())
                .toList();
        assertThat(events).doesNotContain("problem.status_changed");
    }

    @Test
    void onlyAdministratorsManageWebhooksAndBadEndpointsAreRefused() {
        assertThat(service.get("/api/v1/webhooks").status()).isEqualTo(403);
        var bad = admin.post(
                "/api/v1/webhooks",
                ApiClient.json(Map.of("name", "", "url", "ftp://example.com", "events", List.of("problem.unknown"))));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().get("errors").toString()).contains("name", "url", "events");
    }

    private String status(String endpointId) {
        var items = admin.get("/api/v1/webhooks/deliveries?endpoint=" + endpointId)
                .json()
                .get("items");
        return items.isEmpty() ? "" : items.get(0).get("status").asString();
    }

    private String status(String endpointId, String event) {
        return admin.get("/api/v1/webhooks/deliveries?endpoint=" + endpointId)
                .json()
                .get("items")
                .valueStream()
                .filter(d -> d.get("eventType").asString().equals(event))
                .map(d -> d.get("status").asString())
                .findFirst()
                .orElse("");
    }
}
