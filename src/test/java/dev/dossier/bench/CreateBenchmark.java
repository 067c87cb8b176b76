package dev.dossier.bench;

import dev.dossier.TestDatabase;
import dev.dossier.support.ApiClient;
import dev.dossier.support.ChildApplication;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What durable commits cost: customers created through the API by {@code bench.clients} (8) clients for
 * {@code bench.seconds} (10) after {@code bench.warmup} (300) creates, against the application started as its own
 * process. On H2 twice, each on a fresh file database: with H2's old default write delay ({@code WRITE_DELAY=500},
 * commits written up to half a second later) and with the default now ({@code WRITE_DELAY=0}, each commit written
 * before it is answered). On PostgreSQL once. Prints creates per second and the ratio.
 */
@Tag("benchmark")
@Tag("database")
class CreateBenchmark {

    private static final int CLIENTS = Integer.getInteger("bench.clients", 8);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 300);

    @Test
    void createsPerSecond() {
        var report = new StringBuilder("\n=== Dossier create benchmark: " + CLIENTS + " clients, " + SECONDS
                + " s after " + WARMUP + " creates, " + Runtime.getRuntime().availableProcessors() + " CPUs\n");
        if (TestDatabase.postgresql()) {
            report.append(String.format("PostgreSQL                      %8.1f creates/s%n", run(null)));
        } else {
            double delayed = run("WRITE_DELAY=500");
            double durable = run(null);
            report.append(String.format("H2, WRITE_DELAY=500 (before)    %8.1f creates/s%n", delayed));
            report.append(String.format("H2, WRITE_DELAY=0 (now)         %8.1f creates/s%n", durable));
            report.append(String.format("ratio now / before              %8.2f%n", durable / delayed));
        }
        System.out.println(report);
    }

    private static double run(String writeDelay) {
        try (var app = ChildApplication.inNewDirectory("bench-create")) {
            if (writeDelay != null) {
                app.environment(
                        "DOSSIER_DB_URL",
                        "jdbc:h2:file:./data/dossier;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                                + "DEFAULT_NULL_ORDERING=HIGH;" + writeDelay);
            }
            app.start();
            var token = new ApiClient(app.port())
                    .signIn("admin", ChildApplication.ADMIN_PASSWORD)
                    .token();
            burst(app.port(), token, WARMUP, Long.MAX_VALUE);
            long start = System.nanoTime();
            int created = burst(app.port(), token, Integer.MAX_VALUE, start + SECONDS * 1_000_000_000L);
            return created / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Creates customers from the clients until {@code most} are made or the deadline passes; returns how many. */
    private static int burst(int port, String token, int most, long deadline) {
        var sent = new AtomicInteger();
        var created = new AtomicInteger();
        var threads = new ArrayList<Thread>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            threads.add(Thread.ofPlatform().start(() -> {
                var api = new ApiClient(port).withToken(token);
                int n;
                while ((n = sent.incrementAndGet()) <= most && System.nanoTime() < deadline) {
                    var answer = api.post("/api/v1/customers", ApiClient.json(customer(client, n)));
                    if (answer.status() != 201) {
                        throw new IllegalStateException(answer.status() + " " + answer.body());
                    }
                    created.incrementAndGet();
                }
            }));
        }
        for (var thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return created.get();
    }

    private static Map<String, Object> customer(int client, int n) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "INDIVIDUAL");
        body.put("name", "基准 " + client + "-" + n);
        body.put("phones", List.of(Map.of("type", "MOBILE", "number", "13" + String.format("%09d", n))));
        return body;
    }
}
