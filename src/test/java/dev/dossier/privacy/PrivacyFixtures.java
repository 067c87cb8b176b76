package dev.dossier.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.support.ApiClient;
import dev.dossier.support.ApiClient.Answer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;

/** Customers, consents and requests made through the API for the privacy tests. */
final class PrivacyFixtures {

    static final String PROBLEM = "urn:dossier:problem:";

    private PrivacyFixtures() {}

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static String mobile() {
        var random = ThreadLocalRandom.current();
        return "13" + (5 + random.nextInt(5)) + String.format("%08d", random.nextInt(100_000_000));
    }

    static String individual(ApiClient api, String name) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "INDIVIDUAL");
        body.put("name", name);
        body.put("phones", List.of(Map.of("number", mobile())));
        return create(api, body).get("id").asString();
    }

    static JsonNode create(ApiClient api, Map<String, Object> body) {
        var answer = api.post("/api/v1/customers", ApiClient.json(body));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    static JsonNode consent(ApiClient api, String customerId, String purpose, String scope) {
        var answer = api.post(
                "/api/v1/customers/" + customerId + "/consents",
                ApiClient.json(Map.of(
                        "purpose", purpose, "scope", scope, "channel", "WEB_FORM", "evidence", "form #" + unique())));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    static JsonNode request(ApiClient api, String customerId, String kind, String destination, String requester) {
        var body = new LinkedHashMap<String, Object>();
        body.put("customerId", customerId);
        body.put("kind", kind);
        body.put("channel", "EMAIL");
        body.put("requesterName", requester);
        body.put("requesterContact", "requester-" + unique() + "@example.com");
        if (destination != null) {
            body.put("destination", destination);
        }
        var answer = api.post("/api/v1/privacy/requests", ApiClient.json(body));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    static Answer step(ApiClient api, JsonNode request, String action, Map<String, Object> extra) {
        var body = new LinkedHashMap<String, Object>(extra);
        body.put("action", action);
        body.put("version", request.get("version").asInt());
        return api.post("/api/v1/privacy/requests/" + request.get("id").asString() + "/steps", ApiClient.json(body));
    }

    /** Takes a step that must succeed; answers the request after it. */
    static JsonNode stepOk(ApiClient api, JsonNode request, String action, Map<String, Object> extra) {
        var answer = step(api, request, action, extra);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    /** Received → verified → in progress. */
    static JsonNode started(ApiClient api, JsonNode request) {
        var verified = stepOk(api, request, "VERIFY", Map.of("method", "ID card checked in person"));
        return stepOk(api, verified, "START", Map.of());
    }

    static void assertProblem(Answer answer, int status, String kind) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as(answer.body()).startsWith("application/problem+json");
        assertThat(answer.json().get("type").asString()).isEqualTo(PROBLEM + kind);
        assertThat(answer.json().get("title").asString()).isNotBlank();
    }
}
