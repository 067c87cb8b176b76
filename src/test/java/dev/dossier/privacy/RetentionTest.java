package dev.dossier.privacy;

import static dev.dossier.privacy.PrivacyFixtures.create;
import static dev.dossier.privacy.PrivacyFixtures.mobile;
import static dev.dossier.privacy.PrivacyFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Retention rules act on the customers they match, and only on those; every run leaves a report. */
@DossierTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("clock")
class RetentionTest {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    RetentionRules rules;

    private ApiClient admin;

    @BeforeAll
    void signIn() {
        admin = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
    }

    @Test
    void aTrashRuleMovesOnlyLongInactiveCustomersOfItsStagesToTheTrash() {
        var oldLead = customer("Old lead", "LEAD", 30);
        var recentLead = customer("Recent lead", "LEAD", 12);
        var oldCustomer = customer("Old customer", "CUSTOMER", 30);
        var untouched = customer("Fresh lead", "LEAD", 0);
        var rule = define("Leads idle 24 months " + unique(), List.of("LEAD"), 24, "TRASH");

        var run = admin.post("/api/v1/privacy/retention/rules/" + rule.get("id").asString() + "/runs", "");

        assertThat(run.status()).as(run.body()).isEqualTo(200);
        assertThat(run.json().get("outcome").asString()).isEqualTo("SUCCEEDED");
        assertThat(run.json().get("customers").asInt()).isEqualTo(1);
        assertThat(inTrash(oldLead)).isTrue();
        assertThat(inTrash(recentLead)).isFalse();
        assertThat(inTrash(oldCustomer)).isFalse();
        assertThat(inTrash(untouched)).isFalse();

        // Run again: the trashed lead is not matched twice.
        var again =
                admin.post("/api/v1/privacy/retention/rules/" + rule.get("id").asString() + "/runs", "");
        assertThat(again.json().get("customers").asInt()).isZero();
        var reports = admin.get("/api/v1/privacy/retention/runs").json();
        int found = 0;
        for (var report : reports) {
            if (report.get("ruleId").asString().equals(rule.get("id").asString())) {
                found++;
                assertThat(report.get("finishedAt").isString()).isTrue();
            }
        }
        assertThat(found).isEqualTo(2);
    }

    @Test
    void anAnonymiseRuleErasesMatchingCustomersOnceAndTheScheduleSkipsDisabledRules() {
        var oldProspect = customer("Old prospect", "PROSPECT", 40);
        var recentProspect = customer("Recent prospect", "PROSPECT", 10);
        var oldChurned = customer("Old churned", "CHURNED", 40);
        var disabled = define("Churned idle 36 months " + unique(), List.of("CHURNED"), 36, "ANONYMISE");
        var body = new LinkedHashMap<String, Object>(Map.of(
                "version",
                disabled.get("version").asInt(),
                "name",
                disabled.get("name").asString(),
                "stages",
                List.of("CHURNED"),
                "inactiveMonths",
                36,
                "action",
                "ANONYMISE",
                "enabled",
                false));
        assertThat(admin.put(
                                "/api/v1/privacy/retention/rules/"
                                        + disabled.get("id").asString(),
                                ApiClient.json(body),
                                null)
                        .status())
                .isEqualTo(200);
        var prospects = define("Prospects idle 36 months " + unique(), List.of("PROSPECT"), 36, "ANONYMISE");
        // The audit trail has recorded the customer, so that the erasure redacts an entry of it.
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> admin.get("/api/v1/audit?subjectId=" + oldProspect)
                                .json()
                                .get("items")
                                .size()
                        > 0);

        rules.runAll();

        assertThat(name(oldProspect)).startsWith("Anonymous");
        assertThat(name(recentProspect)).startsWith("Recent prospect");
        assertThat(name(oldChurned)).startsWith("Old churned");
        assertThat(inTrash(oldProspect)).isFalse();
        var jdbc = new JdbcTemplate(dataSource);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM customer_erasure WHERE customer_id = ?",
                        Integer.class,
                        UUID.fromString(oldProspect)))
                .isEqualTo(1);
        // The audit entries about the customer are redacted in the rule's name, and the trail verifies.
        assertThat(jdbc.queryForList(
                        "SELECT erasure_id FROM audit_entry WHERE subject_id = ? AND redacted",
                        UUID.class,
                        UUID.fromString(oldProspect)))
                .isNotEmpty()
                .containsOnly(UUID.fromString(prospects.get("id").asString()));
        var verified = admin.get("/api/v1/audit/verification");
        assertThat(verified.json().get("intact").asBoolean())
                .as(verified.body())
                .isTrue();
        rules.runAll();
        var runs = jdbc.queryForList(
                "SELECT customers, outcome FROM retention_run WHERE rule_id = ? " + "ORDER BY started_at",
                UUID.fromString(prospects.get("id").asString()));
        assertThat(runs).hasSize(2);
        assertThat(((Number) runs.get(0).get("customers")).intValue()).isEqualTo(1);
        assertThat(((Number) runs.get(1).get("customers")).intValue()).isZero();
        assertThat(runs).allSatisfy(run -> assertThat(run.get("outcome")).isEqualTo("SUCCEEDED"));
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM retention_run WHERE rule_id = ?",
                        Integer.class,
                        UUID.fromString(disabled.get("id").asString())))
                .isZero();
    }

    @Test
    void aRuleWithMistakesIsRefused() {
        var answer = admin.post(
                "/api/v1/privacy/retention/rules",
                ApiClient.json(
                        Map.of("name", "", "stages", List.of("NOWHERE"), "inactiveMonths", 0, "action", "BURN")));
        PrivacyFixtures.assertProblem(answer, 422, "validation");
        var fields = new java.util.ArrayList<String>();
        answer.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("name", "stages", "inactiveMonths", "action");
    }

    /** A customer last updated {@code monthsAgo} months ago. */
    private String customer(String name, String stage, int monthsAgo) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "INDIVIDUAL");
        body.put("name", name + " " + unique());
        body.put("lifecycleStage", stage);
        body.put("phones", List.of(Map.of("number", mobile())));
        var id = create(admin, body).get("id").asString();
        var at = TestClock.utcNow().minusMonths(monthsAgo).minusDays(1);
        new JdbcTemplate(dataSource)
                .update("UPDATE customer SET updated_at = ?, created_at = ? WHERE id = ?", at, at, UUID.fromString(id));
        return id;
    }

    private JsonNode define(String name, List<String> stages, int months, String action) {
        var answer = admin.post(
                "/api/v1/privacy/retention/rules",
                ApiClient.json(Map.of(
                        "name", name, "stages", stages, "inactiveMonths", months, "action", action, "enabled", true)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    private boolean inTrash(String id) {
        return admin.get("/api/v1/customers/" + id).json().path("deletedAt").isString();
    }

    private String name(String id) {
        return admin.get("/api/v1/customers/" + id).json().get("name").asString();
    }
}
