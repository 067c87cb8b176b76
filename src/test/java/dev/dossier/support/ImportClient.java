package dev.dossier.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

/** Imports driven over the API as a client does: upload, map the columns, start, and follow the state. */
public final class ImportClient {

    public static final String IMPORTS = "/api/v1/imports";

    private final ApiClient client;

    public ImportClient(ApiClient client) {
        this.client = client;
    }

    /** Uploads a file as an import of the kind (customers when null). */
    public ApiClient.Answer upload(String kind, String fileName, byte[] content) {
        return upload(client, kind, fileName, content);
    }

    /** Uploads a file as another user. */
    public static ApiClient.Answer upload(ApiClient as, String kind, String fileName, byte[] content) {
        var query = "?fileName=" + URLEncoder.encode(fileName, StandardCharsets.UTF_8)
                + (kind == null ? "" : "&kind=" + kind);
        return as.send(as.request(IMPORTS + query)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(content))
                .build());
    }

    /** The import once it is in one of the states. */
    public JsonNode awaitState(String id, String... states) {
        var wanted = List.of(states);
        return Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> client.get(IMPORTS + "/" + id).json(),
                        j -> wanted.contains(j.get("state").asString()));
    }

    /** Keeps the columns as guessed, with the choice for rows already there and the importer as owner. */
    public ApiClient.Answer configure(String id, String onDuplicate) {
        var current = client.get(IMPORTS + "/" + id).json();
        var columns = new ArrayList<String>();
        for (var c : current.get("columns")) {
            if (!c.get("field").isNull()) {
                columns.add("{\"index\":%d,\"field\":\"%s\"}"
                        .formatted(c.get("index").asInt(), c.get("field").asString()));
            }
        }
        return client.put(
                IMPORTS + "/" + id,
                "{\"columns\":[%s],\"onDuplicate\":\"%s\",\"ownerRule\":\"IMPORTER\",\"version\":%d}"
                        .formatted(
                                String.join(",", columns),
                                onDuplicate,
                                current.get("version").asInt()),
                null);
    }

    /** Configures and starts an import, and waits for it to end. */
    public JsonNode run(String id, String onDuplicate) {
        var settings = configure(id, onDuplicate);
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
        var started = client.post(IMPORTS + "/" + id + "/start", "{}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        return awaitState(id, "DONE", "FAILED");
    }
}
