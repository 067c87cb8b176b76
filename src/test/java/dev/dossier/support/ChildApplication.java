package dev.dossier.support;

import static org.awaitility.Awaitility.await;

import dev.dossier.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Dossier started as a separate JVM, as an installation runs: {@code java -cp … DossierApplication} in a working
 * directory of its own (so that {@code ./data} and the default key file are there), on a free port, with
 * {@code DOSSIER_ADMIN_PASSWORD} set. On H2 it uses the default database URL, relative to the working directory;
 * with {@code -Ddossier.test.db=postgresql} a fresh schema of the test PostgreSQL. It can be killed as a crash would
 * ({@link #kill()}: SIGKILL) and started again on the same directory and database.
 */
public final class ChildApplication implements AutoCloseable {

    public static final String ADMIN_PASSWORD = "child-admin-password-1";

    private final Path directory;
    private final String schema;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> arguments = new ArrayList<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private Process process;
    private int port;
    private int starts;

    /** A child in a fresh temporary directory (on PostgreSQL: with a fresh schema). */
    public static ChildApplication inNewDirectory(String name) {
        try {
            var root = Path.of(System.getProperty("dossier.build.directory", "target"), "child-apps");
            Files.createDirectories(root);
            return new ChildApplication(Files.createTempDirectory(root.toAbsolutePath(), name + "-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ChildApplication(Path directory) {
        this.directory = directory;
        this.schema = TestDatabase.postgresql() ? TestDatabase.freshSchema("child") : null;
        environment.put("DOSSIER_ADMIN_PASSWORD", ADMIN_PASSWORD);
        if (schema != null) {
            environment.put("DOSSIER_DB_URL", TestDatabase.pgUrl(schema));
            environment.put("DOSSIER_DB_USER", TestDatabase.pgUser());
            environment.put("DOSSIER_DB_PASSWORD", TestDatabase.pgPassword());
            arguments.add("--spring.flyway.schemas=" + schema);
            arguments.add("--spring.flyway.default-schema=" + schema);
            arguments.add("--spring.flyway.create-schemas=true");
        }
        arguments.add("--spring.main.banner-mode=off");
        // Bursts of API calls with one token, on PostgreSQL across a restart: the rate limits are tested on their own.
        arguments.add("--dossier.api.rate-limit.per-token=1000000");
        arguments.add("--dossier.api.rate-limit.per-address=1000000");
    }

    public ChildApplication environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public ChildApplication argument(String argument) {
        arguments.add(argument);
        return this;
    }

    public ChildApplication jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    /** The working directory: {@code ./data} is {@code directory().resolve("data")}. */
    public Path directory() {
        return directory;
    }

    public int port() {
        return port;
    }

    public boolean onPostgresql() {
        return schema != null;
    }

    /** Starts the child and waits until it is ready (readiness UP), failing with its log if it stops first. */
    public ChildApplication start() {
        launch();
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        var readiness = URI.create("http://localhost:" + port + "/actuator/health/readiness");
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(
                                "The application stopped with " + process.exitValue() + ":\n" + log());
                    }
                    try {
                        var answer = http.send(
                                HttpRequest.newBuilder(readiness)
                                        .timeout(Duration.ofSeconds(2))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        return answer.statusCode() == 200 && answer.body().contains("\"UP\"");
                    } catch (IOException e) {
                        return false;
                    }
                });
        return this;
    }

    /** Starts the child and waits for it to exit by itself (e.g. refusing to start); returns its exit code. */
    public int startExpectingExit() {
        launch();
        try {
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("The application did not stop by itself:\n" + log());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void launch() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("The application runs already");
        }
        port = freePort();
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xshare:auto");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(applicationClassPath());
        command.add("dev.dossier.DossierApplication");
        command.add("--server.port=" + port);
        command.addAll(arguments);
        var builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        directory.resolve("app.log").toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("DOSSIER_") || k.startsWith("SPRING_"));
        builder.environment().putAll(environment);
        starts++;
        try {
            Files.writeString(
                    directory.resolve("app.log"),
                    "\n=== start " + starts + "\n",
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the child the way a crash or {@code kill -9} does: no shutdown hook, no graceful close. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** Stops the child gracefully (SIGTERM), as an operator does. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitForExit();
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String log() {
        try {
            return Files.readString(directory.resolve("app.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A JDBC connection to the child's database (on H2 only while the child is stopped: H2 admits one process). */
    public java.sql.Connection connect() throws SQLException {
        if (schema != null) {
            var connection =
                    DriverManager.getConnection(TestDatabase.pgUrl(), TestDatabase.pgUser(), TestDatabase.pgPassword());
            connection.setSchema(schema);
            return connection;
        }
        return DriverManager.getConnection(
                "jdbc:h2:file:" + directory.resolve("data").resolve("dossier")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;IFEXISTS=TRUE",
                "sa",
                "");
    }

    /** Stops the child, drops its PostgreSQL schema; the directory stays for a look at the log. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            waitForExit();
        }
        if (schema != null) {
            try (var connection = DriverManager.getConnection(
                            TestDatabase.pgUrl(), TestDatabase.pgUser(), TestDatabase.pgPassword());
                    var statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            } catch (SQLException e) {
                // Left for TestDatabase's clean-up of old schemas.
            }
        }
    }

    /** The application's classpath without the test classes, so that it runs as it is installed. */
    static String applicationClassPath() {
        var path = System.getProperty("surefire.test.class.path");
        if (path == null || path.isBlank()) {
            path = System.getProperty("java.class.path");
        }
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(entry -> !entry.replace('\\', '/').endsWith("/test-classes")
                        && !entry.replace('\\', '/').endsWith("/test-classes/"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
