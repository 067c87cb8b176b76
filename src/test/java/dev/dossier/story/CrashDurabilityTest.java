package dev.dossier.story;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dossier.support.ApiClient;
import dev.dossier.support.ChildApplication;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A 201 means the record is on disk. The application runs as its own process on the default settings (on H2: the
 * file database in {@code ./data} of its working directory; on PostgreSQL: a fresh schema); eight clients create
 * customers through the API, the process is killed with SIGKILL in the middle of the burst and started again on the
 * same directory and database. Every customer whose creation was answered 201 is there, with its change history,
 * and its audit entry (written to the audit inbox in the same transaction) joins the chain.
 */
@Tag("database")
class CrashDurabilityTest {

    private static final int CLIENTS = 8;
    /** Acknowledged creates after which the process is killed, while the clients keep sending. */
    private static final int KILL_AFTER = 150;
    /** A bound on the burst in case the kill does not stop it. */
    private static final int MOST = 5_000;

    @Test
    void everyAcknowledgedCreateSurvivesAKill() throws Exception {
        try (var app = ChildApplication.inNewDirectory("crash").jvmOption("-XX:TieredStopAtLevel=1")) {
            app.start();
            var token = new ApiClient(app.port())
                    .signIn("admin", ChildApplication.ADMIN_PASSWORD)
                    .token();

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            var sent = new AtomicInteger();
            var killNow = new CountDownLatch(1);
            var threads = new ArrayList<Thread>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                threads.add(Thread.ofPlatform().name("client-" + c).start(() -> {
                    var api = new ApiClient(app.port()).withToken(token);
                    while (sent.incrementAndGet() <= MOST) {
                        ApiClient.Answer answer;
                        try {
                            answer = api.post("/api/v1/customers", ApiClient.json(customer(client, sent.get())));
                        } catch (IllegalStateException e) {
                            return; // the server is gone
                        }
                        if (answer.status() == 201) {
                            acknowledged.add(answer.json().get("id").asString());
                            if (acknowledged.size() >= KILL_AFTER) {
                                killNow.countDown();
                            }
                        }
                    }
                }));
            }
            killNow.await();
            app.kill();
            for (var thread : threads) {
                thread.join();
            }
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(KILL_AFTER);
            assertThat(sent.get())
                    .as("the kill came in the middle of the burst")
                    .isLessThan(MOST);

            app.start();
            var api = new ApiClient(app.port()).signIn("admin", ChildApplication.ADMIN_PASSWORD);
            var missing = new ArrayList<String>();
            for (var id : acknowledged) {
                if (api.get("/api/v1/customers/" + id).status() != 200) {
                    missing.add(id);
                }
            }
            assertThat(missing)
                    .as("customers answered 201 and gone after the crash, of " + acknowledged.size())
                    .isEmpty();

            // Each audit entry committed with its customer; those the crash left in the inbox join the chain after
            // the restart.
            Set<String> audited = ConcurrentHashMap.newKeySet();
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        for (var id : acknowledged) {
                            if (!audited.contains(id)
                                    && api.get("/api/v1/audit?action=customer.registered&subjectId=" + id)
                                                    .json()
                                                    .get("items")
                                                    .size()
                                            > 0) {
                                audited.add(id);
                            }
                        }
                        assertThat(audited).hasSameSizeAs(acknowledged);
                    });

            app.stop();
            if (!app.onPostgresql()
                    && java.nio.file.Files.getFileStore(app.directory()).supportsFileAttributeView("posix")) {
                var data = app.directory().resolve("data");
                assertThat(permissions(data)).as("the data directory").isEqualTo("rwx------");
                assertThat(permissions(data.resolve("dossier.mv.db")))
                        .as("the database file")
                        .isEqualTo("rw-------");
                assertThat(permissions(data.resolve("keys")))
                        .as("the key directory")
                        .isEqualTo("rwx------");
                assertThat(permissions(data.resolve("keys/dossier.keys")))
                        .as("the key file")
                        .isEqualTo("rw-------");
            }
            var withHistory = new HashSet<String>();
            try (var connection = app.connect();
                    var statement = connection.createStatement();
                    var rows = statement.executeQuery(
                            "SELECT DISTINCT CAST(customer_id AS VARCHAR(36)) FROM customer_change "
                                    + "WHERE action = 'CREATED'")) {
                while (rows.next()) {
                    withHistory.add(rows.getString(1));
                }
            }
            assertThat(withHistory)
                    .as("the creation in each customer's change history")
                    .containsAll(acknowledged);
        }
    }

    private static String permissions(java.nio.file.Path path) throws java.io.IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(path));
    }

    private static Map<String, Object> customer(int client, int n) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "INDIVIDUAL");
        body.put("name", "崩溃 " + client + "-" + n);
        body.put(
                "phones",
                List.of(Map.of("type", "MOBILE", "number", "139" + String.format("%08d", client * 1_000_000 + n))));
        return body;
    }
}
