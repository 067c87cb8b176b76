package dev.dossier.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dossier.customers.BenchData;
import dev.dossier.support.ApiClient;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import tools.jackson.databind.JsonNode;

/**
 * The duplicate phase of the batch-load benchmark: a scan of every customer loaded, beside the database grouping the
 * same keys by itself; then the check a form makes as someone types a customer (over the API, one request at a
 * time), beside the blind-index lookup it starts with, as a prepared statement through JDBC.
 */
final class DuplicateBench {

    private DuplicateBench() {}

    static void run(ApiClient api, DataSource dataSource, List<BenchData.Loaded> loaded, Consumer<String> println)
            throws SQLException {
        long t0 = System.nanoTime();
        var started = api.post("/api/v1/duplicates/scans", "{}");
        assertEquals(202, started.status(), started.body());
        var location = started.header("Location");
        JsonNode scan = org.awaitility.Awaitility.await()
                .atMost(Duration.ofHours(1))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> api.get(location).json(),
                        s -> List.of("DONE", "FAILED").contains(s.get("state").asString()));
        assertEquals("DONE", scan.get("state").asString(), scan.toString());
        double scanSeconds = (System.nanoTime() - t0) / 1e9;

        double groupSeconds;
        long groups;
        try (var connection = dataSource.getConnection();
                var statement = connection.createStatement()) {
            long g0 = System.nanoTime();
            try (var rs = statement.executeQuery("SELECT count(*) FROM (SELECT match_key FROM duplicate_key GROUP BY"
                    + " match_key HAVING count(*) BETWEEN 2 AND 200) blocks")) {
                rs.next();
                groups = rs.getLong(1);
            }
            groupSeconds = (System.nanoTime() - g0) / 1e9;
        }
        long customers = scan.get("customersDone").asLong();
        println.accept("");
        println.accept(String.format("## Duplicates: a scan of all %,d customers", customers));
        println.accept("");
        println.accept("| step | seconds | customers/s |");
        println.accept("|---|---|---|");
        println.accept(String.format(
                "| scan over the API (keys of every customer, pairs within %,d blocks, %,d pairs kept, %,d clusters) |"
                        + " %.1f | %,.0f |",
                groups,
                scan.get("pairsFound").asLong(),
                scan.get("clustersFound").asLong(),
                scanSeconds,
                customers / scanSeconds));
        println.accept(String.format(
                "| the database grouping the same keys (`GROUP BY … HAVING`), for scale | %.2f | %,.0f |",
                groupSeconds, customers / groupSeconds));

        // The check as a form asks it: half the probes are customers there (another format of their number),
        // half are new ones.
        var probes = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < 600 && i < loaded.size(); i++) {
            var customer = loaded.get((int) ((long) i * 7919 % loaded.size()));
            var body = new LinkedHashMap<String, Object>();
            body.put("type", customer.company() ? "COMPANY" : "INDIVIDUAL");
            boolean existing = i % 2 == 0;
            body.put("name", existing ? customer.name() : customer.name() + "新");
            var phone = existing && !customer.phones().isEmpty()
                    ? "+86 " + customer.phones().getFirst()
                    : "137" + String.format("%08d", i * 131 % 100_000_000);
            body.put("phones", List.of(Map.of("number", phone)));
            probes.add(body);
        }
        int warmup = 100;
        var nanos = new long[probes.size() - warmup];
        int found = 0;
        for (int i = 0; i < probes.size(); i++) {
            long s = System.nanoTime();
            var answer = api.post("/api/v1/customers/duplicates", ApiClient.json(probes.get(i)));
            long took = System.nanoTime() - s;
            assertEquals(200, answer.status(), answer.body());
            if (i >= warmup) {
                nanos[i - warmup] = took;
                if (!answer.json().isEmpty()) {
                    found++;
                }
            }
        }
        var keys = new ArrayList<String>();
        var lookups = new long[nanos.length];
        try (var connection = dataSource.getConnection()) {
            try (var statement = connection.createStatement();
                    var rs = statement.executeQuery("SELECT point_index FROM contact_point WHERE kind = 'PHONE'"
                            + " AND point_index IS NOT NULL ORDER BY customer_id LIMIT " + (lookups.length * 10))) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
            try (var statement = connection.prepareStatement(
                    "SELECT customer_id FROM contact_point WHERE kind = 'PHONE' AND point_index = ?")) {
                for (int i = 0; i < lookups.length + warmup; i++) {
                    statement.setString(1, keys.get(i * 7 % keys.size()));
                    long s = System.nanoTime();
                    try (var rs = statement.executeQuery()) {
                        while (rs.next()) {
                            rs.getObject(1);
                        }
                    }
                    if (i >= warmup) {
                        lookups[i - warmup] = System.nanoTime() - s;
                    }
                }
            }
        }
        println.accept("");
        println.accept(String.format(
                "## Duplicates: the check as a customer is typed (%,d requests one at a time after %d of warm-up; %d of"
                        + " them found the customer there)",
                nanos.length, warmup, found));
        println.accept("");
        println.accept("| what | p50 ms | p95 ms | p99 ms |");
        println.accept("|---|---|---|---|");
        println.accept(row("`POST /api/v1/customers/duplicates` over HTTP", nanos));
        println.accept(row("the phone's blind-index lookup alone, prepared, through JDBC", lookups));
    }

    private static String row(String what, long[] nanos) {
        var sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(
                "| %s | %.2f | %.2f | %.2f |",
                what, percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99));
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.clamp(index, 0, sorted.length - 1)] / 1e6;
    }
}
