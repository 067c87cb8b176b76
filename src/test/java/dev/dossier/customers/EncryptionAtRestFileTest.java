package dev.dossier.customers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.TestDatabase;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The embedded database as it lies on disk: an H2 file database of its own in a temporary directory, written
 * through the API, shut down, and its {@code .mv.db} bytes searched for every sensitive value.
 */
@Tag("database")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dossier.admin-password=admin-password-1", "dossier.security.max-failures-per-address=1000"})
@DirtiesContext
class EncryptionAtRestFileTest {

    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("dossier-at-rest-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add(
                "spring.datasource.url",
                () -> "jdbc:h2:file:" + DIR.resolve("dossier")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        registry.add("spring.datasource.username", () -> "sa");
        registry.add("spring.datasource.password", () -> "");
        registry.add("dossier.keys.file", () -> DIR.resolve("keys/dossier.keys").toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    DSLContext db;

    @Autowired
    javax.sql.DataSource dataSource;

    @BeforeAll
    static void onlyOnTheEmbeddedDatabase() {
        Assumptions.assumeFalse(TestDatabase.postgresql(), "the PostgreSQL run checks a pg_dump instead");
    }

    @Test
    void theDatabaseFileHoldsNoSensitiveValueInPlainText() throws IOException {
        var api = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        var samples = SensitiveSamples.create(api, 5);
        db.execute("CHECKPOINT SYNC");
        try (var connection = dataSource.getConnection();
                var statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (java.sql.SQLException e) {
            // H2 reports the connection it just closed; the file is written and closed either way.
        }

        var file = DIR.resolve("dossier.mv.db");
        assertThat(file).exists();
        var bytes = Files.readAllBytes(file);
        assertThat(SensitiveSamples.indexOf(bytes, samples.getFirst().name().getBytes(StandardCharsets.UTF_8)))
                .as("the file holds the data: a customer's name is there in plain text")
                .isNotNegative();
        assertThat(SensitiveSamples.foundIn(bytes, samples)).isEmpty();
        assertThat(DIR.resolve("keys/dossier.keys"))
                .as("the keys are kept apart from the database")
                .exists();
    }
}
