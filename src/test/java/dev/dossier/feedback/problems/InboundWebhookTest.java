package dev.dossier.feedback.problems;

import static dev.dossier.db.Tables.INBOUND_HOOK_CALL;
import static dev.dossier.db.Tables.PROBLEM_TRANSITION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.feedback.hooks.WebhookSignature;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The tracker's calls to {@code /api/v1/hooks/problems}: a good signature moves the problem and is recorded; a forged,
 * stale or missing signature is refused with 401 and changes nothing; an unknown problem is 404, a bad status 422.
 */
@DossierTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboundWebhookTest {

    private static final String PATH = "/api/v1/hooks/problems";

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    DSLContext db;

    private ApiClient service;
    private ApiClient anonymous;
    private String secret;
    private UUID hookId;

    @BeforeAll
    void setUp() {
        var admin = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        var allowed = admin.post("/api/v1/webhooks/inbound", ApiClient.json(Map.of("name", "Jira")));
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(201);
        secret = allowed.json().get("secret").asString();
        hookId = UUID.fromString(allowed.json().get("id").asString());
        assertThat(admin.get("/api/v1/webhooks/inbound").body()).doesNotContain(secret);
        service = new ApiClient(port).signIn(users.create(Role.SERVICE), TestUsers.PASSWORD);
        anonymous = new ApiClient(port);
    }

    private JsonNode problem() {
        var made = service.post(
                "/api/v1/problems",
                ApiClient.json(Map.of("title", "Sync loses notes " + UUID.randomUUID(), "severity", "MAJOR")));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        return made.json();
    }

    private static String fixed(String problem) {
        var body = new LinkedHashMap<String, Object>();
        body.put("problem", problem);
        body.put("status", "FIXED");
        body.put("external_ref", "PROJ-42");
        body.put("external_url", "https://jira.example.com/browse/PROJ-42");
        body.put("fixed_in_version", "2.4.1");
        body.put("comment", "Fixed in the sync engine");
        return ApiClient.json(body);
    }

    private ApiClient.Answer call(String body, String timestamp, String signature) {
        var request = HttpRequest.newBuilder(URI.create(anonymous.url(PATH)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (timestamp != null) {
            request.header(WebhookSignature.TIMESTAMP_HEADER, timestamp);
        }
        if (signature != null) {
            request.header(WebhookSignature.SIGNATURE_HEADER, signature);
        }
        return anonymous.send(request.build());
    }

    private ApiClient.Answer signed(String body) {
        var now = Long.toString(TestClock.now().getEpochSecond());
        return call(body, now, WebhookSignature.sign(secret, now, body));
    }

    private JsonNode current(JsonNode problem) {
        return service.get("/api/v1/problems/" + problem.get("id").asString()).json();
    }

    private int calls() {
        return db.fetchCount(INBOUND_HOOK_CALL, INBOUND_HOOK_CALL.HOOK_ID.eq(hookId));
    }

    @Test
    void aWellSignedCallMarksTheProblemFixedAndIsRecorded() {
        var problem = problem();
        int before = calls();
        var answer = signed(fixed(problem.get("number").asString()));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("status").asString()).isEqualTo("FIXED");

        var now = current(problem);
        assertThat(now.get("status").asString()).isEqualTo("FIXED");
        assertThat(now.get("externalRef").asString()).isEqualTo("PROJ-42");
        assertThat(now.get("externalUrl").asString()).isEqualTo("https://jira.example.com/browse/PROJ-42");
        assertThat(now.get("fixedInVersion").asString()).isEqualTo("2.4.1");
        assertThat(now.get("fixedAt").isNull()).isFalse();
        var history = service.get("/api/v1/problems/" + problem.get("id").asString() + "/history")
                .json();
        var last = history.get(history.size() - 1);
        assertThat(last.get("to").asString()).isEqualTo("FIXED");
        assertThat(last.get("source").asString()).isEqualTo("WEBHOOK");
        assertThat(last.get("actorId").isNull()).isTrue();
        assertThat(last.get("comment").asString()).isEqualTo("Fixed in the sync engine");
        assertThat(calls()).isEqualTo(before + 1);

        // The problem's id names it as well as its number.
        var byId = signed(ApiClient.json(Map.of("problem", problem.get("id").asString(), "status", "CLOSED")));
        assertThat(byId.status()).as(byId.body()).isEqualTo(200);
        assertThat(current(problem).get("status").asString()).isEqualTo("CLOSED");
    }

    @Test
    void forgedStaleAndMissingSignaturesAreRefusedAndChangeNothing() {
        var problem = problem();
        var body = fixed(problem.get("number").asString());
        var now = Long.toString(TestClock.now().getEpochSecond());
        int before = calls();
        int transitions = db.fetchCount(
                PROBLEM_TRANSITION,
                PROBLEM_TRANSITION.PROBLEM_ID.eq(
                        UUID.fromString(problem.get("id").asString())));

        var forged = call(body, now, WebhookSignature.sign("whsec_guessed", now, body));
        var tampered = call(body.replace("FIXED", "WONT_FIX"), now, WebhookSignature.sign(secret, now, body));
        var stale = Long.toString(TestClock.now().minusSeconds(6 * 60).getEpochSecond());
        var replayed = call(body, stale, WebhookSignature.sign(secret, stale, body));
        var missing = call(body, null, null);
        var noTimestamp = call(body, null, WebhookSignature.sign(secret, now, body));

        for (var refused : new ApiClient.Answer[] {forged, tampered, replayed, missing, noTimestamp}) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(401);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(forged.json().get("type").asString()).endsWith("webhook-signature");
        assertThat(replayed.json().get("type").asString()).endsWith("webhook-stale");

        var unchanged = current(problem);
        assertThat(unchanged.get("status").asString()).isEqualTo("OPEN");
        assertThat(unchanged.get("version").asInt())
                .isEqualTo(problem.get("version").asInt());
        assertThat(unchanged.get("externalRef").isNull()).isTrue();
        assertThat(calls()).isEqualTo(before);
        assertThat(db.fetchCount(
                        PROBLEM_TRANSITION,
                        PROBLEM_TRANSITION.PROBLEM_ID.eq(
                                UUID.fromString(problem.get("id").asString()))))
                .isEqualTo(transitions);
    }

    @Test
    void anUnknownProblemIsNotFoundAndAnInvalidStatusIsRefused() {
        var problem = problem();
        int before = calls();
        assertThat(signed(fixed("P-99999")).status()).isEqualTo(404);
        assertThat(signed(fixed(UUID.randomUUID().toString())).status()).isEqualTo(404);

        var invalid =
                signed(ApiClient.json(Map.of("problem", problem.get("number").asString(), "status", "DONE-ISH")));
        assertThat(invalid.status()).as(invalid.body()).isEqualTo(422);
        assertThat(invalid.json().get("errors").toString()).contains("status");
        assertThat(signed("not json").status()).isEqualTo(400);
        assertThat(current(problem).get("status").asString()).isEqualTo("OPEN");
        assertThat(calls()).isEqualTo(before);
    }
}
