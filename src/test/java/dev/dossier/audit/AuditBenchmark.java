package dev.dossier.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.TestDatabase;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How the trail's searches and its verification scale: fills the trail with a chain of
 * {@code -Dbench.audit.entries} entries (default 100,000) over 60 days from 50 actors about 10,000 customers, then
 * times the page's searches (first page of 50, median of 21) and one full verification, and prints PostgreSQL's
 * plans. Run: {@code ./mvnw test -Dtest=AuditBenchmark -Dgroups=benchmark -Ddossier.excludedGroups=none}.
 */
@Tag("benchmark")
@DossierTest
class AuditBenchmark {

    @Autowired
    DataSource dataSource;

    @Autowired
    AuditQueries queries;

    @Autowired
    AuditVerification verification;

    @Autowired
    AuditTrail trail;

    @Test
    void searchesAndVerificationAtScale() {
        int entries = Integer.getInteger("bench.audit.entries", 100_000);
        var jdbc = new JdbcTemplate(dataSource);
        var random = new Random(20261123);
        var actors = new ArrayList<UUID>();
        for (int i = 0; i < 50; i++) {
            actors.add(UUID.randomUUID());
        }
        var subjects = new ArrayList<UUID>();
        for (int i = 0; i < 10_000; i++) {
            subjects.add(UUID.randomUUID());
        }
        var actions = AuditQueries.ACTIONS;

        long fillStart = System.nanoTime();
        long start = jdbc.queryForObject("SELECT last_seq FROM audit_head", Long.class);
        var previous = jdbc.queryForObject("SELECT last_hash FROM audit_head", String.class);
        var from = Instant.now().minus(60, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MICROS);
        long step = Duration.ofDays(60).toNanos() / 1000 / entries;
        var batch = new ArrayList<Object[]>();
        for (int i = 1; i <= entries; i++) {
            long seq = start + i;
            var at = from.plus(step * i, ChronoUnit.MICROS);
            var actor = actors.get(random.nextInt(actors.size()));
            var action = actions.get(random.nextInt(actions.size()));
            var subject = subjects.get(random.nextInt(subjects.size()));
            var detail = "{\"changes\":[{\"field\":\"name\",\"before\":\"客户" + random.nextInt(1_000_000)
                    + "\",\"after\":\"客户" + random.nextInt(1_000_000) + "\"}]}";
            var digest = AuditChain.sha256(detail);
            var name = "用户" + actors.indexOf(actor);
            var link = new AuditChain.Link(seq, at, actor, name, "10.0.0.1", action, "customer", subject, digest);
            var hash = link.hash(previous);
            batch.add(new Object[] {
                seq,
                UUID.randomUUID(),
                Timestamp.from(at),
                actor,
                name,
                "10.0.0.1",
                action,
                "customer",
                subject,
                detail,
                digest,
                previous,
                hash
            });
            previous = hash;
            if (batch.size() == 2000 || i == entries) {
                jdbc.batchUpdate(
                        "INSERT INTO audit_entry (seq, id, occurred_at, actor_id, actor_name, client_address,"
                                + " action, subject_type, subject_id, detail, detail_digest, prev_hash, hash, redacted)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE)",
                        batch);
                batch.clear();
            }
        }
        // The head moves one step at a time (on PostgreSQL it refuses jumps): close the chain with one real append.
        if (TestDatabase.postgresql()) {
            jdbc.execute("ALTER TABLE audit_head DISABLE TRIGGER ALL");
        }
        jdbc.update("UPDATE audit_head SET last_seq = ?, last_hash = ?", start + entries, previous);
        if (TestDatabase.postgresql()) {
            jdbc.execute("ALTER TABLE audit_head ENABLE TRIGGER ALL");
            jdbc.execute("ANALYZE audit_entry");
        }
        trail.append(AuditRecord.of("data.exported").with("kind", "bench"));
        var fill = Duration.ofNanos(System.nanoTime() - fillStart);

        var results = new LinkedHashMap<String, Double>();
        var day = from.plus(30, ChronoUnit.DAYS).atZone(ZoneOffset.UTC).toLocalDate();
        var actor = actors.get(7);
        var subject = subjects.get(42);
        var filters = new LinkedHashMap<String, AuditQueries.Filter>();
        filters.put("newest", AuditQueries.Filter.none());
        filters.put("one day", new AuditQueries.Filter(day, day, null, null, null, null));
        filters.put("actor", new AuditQueries.Filter(null, null, actor, null, null, null));
        filters.put("action", new AuditQueries.Filter(null, null, null, "value.revealed", null, null));
        filters.put("subject", new AuditQueries.Filter(null, null, null, null, subject, null));
        filters.put("actor + one day", new AuditQueries.Filter(day, day, actor, null, null, null));
        filters.put("text", new AuditQueries.Filter(null, null, null, null, null, "客户12345"));
        for (var filter : filters.entrySet()) {
            results.put(
                    filter.getKey(),
                    median(() ->
                            queries.list(filter.getValue(), null, 50).items().size()));
        }
        long verifyStart = System.nanoTime();
        var result = verification.verify();
        var verify = Duration.ofNanos(System.nanoTime() - verifyStart);
        assertThat(result.intact()).as(result.describe()).isTrue();

        var report = new StringBuilder("\nAudit benchmark on " + (TestDatabase.postgresql() ? "PostgreSQL" : "H2")
                + ": " + result.entries() + " entries, filled in " + fill.toMillis() + " ms\n");
        results.forEach((name, ms) -> report.append(String.format("  %-16s %8.2f ms%n", name, ms)));
        report.append(String.format(
                "  %-16s %8d ms (%.0f entries/s)%n",
                "verify", verify.toMillis(), result.entries() * 1e9 / verify.toNanos()));
        if (TestDatabase.postgresql()) {
            for (var sql : List.of(
                    "SELECT * FROM audit_entry WHERE actor_id = '" + actor + "' ORDER BY seq DESC LIMIT 51",
                    "SELECT * FROM audit_entry WHERE subject_id = '" + subject + "' ORDER BY seq DESC LIMIT 51",
                    "SELECT * FROM audit_entry WHERE occurred_at >= '" + day + "' AND occurred_at < '" + day.plusDays(1)
                            + "' ORDER BY occurred_at DESC, seq DESC LIMIT 51")) {
                report.append("  ").append(sql).append('\n');
                jdbc.queryForList("EXPLAIN ANALYZE " + sql, String.class)
                        .forEach(line -> report.append("    ").append(line).append('\n'));
            }
        }
        System.out.println(report);
    }

    private static double median(Supplier<Integer> query) {
        query.get();
        var times = new double[21];
        for (int i = 0; i < times.length; i++) {
            long t = System.nanoTime();
            query.get();
            times[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(times);
        return times[times.length / 2];
    }
}
