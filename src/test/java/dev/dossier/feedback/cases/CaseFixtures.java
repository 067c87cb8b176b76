package dev.dossier.feedback.cases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.support.ApiClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Customers made through the API and case drafts for the case tests. */
final class CaseFixtures {

    private CaseFixtures() {}

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new individual customer owned by the caller; answers its id. */
    static UUID customer(ApiClient api, String name, String grade) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "INDIVIDUAL");
        body.put("name", name);
        body.put("grade", grade);
        var random = ThreadLocalRandom.current();
        body.put(
                "phones",
                List.of(Map.of(
                        "number",
                        "13" + (5 + random.nextInt(5)) + String.format("%08d", random.nextInt(100_000_000)))));
        var answer = api.post("/api/v1/customers", ApiClient.json(body));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return UUID.fromString(answer.json().get("id").asString());
    }

    /** A complaint about the customer, logged on the phone. */
    static CaseManagement.NewCase complaint(UUID customerId, String title) {
        return new CaseManagement.NewCase(
                customerId,
                null,
                title,
                "The delivery came two weeks late.",
                "COMPLAINT",
                "HIGH",
                "Delivery",
                List.of("late", "Delivery, late"),
                null,
                null,
                "SO-2026-0042",
                "PHONE",
                null,
                null,
                null);
    }
}
