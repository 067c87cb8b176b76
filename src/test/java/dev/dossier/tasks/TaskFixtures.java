package dev.dossier.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;

/** Customers and tasks made through the API for the task tests. */
final class TaskFixtures {

    private TaskFixtures() {}

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static String mobile() {
        var random = ThreadLocalRandom.current();
        return "13" + (5 + random.nextInt(5)) + String.format("%08d", random.nextInt(100_000_000));
    }

    /** A new individual customer owned by the caller; answers its id. */
    static String customer(ApiClient api, String name, String grade) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "INDIVIDUAL");
        body.put("name", name);
        body.put("grade", grade);
        body.put("phones", List.of(Map.of("number", mobile())));
        var answer = api.post("/api/v1/customers", ApiClient.json(body));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("id").asString();
    }

    static OffsetDateTime inHours(long hours) {
        return TestClock.utcNow().plusHours(hours).truncatedTo(ChronoUnit.SECONDS);
    }

    /** A task builder with sensible defaults: a to-do due tomorrow. */
    static Draft aTask(String title) {
        return new Draft(title);
    }

    static final class Draft {
        private final Map<String, Object> body = new LinkedHashMap<>();

        Draft(String title) {
            body.put("title", title);
            body.put("dueAt", inHours(24).toString());
        }

        Draft about(String subject) {
            body.put("subject", subject);
            return this;
        }

        Draft aboutCustomer(String customerId) {
            return about("customer:" + customerId);
        }

        Draft with(String field, Object value) {
            body.put(field, value == null ? null : value.toString());
            return this;
        }

        /** Shares the customer with the assignee if they cannot open it. */
        Draft sharingTheCustomer() {
            body.put("shareCustomer", true);
            return this;
        }

        Draft due(OffsetDateTime at) {
            return with("dueAt", at);
        }

        String json() {
            return ApiClient.json(body);
        }

        ApiClient.Answer post(ApiClient api) {
            return api.post("/api/v1/tasks", json());
        }

        JsonNode create(ApiClient api) {
            var answer = post(api);
            assertThat(answer.status()).as(answer.body()).isEqualTo(201);
            return answer.json();
        }
    }
}
