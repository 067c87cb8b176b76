package dev.dossier.interactions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;

/** Customers and interactions made through the API for the interaction tests. */
final class InteractionFixtures {

    private InteractionFixtures() {}

    static String mobile() {
        var random = ThreadLocalRandom.current();
        return "13" + (5 + random.nextInt(5)) + String.format("%08d", random.nextInt(100_000_000));
    }

    static String customer(ApiClient api, String name) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "COMPANY");
        body.put("industry", "MANUFACTURING");
        body.put("name", name);
        body.put("phones", List.of(Map.of("number", mobile())));
        var answer = api.post("/api/v1/customers", ApiClient.json(body));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("id").asString();
    }

    static String contact(ApiClient api, String customerId, String name) {
        var answer = api.post("/api/v1/customers/" + customerId + "/contacts", ApiClient.json(Map.of("name", name)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("id").asString();
    }

    /** An interaction payload; {@code extra} overrides or adds fields. */
    static Map<String, Object> interaction(String subject, Map<String, Object> extra) {
        var body = new LinkedHashMap<String, Object>();
        body.put("subject", subject);
        body.put("channel", "CALL");
        body.put("direction", "OUTBOUND");
        body.put("startedAt", TestClock.utcNow().minusHours(1).toString());
        body.put("durationMinutes", 15);
        body.put(
                "summary",
                "Talked about the renewal " + UUID.randomUUID().toString().substring(0, 6));
        body.put("outcome", "REACHED");
        body.putAll(extra);
        return body;
    }

    static JsonNode log(ApiClient api, String subject, Map<String, Object> extra) {
        var answer = api.post("/api/v1/interactions", ApiClient.json(interaction(subject, extra)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }
}
