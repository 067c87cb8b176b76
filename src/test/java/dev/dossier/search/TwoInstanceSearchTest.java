package dev.dossier.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dossier.support.ApiClient;
import dev.dossier.support.SharedSchema;
import dev.dossier.support.TestClock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of Dossier on one PostgreSQL schema, each with a search index of its own: what is written on one is
 * found on the other within two seconds, both ways; an instance that was stopped finds, when it starts again, what
 * its index held on disk, and takes in what changed meanwhile from the feed.
 */
@Tag("database")
@EnabledIfEnvironmentVariable(named = "DOSSIER_TEST_PG_URL", matches = ".+")
@EnabledIfSystemProperty(named = "dossier.test.db", matches = "postgresql")
class TwoInstanceSearchTest {

    private final SharedSchema database = SharedSchema.migrated("search");

    @Test
    void eachInstanceFindsWhatTheOtherWrote() {
        var indexOfB = database.directory().resolve("search-b");
        var a = start(database.directory().resolve("search-a"));
        var b = start(indexOfB);
        var onA = admin(a);
        var onB = admin(b);

        var customerId = customer(onA);
        var first = word();
        interaction(onA, customerId, first);
        assertFoundWithinTwoSeconds(onB, first);

        var second = word();
        interaction(onB, customerId, second);
        assertFoundWithinTwoSeconds(onA, second);

        b.close();
        var third = word();
        interaction(onA, customerId, third);
        var again = admin(start(indexOfB));
        assertThat(found(again, first)).as("kept on its disk").isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> found(again, third));
        assertThat(again.get("/api/v1/search/index").status()).isEqualTo(200);
    }

    private void assertFoundWithinTwoSeconds(ApiClient api, String word) {
        await().atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> found(api, word));
    }

    private ConfigurableApplicationContext start(Path index) {
        return database.start(null, "--dossier.search.directory=" + index, "--dossier.search.poll=500ms");
    }

    private static ApiClient admin(ConfigurableApplicationContext instance) {
        return new ApiClient(SharedSchema.port(instance)).signIn("admin", "admin-password-1");
    }

    private static boolean found(ApiClient api, String word) {
        var answer = api.get("/api/v1/search?kind=interaction&q=" + URLEncoder.encode(word, StandardCharsets.UTF_8));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return !answer.json().get("groups").isEmpty();
    }

    private static String word() {
        var random = ThreadLocalRandom.current();
        var letters = new StringBuilder("w");
        for (int i = 0; i < 8; i++) {
            letters.append((char) ('a' + random.nextInt(26)));
        }
        return letters.toString();
    }

    private static String customer(ApiClient api) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "COMPANY");
        body.put("industry", "RETAIL");
        body.put("name", "Twin " + word());
        var answer = api.post("/api/v1/customers", ApiClient.json(body));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("id").asString();
    }

    private static void interaction(ApiClient api, String customerId, String word) {
        var body = new LinkedHashMap<String, Object>();
        body.put("subject", "customer:" + customerId);
        body.put("channel", "VISIT");
        body.put("direction", "OUTBOUND");
        body.put("startedAt", TestClock.utcNow().minusHours(1).toString());
        body.put("summary", "Visit " + word);
        body.put("content", "Talked about " + word + " and the new order.");
        body.put("outcome", "REACHED");
        var answer = api.post("/api/v1/interactions", ApiClient.json(body));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    }

    @AfterEach
    void dropSchema() throws SQLException {
        database.close();
    }
}
