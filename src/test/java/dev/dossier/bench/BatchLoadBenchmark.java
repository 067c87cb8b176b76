package dev.dossier.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dossier.DossierTest;
import dev.dossier.TestDatabase;
import dev.dossier.customers.BenchData;
import dev.dossier.identity.Role;
import dev.dossier.identity.SignedInUser;
import dev.dossier.identity.UserDirectory;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.ContextConfiguration;

/**
 * How fast the application's batch path loads customers, beside the database's own bulk load of the very same rows
 * in the same run. The application loads {@code bench.customers} generated customers ({@link BenchData#load}: the
 * rows, contact points, tags, search terms and creation history, 1,000 a transaction). Then a second schema is
 * migrated to the same version (same tables, same indexes), and every row the batch path wrote is loaded into it the
 * database's fastest way: {@code COPY … FROM STDIN} on PostgreSQL (from files written beforehand, not timed); on H2 a
 * JDBC batch insert of 1,000 rows a commit, reading the rows from the first schema as it goes. Prints both rates, the
 * ratio, the rows and bytes per table and per customer.
 *
 * <p>Run: {@code ./mvnw test -Dtest=BatchLoadBenchmark -Dgroups=benchmark -Ddossier.excludedGroups=none
 * -Ddossier.pg.skip=true [-Ddossier.test.db=postgresql] [-Dbench.customers=100000]} (see bench/README.md).
 */
@Tag("benchmark")
@DossierTest
@ContextConfiguration(initializers = {TestDatabase.class, SearchBenchmark.BenchDatabase.class})
class BatchLoadBenchmark {

    private static final int CUSTOMERS = Integer.getInteger("bench.customers", 100_000);
    private static final long SEED = Long.getLong("bench.seed", 20250630L);
    private static final String COPY_SCHEMA = "bench_copy";
    /** Every table the batch path writes, parents first. */
    private static final List<String> TABLES = List.of(
            "customer",
            "contact_point",
            "customer_tag",
            "customer_search_term",
            "customer_change",
            "lifecycle_transition");

    @Autowired
    ApplicationContext context;

    @Autowired
    UserDirectory directory;

    @Autowired
    TestUsers testUsers;

    @Autowired
    DSLContext db;

    @Autowired
    DataSource dataSource;

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    private final StringBuilder report = new StringBuilder();

