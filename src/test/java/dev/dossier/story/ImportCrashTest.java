package dev.dossier.story;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dossier.support.ApiClient;
import dev.dossier.support.ChildApplication;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An import survives a crash: the application runs as its own process, imports a file of 6,000 customers in
 * batches of 300, and is killed with SIGKILL in the middle. Started again on the same database, the job schedule
 * hands the import on (its heart stopped beating) and it goes on after its last committed batch: in the end every
 * row is a customer, none twice, and no customer is without its contact points. On H2 the last batch committed
 * before the kill can be lost with its counters (the import then imports it again); on PostgreSQL it never is.
 */
@Tag("database")
class ImportCrashTest {

    private static final int ROWS = 3_000;

    @Test
    void anImportKilledMidwayResumesAfterItsLastCommittedBatch() throws Exception {
        try (var app = ChildApplication.inNewDirectory("import-crash")
                .jvmOption("-XX:TieredStopAtLevel=1")
                .argument("--dossier.imports.batch-size=300")
                .argument("--dossier.scheduler.heartbeat-interval=1s")) {
            app.start();
            var api = new ApiClient(app.port()).signIn("admin", ChildApplication.ADMIN_PASSWORD);
            var csv = new StringBuilder("客户编号,姓名,手机\n");
            for (int i = 0; i < ROWS; i++) {
                csv.append("C").append(i).append(",断电客户").append(i).append(',');
                csv.append("138").append(String.format("%08d", i)).append('\n');
            }
            var upload = api.send(api.request("/api/v1/imports?fileName=crash.csv")
                    .header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofString(csv.toString(), StandardCharsets.UTF_8))
                    .build());
            assertThat(upload.status()).as(upload.body()).isEqualTo(201);
            var id = upload.json().get("id").asString();
            assertThat(api.post("/api/v1/imports/" + id + "/start", "{}").status())
                    .isEqualTo(202);
            var path = "/api/v1/imports/" + id;
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> api.get(path).json().get("rowsDone").asLong() >= 900);
            long before = api.get(path).json().get("rowsDone").asLong();
            app.kill();
            assertThat(before).as("the kill came in the middle of the import").isLessThan(ROWS);

            app.start();
            var again = new ApiClient(app.port()).signIn("admin", ChildApplication.ADMIN_PASSWORD);
            long resumed = again.get(path).json().get("rowsDone").asLong();
            if (app.onPostgresql()) {
                assertThat(resumed).as("the batches committed before the kill").isGreaterThanOrEqualTo(before);
            } else {
                // H2 may lose the last committed batch to the kill (see docs/running.md): never more than that one,
                // and the rows of the lost batch are imported again below, once.
                assertThat(resumed).as("the batches kept by H2").isBetween(before - 300, before);
            }
            var done = await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () -> again.get(path).json(),
                            j -> !"RUNNING".equals(j.get("state").asString()));
            assertThat(done.get("state").asString()).isEqualTo("DONE");
            assertThat(done.get("rowsDone").asLong()).isEqualTo(ROWS);
            assertThat(done.get("counts").get("created").asLong()).isEqualTo(ROWS);

            app.stop();
            try (var connection = app.connect();
                    var statement = connection.createStatement()) {
                assertThat(count(statement, "SELECT COUNT(*) FROM customer WHERE name LIKE '断电客户%'"))
                        .isEqualTo(ROWS);
                assertThat(count(statement, "SELECT COUNT(DISTINCT name) FROM customer WHERE name LIKE '断电客户%'"))
                        .isEqualTo(ROWS);
                assertThat(count(
                                statement,
                                "SELECT COUNT(*) FROM customer c WHERE c.name LIKE '断电客户%' AND NOT EXISTS"
                                        + " (SELECT 1 FROM contact_point p WHERE p.customer_id = c.id)"))
                        .as("customers without their mobile")
                        .isZero();
                assertThat(count(statement, "SELECT COUNT(*) FROM customer_external_ref"))
                        .isEqualTo(ROWS);
            }
        }
    }

    private static long count(java.sql.Statement statement, String sql) throws java.sql.SQLException {
        try (var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
