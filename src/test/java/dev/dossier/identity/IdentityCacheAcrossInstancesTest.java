package dev.dossier.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dossier.support.ApiClient;
import dev.dossier.support.SharedSchema;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of Dossier on one PostgreSQL schema, each keeping tokens, users and rights in memory: a role changed
 * and a token revoked on one instance hold on the other within about a second, though the other had them in memory.
 */
@Tag("database")
@EnabledIfEnvironmentVariable(named = "DOSSIER_TEST_PG_URL", matches = ".+")
@EnabledIfSystemProperty(named = "dossier.test.db", matches = "postgresql")
class IdentityCacheAcrossInstancesTest {

    private static final String CUSTOMERS = "/api/v1/customers";
    private static final String AUDIT = "/api/v1/audit";
    /** The promise is about a second; the rest is room for a slow machine. */
    private static final Duration WITHIN = Duration.ofSeconds(5);

    private final SharedSchema database = SharedSchema.migrated("identity_twins");

    @Test
    void aRoleChangeAndARevocationOnOneInstanceHoldOnTheOther() {
        var a = start();
        var b = start();
        var management = a.getBean(UserManagement.class);
        var username = "twin-" + UUID.randomUUID().toString().substring(0, 8);
        var userId = management.create(
                new UserManagement.UserDraft(username, "Twin", null, Set.of(Role.SALES), null, null, true),
                "twin-password-1",
                false);
        var issued = a.getBean(ApiTokens.class).issue(userId, "twins", null);
        var onA = new ApiClient(SharedSchema.port(a)).withToken(issued.token());
        var onB = new ApiClient(SharedSchema.port(b)).withToken(issued.token());
        assertThat(onB.get(AUDIT).status()).isEqualTo(403);
        assertThat(onB.get(CUSTOMERS).status()).isEqualTo(200);
        assertThat(onB.get(AUDIT).status()).as("still known on B").isEqualTo(403);

        var user = a.getBean(UserRepository.class).findById(userId).orElseThrow();
        management.update(
                userId,
                user.getVersion(),
                new UserManagement.UserDraft(username, "Twin", null, Set.of(Role.AUDITOR), null, null, true));

        assertThat(onA.get(AUDIT).status()).as("on A at once").isEqualTo(200);
        await().atMost(WITHIN)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> onB.get(AUDIT).status() == 200);

        a.getBean(ApiTokens.class).revoke(userId, issued.id());

        assertThat(onA.get(CUSTOMERS).status()).as("on A at once").isEqualTo(401);
        await().atMost(WITHIN)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> onB.get(CUSTOMERS).status() == 401);
    }

    private ConfigurableApplicationContext start() {
        return database.start(
                null, "--dossier.api.rate-limit.per-token=1000000", "--dossier.api.rate-limit.per-address=1000000");
    }

    @AfterEach
    void stopAndDropSchema() throws SQLException {
        database.close();
    }
}
