package dev.dossier.support;

import dev.dossier.DossierApplication;
import dev.dossier.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several instances of Dossier in this JVM on one fresh PostgreSQL schema, as a cluster runs: the schema is migrated
 * once before the first starts, the instances share one key file, anchor and backup directory, and closing stops
 * them all and drops the schema.
 */
public final class SharedSchema implements AutoCloseable {

    private final String schema;
    private final Path directory;
    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    /** A fresh schema named after {@code purpose}, migrated to the latest version. */
    public static SharedSchema migrated(String purpose) {
        var schema = TestDatabase.freshSchema(purpose);
        Flyway.configure()
                .dataSource(TestDatabase.pgUrl(schema), TestDatabase.pgUser(), TestDatabase.pgPassword())
                .locations("classpath:db/migration/common", "classpath:db/migration/postgresql")
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .load()
                .migrate();
        try {
            var directory = Files.createTempDirectory(
                    Path.of(System.getProperty("dossier.build.directory", "target")), purpose + "-");
            return new SharedSchema(schema, directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SharedSchema(String schema, Path directory) {
        this.schema = schema;
        this.directory = directory;
    }

    /** Starts one more instance with the given extra arguments, after {@code initializer} (or none) ran. */
    public ConfigurableApplicationContext start(
            ApplicationContextInitializer<ConfigurableApplicationContext> initializer, String... arguments) {
        var builder = new SpringApplicationBuilder(DossierApplication.class);
        if (initializer != null) {
            builder.initializers(initializer);
        }
        var common = Stream.of(
                "--spring.datasource.url=" + TestDatabase.pgUrl(schema),
                "--spring.datasource.username=" + TestDatabase.pgUser(),
                "--spring.datasource.password=" + TestDatabase.pgPassword(),
                "--spring.datasource.hikari.maximum-pool-size=6",
                "--spring.datasource.hikari.minimum-idle=1",
                "--spring.flyway.schemas=" + schema,
                "--spring.flyway.default-schema=" + schema,
                "--spring.flyway.create-schemas=true",
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--dossier.admin-password=admin-password-1",
                "--dossier.keys.file=" + directory.resolve("dossier.keys"),
                "--dossier.audit.anchors.directory=" + directory.resolve("anchors"),
                "--dossier.backup.directory=" + directory.resolve("backups"));
        if (Stream.of(arguments).noneMatch(a -> a.startsWith("--dossier.search.directory="))) {
            // Each instance keeps its own search index.
            common = Stream.concat(
                    common,
                    Stream.of("--dossier.search.directory=" + directory.resolve("search-" + UUID.randomUUID())));
        }
        var context = builder.run(Stream.concat(common, Stream.of(arguments)).toArray(String[]::new));
        instances.add(context);
        return context;
    }

    /** The directory the instances share (keys, anchors, backups). */
    public Path directory() {
        return directory;
    }

    /** The HTTP port an instance listens on. */
    public static int port(ConfigurableApplicationContext instance) {
        return Integer.parseInt(instance.getEnvironment().getProperty("local.server.port"));
    }

    /** A connection to the shared schema. */
    public Connection connect() throws SQLException {
        var connection =
                DriverManager.getConnection(TestDatabase.pgUrl(), TestDatabase.pgUser(), TestDatabase.pgPassword());
        connection.setSchema(schema);
        return connection;
    }

    /** Stops every instance started so far. */
    public void stopAll() {
        instances.forEach(ConfigurableApplicationContext::close);
        instances.clear();
    }

    /** Stops every instance and drops the schema. */
    @Override
    public void close() throws SQLException {
        stopAll();
        try (var connection = DriverManager.getConnection(
                        TestDatabase.pgUrl(), TestDatabase.pgUser(), TestDatabase.pgPassword());
                var statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        }
    }
}
