package dev.dossier.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Long lists exported in the background: the same file as a download, kept for its reader alone, encrypted. */
@DossierTest
class BackgroundExportTest {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    DSLContext db;

    @Test
    void aManagerExportsInTheBackgroundFollowsTheProgressAndDownloadsTheSameFile() {
        var manager = new ApiClient(port).signIn(users.create(Role.MANAGER), TestUsers.PASSWORD);
        var tag = "bg" + UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 3; i++) {
            var answer = manager.post(
                    "/api/v1/customers",
                    ("{\"type\":\"INDIVIDUAL\",\"name\":\"后台导出%d%s\",\"tags\":[\"%s\"],"
                                    + "\"phones\":[{\"type\":\"MOBILE\",\"number\":\"136%08d\"}]}")
                            .formatted(i, tag, tag, new Random().nextInt(100_000_000)));
            assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        }

        var started = manager.post("/api/v1/customers/export?format=CSV&tag=" + tag, "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        var status = started.header("Location");
        assertThat(status)
                .endsWith("/api/v1/exports/" + started.json().get("id").asString());
        var path = status.substring(status.indexOf("/api/v1/exports/"));
        var done = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> manager.get(path).json(),
                        j -> !"RUNNING".equals(j.get("state").asString()));
        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("DONE");
        assertThat(done.get("rowsDone").asLong()).isEqualTo(3);
        assertThat(done.get("fileName").asString()).isEqualTo("customers.csv");
        assertThat(manager.get("/api/v1/exports").body())
                .contains(started.json().get("id").asString());

        var file = manager.download(path + "/file", "en");
        assertThat(file.statusCode()).isEqualTo(200);
        var direct = manager.download("/api/v1/customers/export?format=CSV&tag=" + tag, "en");
        assertThat(new String(file.body(), StandardCharsets.UTF_8))
                .isEqualTo(new String(direct.body(), StandardCharsets.UTF_8))
                .contains("后台导出0" + tag);
        // The file rests encrypted: no customer's name is readable in the stored chunks.
        assertThat(db.fetchCount(db.selectFrom("export_chunk").where("data like ?", "%" + tag + "%")))
                .isZero();
        // Nor its filter, which may name a person.
        assertThat(db.fetchCount(db.selectFrom("export_job").where("description like ?", "%" + tag + "%")))
                .isZero();
        assertThat(done.get("description").asString()).contains("tag=" + tag);

        // Nobody else sees it or downloads it.
        var other = new ApiClient(port).signIn(users.create(Role.MANAGER), TestUsers.PASSWORD);
        assertThat(other.get(path).status()).isEqualTo(404);
        assertThat(other.download(path + "/file", "en").statusCode()).isEqualTo(404);
        assertThat(other.get("/api/v1/exports").body())
                .doesNotContain(started.json().get("id").asString());

        assertThat(manager.delete(path).status()).isEqualTo(204);
        assertThat(manager.get(path).status()).isEqualTo(404);
    }

    @Test
    void withoutTheExportRightNothingStarts() {
        var seller = new ApiClient(port).signIn(users.create(Role.SALES), TestUsers.PASSWORD);
        var answer = seller.post("/api/v1/interactions/export?format=CSV", "");
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(seller.get("/api/v1/exports").body()).isEqualTo("[]");
    }
}
