package dev.dossier.notes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.support.ApiClient;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;

/** Customers, templates and notes made through the API for the notes tests. */
final class NotesFixtures {

    private NotesFixtures() {}

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new individual customer owned by whoever creates it; its id. */
    static String customer(ApiClient api, String name) {
        var random = ThreadLocalRandom.current();
        var body = Map.of(
                "type",
                "INDIVIDUAL",
                "name",
                name,
                "phones",
                List.of(Map.of(
                        "number",
                        "13" + (5 + random.nextInt(5)) + String.format("%08d", random.nextInt(100_000_000)))));
        var answer = api.post("/api/v1/customers", ApiClient.json(body));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("id").asString();
    }

    /** A template by its shipped code. */
    static JsonNode shipped(ApiClient api, String code) {
        var answer = api.get("/api/v1/note-templates");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        for (var t : answer.json()) {
            if (t.path("code").isString() && code.equals(t.get("code").asString())) {
                return t;
            }
        }
        throw new AssertionError("no template " + code + " in " + answer.body());
    }

    /** Section ids of a template by code (shipped) or title. */
    static Map<String, String> sections(JsonNode template) {
        var ids = new HashMap<String, String>();
        for (var s : template.get("sections")) {
            var code = s.path("code").isString() ? s.get("code").asString() : null;
            ids.put(code != null ? code : s.get("title").asString(), s.get("id").asString());
        }
        return ids;
    }

    /** A communication record about a subject with the two required sections filled. */
    static ApiClient.Answer communication(ApiClient api, String subject, String purpose, String discussion) {
        var template = shipped(api, "communication");
        var ids = sections(template);
        var body = new LinkedHashMap<String, Object>();
        body.put("subject", subject);
        body.put("templateId", template.get("id").asString());
        body.put("category", "MEETING");
        body.put("tags", List.of("q3"));
        body.put("sections", Map.of(ids.get("purpose"), purpose, ids.get("discussion"), discussion));
        return api.post("/api/v1/notes", ApiClient.json(body));
    }

    static JsonNode communicationOk(ApiClient api, String subject, String purpose, String discussion) {
        var answer = communication(api, subject, purpose, discussion);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    static void assertProblem(ApiClient.Answer answer, int status, String kind) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as(answer.body()).startsWith("application/problem+json");
        assertThat(answer.json().get("type").asString()).isEqualTo("urn:dossier:problem:" + kind);
    }
}
