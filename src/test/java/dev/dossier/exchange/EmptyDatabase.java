package dev.dossier.exchange;

import dev.dossier.TestDatabase;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A new database with nothing in it, not even tables, as a restore target: in-memory H2 in PostgreSQL mode, or a
 * fresh schema in the test PostgreSQL server, dropped on {@link #close()}.
 */
final class EmptyDatabase implements AutoCloseable {

    private final DataSource dataSource;
    private final Configuration flyway;
    private final String schema;

    private EmptyDatabase(DataSource dataSource, Configuration flyway, String schema) {
        this.dataSource = dataSource;
        this.flyway = flyway;
        this.schema = schema;
    }

    /** Of the kind the database tests run on now. */
    static EmptyDatabase ofTestKind() {
        return TestDatabase.postgresql() ? postgresql() : h2();
    }

    static EmptyDatabase h2() {
        var dataSource = new DriverManagerDataSource(
                "jdbc:h2:mem:restore-" + UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "sa",
                "");
        return new EmptyDatabase(
                dataSource,
                Flyway.configure()
                        .dataSource(dataSource)
                        .locations("classpath:db/migration/common", "classpath:db/migration/h2"),
                null);
    }

    static EmptyDatabase postgresql() {
        var schema = TestDatabase.freshSchema("restore");
        var dataSource = new DriverManagerDataSource(
                TestDatabase.pgUrl(schema), TestDatabase.pgUser(), TestDatabase.pgPassword());
        return new EmptyDatabase(
                dataSource,
                Flyway.configure()
                        .dataSource(dataSource)
                        .locations("classpath:db/migration/common", "classpath:db/migration/postgresql")
                        .schemas(schema)
                        .defaultSchema(schema)
                        .createSchemas(true),
                schema);
    }

    /** Creates the schema of this Dossier's latest version. */
    EmptyDatabase migrate() {
        Flyway.configure().configuration(flyway).load().migrate();
        return this;
    }

    DataSource dataSource() {
        return dataSource;
    }

    Restorer restorer() {
        return new Restorer(dataSource, flyway);
    }

    BackupWriter writer() {
        return new BackupWriter(dataSource);
    }

    /** Tables that hold rows (Flyway's history aside). */
    java.util.List<String> tablesWithRows() {
        try (var connection = dataSource.getConnection()) {
            return Databases.tablesWithRows(connection);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (schema == null) {
            try (var connection = dataSource.getConnection();
                    var statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            } catch (SQLException e) {
                // already gone
            }
            return;
        }
        try (var connection = DriverManager.getConnection(
                        TestDatabase.pgUrl(), TestDatabase.pgUser(), TestDatabase.pgPassword());
                var statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
