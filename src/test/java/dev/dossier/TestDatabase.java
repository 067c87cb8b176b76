package dev.dossier;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives each test application context a database of its own: an in-memory H2 database in PostgreSQL mode, or a
 * fresh schema in the PostgreSQL server named by {@code DOSSIER_TEST_PG_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}) when {@code dossier.test.db=postgresql}. Schemas left behind by
 * runs that started more than two hours ago are dropped.
 */
public class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final String RUN = "dossier_test_" + Long.toString(System.currentTimeMillis(), 36) + "_";
    /** Tells apart the schemas of test JVMs that start in the same millisecond (the build runs two at once). */
    private static final String JVM =
            (UUID.randomUUID().toString().replaceAll("[^a-f]", "") + "abcdef").substring(0, 6) + "x";

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile boolean cleaned;

    public static boolean postgresql() {
        return "postgresql".equals(System.getProperty("dossier.test.db"));
    }

    public static String pgUrl() {
        var url = System.getenv("DOSSIER_TEST_PG_URL");
        return url == null || url.isBlank() ? "jdbc:postgresql://127.0.0.1:5432/test" : url;
    }

    /** The test server's URL with {@code schema} as the current schema. */
    public static String pgUrl(String schema) {
        return pgUrl() + (pgUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /**
     * A new name for a PostgreSQL schema of one's own; {@code purpose} says whose it is. Like the schemas of test
     * contexts, it is dropped by a later run once it is two hours old.
     */
    public static String freshSchema(String purpose) {
        return "dossier_test_" + Long.toString(System.currentTimeMillis(), 36) + "_" + purpose
                + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String pgUser() {
        var user = System.getenv("DOSSIER_TEST_PG_USER");
        return user == null || user.isBlank() ? "postgres" : user;
    }

    public static String pgPassword() {
        var password = System.getenv("DOSSIER_TEST_PG_PASSWORD");
        return password == null ? "" : password;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Map<String, Object> properties;
        if (postgresql()) {
            var schema = RUN + JVM + COUNTER.incrementAndGet();
            dropOldSchemas();
            properties = Map.of(
                    "spring.datasource.url",
                    pgUrl(schema),
                    "spring.datasource.username",
                    pgUser(),
                    "spring.datasource.password",
                    pgPassword(),
                    "spring.flyway.schemas",
                    schema,
                    "spring.flyway.default-schema",
                    schema,
                    "spring.flyway.create-schemas",
                    "true");
        } else {
            properties = Map.of(
                    "spring.datasource.url",
                            "jdbc:h2:mem:" + UUID.randomUUID()
                                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                    "spring.datasource.username", "sa",
                    "spring.datasource.password", "");
        }
        properties = new java.util.HashMap<>(properties);
        if (postgresql()) {
            // The test framework keeps many application contexts alive at once: each holds one connection while it
            // is idle, so that together they stay well under PostgreSQL's connection limit.
            properties.put("spring.datasource.hikari.minimum-idle", "1");
            properties.put("spring.datasource.hikari.maximum-pool-size", "8");
            properties.put("spring.datasource.hikari.idle-timeout", "10000");
        }
        properties.putIfAbsent("dossier.keys.file", keyFile());
        var zone = System.getProperty("dossier.test.zone");
        if (zone != null && !zone.isBlank() && !context.getEnvironment().containsProperty("dossier.time-zone")) {
            // The build runs the suite in a time zone of its choice (see TestClock).
            properties.put("dossier.time-zone", zone.trim());
        }
        // Checkpoints of the audit trail go to a directory of each test context's own, in the build directory.
        properties.putIfAbsent(
                "dossier.audit.anchors.directory",
                java.nio.file.Path.of(
                                System.getProperty("dossier.build.directory", "target"),
                                "test-anchors",
                                UUID.randomUUID().toString())
                        .toAbsolutePath()
                        .toString());
        // The search index too: each test context keeps its own.
        var searchDirectory = context.getEnvironment().getProperty("dossier.search.directory");
        if (searchDirectory == null || searchDirectory.equals("./data/search")) {
            properties.putIfAbsent(
                    "dossier.search.directory",
                    java.nio.file.Path.of(
                                    System.getProperty("dossier.build.directory", "target"),
                                    "test-search",
                                    UUID.randomUUID().toString())
                            .toAbsolutePath()
                            .toString());
        }
        if (!context.getEnvironment().containsProperty("dossier.backup.directory")) {
            // Backups made by tests go to the build directory, never to the checkout's data directory.
            properties.putIfAbsent(
                    "dossier.backup.directory",
                    java.nio.file.Path.of(
                                    System.getProperty("dossier.build.directory", "target"),
                                    "test-backups",
                                    UUID.randomUUID().toString())
                            .toAbsolutePath()
                            .toString());
        }
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("testDatabase", properties));
    }

    /** A key file of its own for each test context, in a fresh temporary directory (created on first start). */
    private static String keyFile() {
        try {
            var dir = java.nio.file.Files.createTempDirectory("dossier-keys-");
            dir.toFile().deleteOnExit();
            dir.resolve("dossier.keys").toFile().deleteOnExit();
            return dir.resolve("dossier.keys").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Whether a schema was made by a run that started over two hours ago (runs going on now keep theirs). */
    static boolean olderThanTwoHours(String schema) {
        try {
            var started = Long.parseLong(schema.substring("dossier_test_".length(), schema.lastIndexOf('_')), 36);
            return started < System.currentTimeMillis() - 2 * 3600_000L;
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static synchronized void dropOldSchemas() {
        if (cleaned) {
            return;
        }
        cleaned = true;
        try (var connection = DriverManager.getConnection(pgUrl(), pgUser(), pgPassword());
                var statement = connection.createStatement()) {
            var old = new ArrayList<String>();
            try (var rows = statement.executeQuery(
                    "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'dossier\\_test\\_%'")) {
                while (rows.next()) {
                    if (!rows.getString(1).startsWith(RUN) && olderThanTwoHours(rows.getString(1))) {
                        old.add(rows.getString(1));
                    }
                }
            }
            for (var schema : old) {
                statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL for the database tests is not reachable at " + pgUrl() + ": " + e.getMessage(), e);
        }
    }
}