    @Test
    void batchPathBesideBulkLoad() throws Exception {
        var admin = directory.userByUsername(TestUsers.ADMIN).orElseThrow();
        var owners = new ArrayList<UUID>();
        owners.add(admin.id());
        for (int i = 0; i < 9; i++) {
            owners.add(directory
                    .userByUsername(testUsers.create(Role.SALES))
                    .orElseThrow()
                    .id());
        }
        var user =
                new SignedInUser(admin.id(), TestUsers.ADMIN, "Administrator", Set.of(Role.ADMINISTRATOR), null, false);
        var security = SecurityContextHolder.createEmptyContext();
        security.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                user, null, List.of(new SimpleGrantedAuthority("ROLE_ADMINISTRATOR"))));
        SecurityContextHolder.setContext(security);
        try {
            println(String.format(
                    "# Batch load: %,d customers on %s, %d cores, load average %s",
                    CUSTOMERS,
                    TestDatabase.postgresql() ? "PostgreSQL" : "H2 (file)",
                    Runtime.getRuntime().availableProcessors(),
                    loadAverage()));
            var data = new BenchData(context);
            long t0 = System.nanoTime();
            var loaded = data.load(CUSTOMERS, SEED, owners, BenchData.referenceTime(), line -> {});
            double appSeconds = (System.nanoTime() - t0) / 1e9;
            var rows = new LinkedHashMap<String, Long>();
            for (var table : TABLES) {
                rows.put(table, (long) db.fetchCount(db.selectFrom(table)));
            }
            assertEquals(CUSTOMERS, rows.get("customer"));
            long h2Bytes = h2FileBytes();

            migrateCopySchema();
            copyReferences();
            double rawSeconds = TestDatabase.postgresql() ? copyIn(rows) : jdbcBatch(rows);
            for (var table : TABLES) {
                assertEquals(
                        rows.get(table),
                        db.fetchOne("SELECT count(*) FROM " + COPY_SCHEMA + "." + table)
                                .get(0, Long.class),
                        table + " in the copy");
            }

            long allRows = rows.values().stream().mapToLong(Long::longValue).sum();
            println("");
            println("| path | seconds | customers/s | rows/s | ratio |");
            println("|---|---|---|---|---|");
            println(String.format(
                    "| application batch path | %.1f | %,.0f | %,.0f | %.1f%% |",
                    appSeconds, CUSTOMERS / appSeconds, allRows / appSeconds, 100 * rawSeconds / appSeconds));
            println(String.format(
                    "| %s, same rows | %.1f | %,.0f | %,.0f | 100%% |",
                    TestDatabase.postgresql() ? "COPY FROM STDIN" : "JDBC batch insert",
                    rawSeconds,
                    CUSTOMERS / rawSeconds,
                    allRows / rawSeconds));
            println("");
            sizes(rows, h2Bytes);
            if (Boolean.parseBoolean(System.getProperty("bench.duplicates", "true"))) {
                DuplicateBench.run(
                        new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD),
                        dataSource,
                        loaded,
                        this::println);
            }
            importPhase(CUSTOMERS / rawSeconds);
        } finally {
            SecurityContextHolder.clearContext();
            dropCopySchema();
            write();
        }
    }

    /**
     * A CSV file of {@code bench.import.customers} customers (a tenth of its rows repeat an earlier row's mobile
     * under another name) imported over the API, from upload to done, into the database that holds the customers
     * loaded above; its rate beside the rate of {@code COPY} (or the JDBC batch) measured above.
     */
    private void importPhase(double rawCustomersPerSecond) throws IOException, SQLException {
        int count = Integer.getInteger("bench.import.customers", CUSTOMERS);
        if (count <= 0) {
            return;
        }
        var file = ImportFile.customers(count, SEED + 1);
        var csv = file.bytes();
        var api = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        long t0 = System.nanoTime();
        var upload = api.send(api.request("/api/v1/imports?fileName=bench.csv")
                .timeout(java.time.Duration.ofMinutes(30))
                .header("Content-Type", "text/csv")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(csv))
                .build());
        assertEquals(201, upload.status(), upload.body());
        double uploadSeconds = (System.nanoTime() - t0) / 1e9;
        var path = "/api/v1/imports/" + upload.json().get("id").asString();
        long t1 = System.nanoTime();
        var done = started(api, path);
        double runSeconds = (System.nanoTime() - t1) / 1e9;
        assertEquals("DONE", done.get("state").asString(), done.toString());
        var counts = done.get("counts");
        assertEquals(file.dirty(), counts.get("invalid").asLong(), done.toString());
        println("");
        println(String.format(
                "## CSV import of %,d customers (%.1f MB) over the API, into the %,d loaded above",
                count, csv.length / 1048576.0, CUSTOMERS));
        println("");
        println("| step | seconds | rows/s | ratio to the bulk load above |");
        println("|---|---|---|---|");
        println(String.format(
                "| upload (stored, read once, columns guessed) | %.1f | %,.0f | |",
                uploadSeconds, count / uploadSeconds));
        println(String.format(
                "| run (every row checked, matched, written) | %.1f | %,.0f | %.1f%% |",
                runSeconds, count / runSeconds, 100 * (count / runSeconds) / rawCustomersPerSecond));
        println(String.format(
                "| both | %.1f | %,.0f | %.1f%% |",
                uploadSeconds + runSeconds,
                count / (uploadSeconds + runSeconds),
                100 * (count / (uploadSeconds + runSeconds)) / rawCustomersPerSecond));
        exportPhase(api);
        interactionImportPhase(api);
        println("");
        println(String.format(
                "Rows: created %,d, updated %,d, skipped %,d (duplicates %,d), invalid %,d (the rows wrong on purpose)."
                        + " Peak heap %,d MB.",
                counts.get("created").asLong(),
                counts.get("updated").asLong(),
                counts.get("skipped").asLong(),
                counts.get("duplicates").asLong(),
                counts.get("invalid").asLong(),
                peakHeap() / (1024 * 1024)));
    }

    /**
     * A CSV file of {@code bench.import.interactions} interactions (the history of an old system, each naming one of
     * the customers loaded above by its id) imported over the API, beside the database's own bulk load of the rows
     * the import wrote ({@code COPY}, or the JDBC batch on H2) in the same run.
     */
    private void interactionImportPhase(ApiClient api) throws IOException, SQLException {
        int count = Integer.getInteger(
                "bench.import.interactions", Integer.getInteger("bench.import.customers", CUSTOMERS));
        if (count <= 0) {
            return;
        }
        var customers = db.fetch("SELECT id FROM " + COPY_SCHEMA + ".customer").getValues(0, UUID.class);
        var file = ImportFile.interactions(count, customers, SEED + 2);
        var csv = file.bytes();
        var upload = api.send(api.request("/api/v1/imports?kind=INTERACTIONS&fileName=history.csv")
                .timeout(java.time.Duration.ofMinutes(30))
                .header("Content-Type", "text/csv")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(csv))
                .build());
        assertEquals(201, upload.status(), upload.body());
        var path = "/api/v1/imports/" + upload.json().get("id").asString();
        long t0 = System.nanoTime();
        var done = started(api, path);
        double runSeconds = (System.nanoTime() - t0) / 1e9;
        assertEquals("DONE", done.get("state").asString(), done.toString());
        // Every good row is logged and every wrong one rejected.
        assertEquals(count - file.dirty(), done.get("counts").get("created").asLong(), done.toString());
        assertEquals(file.dirty(), done.get("counts").get("invalid").asLong(), done.toString());
        var rows = new LinkedHashMap<String, Long>();
        rows.put("interaction", (long) db.fetchCount(db.selectFrom("interaction")));
        double rawSeconds = TestDatabase.postgresql() ? copyIn(rows) : jdbcBatch(rows);
        println("");
        println(String.format(
                "## CSV import of %,d interactions (%.1f MB) over the API, onto the customers loaded above",
                count, csv.length / 1048576.0));
        println("");
        println("| step | seconds | rows/s | ratio |");
        println("|---|---|---|---|");
        println(String.format(
                "| run (every row checked, its customer found, written with the roll-ups) | %.1f | %,.0f | %.1f%% |",
                runSeconds, count / runSeconds, 100 * rawSeconds / runSeconds));
        println(String.format(
                "| %s of the same interaction rows | %.1f | %,.0f | 100%% |",
                TestDatabase.postgresql() ? "COPY FROM STDIN" : "JDBC batch insert",
                rawSeconds,
                rows.get("interaction") / rawSeconds));
        println("");
        println(String.format(
                "Rows: logged %,d, rejected %,d (the rows wrong on purpose: a date that is no date, a customer no one"
                        + " has, a channel no one knows).",
                done.get("counts").get("created").asLong(),
                done.get("counts").get("invalid").asLong()));
    }

    /** Starts an import and waits until it has ended. */
    private static tools.jackson.databind.JsonNode started(ApiClient api, String path) {
        assertEquals(202, api.post(path + "/start", "{}").status());
        return org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofHours(2))
                .pollInterval(java.time.Duration.ofMillis(200))
                .until(
                        () -> api.get(path).json(),
                        j -> !List.of("QUEUED", "RUNNING")
                                .contains(j.get("state").asString()));
    }

    /** Every customer exported as CSV and as XLSX over the API, each beside a plain read of the customer table. */
    private void exportPhase(ApiClient api) {
        long customers = db.fetchCount(db.selectFrom("customer").where("deleted_at is null"));
        long r0 = System.nanoTime();
        long plain = db.fetchLazy("SELECT * FROM customer WHERE deleted_at IS NULL").stream()
                .count();
        double plainSeconds = (System.nanoTime() - r0) / 1e9;
        println("");
        println(String.format("## Export of all %,d customers over the API", customers));
        println("");
        println("| what | seconds | rows/s | bytes | ratio to the plain read |");
        println("|---|---|---|---|---|");
        println(String.format(
                "| plain read of the customer table (JDBC, same process) | %.2f | %,.0f | | 100%% |",
                plainSeconds, plain / plainSeconds));
        for (var format : List.of("CSV", "XLSX")) {
            long t0 = System.nanoTime();
            var answer = api.send(api.request("/api/v1/customers/export?format=" + format)
                    .timeout(java.time.Duration.ofMinutes(30))
                    .setHeader("Accept", "*/*")
                    .GET()
                    .build());
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(200, answer.status());
            println(String.format(
                    "| %s | %.2f | %,.0f | %,d | %.1f%% |",
                    format,
                    seconds,
                    customers / seconds,
                    answer.body().length(),
                    100 * (customers / seconds) / (plain / plainSeconds)));
        }
        // The same CSV written in the background (into encrypted chunks in the database), until it is ready, then
        // downloaded from there.
        long t0 = System.nanoTime();
        var started = api.post("/api/v1/customers/export?format=CSV", "");
        assertEquals(202, started.status());
        var status = "/api/v1/exports/" + started.json().get("id").asString();
        String state;
        do {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            state = api.get(status).json().get("state").asString();
        } while ("RUNNING".equals(state));
        double written = (System.nanoTime() - t0) / 1e9;
        assertEquals("DONE", state);
        long d0 = System.nanoTime();
        var file = api.download(status + "/file", "en");
        double downloaded = (System.nanoTime() - d0) / 1e9;
        assertEquals(200, file.statusCode());
        println(String.format(
                "| CSV in the background, until ready | %.2f | %,.0f | %,d | %.1f%% |",
                written,
                customers / written,
                file.body().length,
                100 * (customers / written) / (plain / plainSeconds)));
        println(String.format(
                "| its download once ready | %.2f | %,.0f | %,d | |",
                downloaded, customers / downloaded, file.body().length));
    }

    private static long peakHeap() {
        long peak = 0;
        for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private void migrateCopySchema() {
        dropCopySchema();
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(COPY_SCHEMA)
                .createSchemas(true)
                .locations(
                        "classpath:db/migration/common",
                        "classpath:db/migration/" + (TestDatabase.postgresql() ? "postgresql" : "h2"))
                .load()
                .migrate();
    }

    /** The rows the loaded tables refer to (tags), copied before the timed load. */
    private void copyReferences() {
        for (var table : List.of("tag")) {
            db.execute("INSERT INTO " + COPY_SCHEMA + "." + table + " SELECT * FROM " + table);
        }
    }

    private void dropCopySchema() {
        db.execute("DROP SCHEMA IF EXISTS " + COPY_SCHEMA + " CASCADE");
    }

    /** PostgreSQL: every table written out with COPY first (not timed), then read in with COPY (timed). */
    private double copyIn(Map<String, Long> rows) throws SQLException, IOException {
        var dir = Files.createTempDirectory("dossier-copy");
        try (Connection c = dataSource.getConnection()) {
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (var table : rows.keySet()) {
                try (var out = Files.newOutputStream(dir.resolve(table))) {
                    copy.copyOut("COPY " + table + " TO STDOUT (FORMAT binary)", out);
                }
            }
            c.setAutoCommit(false);
            long t0 = System.nanoTime();
            for (var table : rows.keySet()) {
                try (var in = Files.newInputStream(dir.resolve(table))) {
                    copy.copyIn("COPY " + COPY_SCHEMA + "." + table + " FROM STDIN (FORMAT binary)", in);
                }
            }
            c.commit();
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    /** H2: every row read from the first schema and inserted into the copy with JDBC batches of 1,000. */
    private double jdbcBatch(Map<String, Long> rows) throws SQLException {
        try (Connection source = dataSource.getConnection();
                Connection target = dataSource.getConnection()) {
            target.setAutoCommit(false);
            long t0 = System.nanoTime();
            for (var table : rows.keySet()) {
                try (var select = source.createStatement();
                        var rs = select.executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    var marks = String.join(", ", java.util.Collections.nCopies(columns, "?"));
                    try (var insert = target.prepareStatement(
                            "INSERT INTO " + COPY_SCHEMA + "." + table + " VALUES (" + marks + ")")) {
                        int pending = 0;
                        while (rs.next()) {
                            for (int i = 1; i <= columns; i++) {
                                insert.setObject(i, rs.getObject(i));
                            }
                            insert.addBatch();
                            if (++pending == 1_000) {
                                insert.executeBatch();
                                target.commit();
                                pending = 0;
                            }
                        }
                        if (pending > 0) {
                            insert.executeBatch();
                            target.commit();
                        }
                    }
                }
            }
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    private void sizes(Map<String, Long> rows, long h2Bytes) {
        println("| table | rows | rows per customer | size (with indexes) | bytes per customer |");
        println("|---|---|---|---|---|");
        long total = 0;
        for (var entry : rows.entrySet()) {
            Long bytes = TestDatabase.postgresql()
                    ? db.fetchOne("SELECT pg_total_relation_size('" + entry.getKey() + "')")
                            .get(0, Long.class)
                    : null;
            total += bytes == null ? 0 : bytes;
            println(String.format(
                    "| %s | %,d | %.1f | %s | %s |",
                    entry.getKey(),
                    entry.getValue(),
                    entry.getValue() / (double) CUSTOMERS,
                    bytes == null ? "" : String.format("%,d MB", bytes / (1024 * 1024)),
                    bytes == null ? "" : String.format("%,d", bytes / CUSTOMERS)));
        }
        if (TestDatabase.postgresql()) {
            println(String.format("| all of them | | | %,d MB | %,d |", total / (1024 * 1024), total / CUSTOMERS));
        } else if (h2Bytes > 0) {
            println(String.format(
                    "H2 file after the load: %,d MB, %,d bytes per customer (the whole database)",
                    h2Bytes / (1024 * 1024), h2Bytes / CUSTOMERS));
        }
    }

    /** The H2 file's size once the load is written out (0 on PostgreSQL or in memory). */
    private long h2FileBytes() throws IOException {
        if (TestDatabase.postgresql()) {
            return 0;
        }
        var url = db.connectionResult(c -> c.getMetaData().getURL());
        if (!url.startsWith("jdbc:h2:file:")) {
            return 0;
        }
        db.execute("CHECKPOINT SYNC");
        return Files.size(Path.of(url.substring("jdbc:h2:file:".length()).split(";")[0] + ".mv.db"));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private void println(String line) {
        System.out.println(line);
        report.append(line).append('\n');
    }

    private void write() throws IOException {
        var dir = Path.of(System.getProperty("dossier.build.directory", "target"), "bench-reports");
        Files.createDirectories(dir);
        var file = dir.resolve("batch-load-" + (TestDatabase.postgresql() ? "postgresql" : "h2") + ".md");
        Files.writeString(file, report.toString());
        System.out.println("Report: " + file.toAbsolutePath());
    }
}
