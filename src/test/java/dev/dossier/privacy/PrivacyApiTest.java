package dev.dossier.privacy;

import static dev.dossier.db.Tables.SUBJECT_REQUEST;
import static dev.dossier.privacy.PrivacyFixtures.assertProblem;
import static dev.dossier.privacy.PrivacyFixtures.consent;
import static dev.dossier.privacy.PrivacyFixtures.individual;
import static dev.dossier.privacy.PrivacyFixtures.request;
import static dev.dossier.privacy.PrivacyFixtures.started;
import static dev.dossier.privacy.PrivacyFixtures.step;
import static dev.dossier.privacy.PrivacyFixtures.stepOk;
import static dev.dossier.privacy.PrivacyFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.keys.FieldCipher;
import dev.dossier.keys.ReEncryption;
import dev.dossier.shared.AccessEvents.DataExported;
import dev.dossier.shared.ConsentCheck;
import dev.dossier.shared.ConsentRequiredException;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import tools.jackson.databind.JsonNode;

/**
 * Consents, data-subject requests and their exports through the REST API, as a privacy officer and as a sales user
 * who may not touch them.
 */
@DossierTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("clock")
class PrivacyApiTest {

    /** Keeps the exports published while the tests run. */
    static class ExportLog {
        final List<DataExported> exports = new CopyOnWriteArrayList<>();

        @EventListener
        void on(DataExported event) {
            exports.add(event);
        }
    }

    @TestConfiguration
    static class Config {
        @Bean
        ExportLog exportLog() {
            return new ExportLog();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    DSLContext db;

    @Autowired
    ReEncryption job;

    @Autowired
    ConsentCheck consentCheck;

    @Autowired
    ExportLog exportLog;

    private ApiClient officer;
    private ApiClient admin;

    @BeforeAll
    void signIn() {
        admin = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        officer = new ApiClient(port).signIn(users.create(Role.MANAGER), TestUsers.PASSWORD);
    }

    // ------------------------------------------------------------------ consents

    @Test
    void consentsAreRecordedWithdrawnAndKeptAsHistory() {
        var customerId = individual(admin, "Consent " + unique());
        var first = consent(officer, customerId, "MARKETING", "Monthly newsletter");
        assertThat(first.get("purpose").asString()).isEqualTo("MARKETING");
        assertThat(first.get("recordedBy").isString()).isTrue();
        assertThat(consentCheck.granted(UUID.fromString(customerId), ConsentCheck.MARKETING))
                .isTrue();
        assertThat(consentCheck.granted(UUID.fromString(customerId), ConsentCheck.PROFILING))
                .isFalse();

        var path = "/api/v1/customers/" + customerId + "/consents/"
                + first.get("id").asString() + "/withdrawal";
        var withdrawn = officer.post(path, ApiClient.json(Map.of("version", 0, "reason", "Asked by phone")));
        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
        assertThat(withdrawn.json().get("withdrawnAt").isString()).isTrue();
        assertThat(withdrawn.json().get("withdrawalReason").asString()).isEqualTo("Asked by phone");
        assertThat(consentCheck.granted(UUID.fromString(customerId), ConsentCheck.MARKETING))
                .isFalse();
        assertThatThrownBy(() -> consentCheck.require(UUID.fromString(customerId), ConsentCheck.MARKETING))
                .isInstanceOf(ConsentRequiredException.class);

        // Withdrawing again is refused; the row stays as it was.
        assertProblem(officer.post(path, ApiClient.json(Map.of("reason", "again"))), 409, "consent-withdrawn");

        // Consenting again is a new row; the old one stays withdrawn.
        var second = consent(officer, customerId, "MARKETING", "Weekly offers");
        assertThat(second.get("id").asString()).isNotEqualTo(first.get("id").asString());
        assertThat(consentCheck.granted(UUID.fromString(customerId), ConsentCheck.MARKETING))
                .isTrue();
        var history =
                officer.get("/api/v1/customers/" + customerId + "/consents").json();
        assertThat(history.size()).isEqualTo(2);
        var states = new ArrayList<String>();
        history.forEach(c -> states.add(
                c.get("scope").asString() + ":" + c.path("withdrawnAt").isString()));
        assertThat(states).containsExactlyInAnyOrder("Monthly newsletter:true", "Weekly offers:false");
    }

    @Test
    void sensitiveAndCrossBorderConsentsAreSeparatePurposes() {
        var customerId = UUID.fromString(individual(admin, "Separate " + unique()));
        consent(officer, customerId.toString(), "SENSITIVE_PERSONAL_INFORMATION", "Health data for insurance");
        assertThat(consentCheck.granted(customerId, ConsentCheck.SENSITIVE_PERSONAL_INFORMATION))
                .isTrue();
        assertThat(consentCheck.granted(customerId, ConsentCheck.CROSS_BORDER_TRANSFER))
                .isFalse();
        assertThat(consentCheck.granted(customerId, ConsentCheck.THIRD_PARTY_SHARING))
                .isFalse();
    }

    @Test
    void aConsentWithMistakesIsRefusedFieldByField() {
        var customerId = individual(admin, "Bad consent " + unique());
        var answer = officer.post(
                "/api/v1/customers/" + customerId + "/consents",
                ApiClient.json(Map.of("purpose", "SPAM", "scope", "x".repeat(501), "givenAt", "2999-01-01T00:00:00Z")));
        assertProblem(answer, 422, "validation");
        var fields = new ArrayList<String>();
        answer.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("purpose", "channel", "scope", "givenAt");
        assertThat(officer.get("/api/v1/customers/" + customerId + "/consents")
                        .json()
                        .size())
                .isZero();
        assertProblem(officer.get("/api/v1/customers/" + UUID.randomUUID() + "/consents"), 404, "not-found");
    }

    // ------------------------------------------------------------------ requests

    @Test
    void aRequestGoesThroughItsWorkflowAndEveryStepIsRecorded() {
        var customerId = individual(admin, "Workflow " + unique());
        var opened = request(officer, customerId, "CORRECTION", null, "Requester " + unique());
        assertThat(opened.get("status").asString()).isEqualTo("RECEIVED");
        assertThat(opened.get("dueOn").asString())
                .isEqualTo(LocalDate.ofInstant(TestClock.now(), java.time.ZoneOffset.UTC)
                        .plusDays(15)
                        .toString());
        assertThat(opened.get("daysLeft").asInt()).isEqualTo(15);
        assertThat(opened.get("overdue").asBoolean()).isFalse();
        // How to reach the requester is kept encrypted and read back in full.
        var contact = opened.get("requesterContact").asString();
        assertThat(contact).startsWith("requester-");
        assertThat(db.select(SUBJECT_REQUEST.REQUESTER_CONTACT)
                        .from(SUBJECT_REQUEST)
                        .where(SUBJECT_REQUEST.ID.eq(
                                UUID.fromString(opened.get("id").asString())))
                        .fetchOne(SUBJECT_REQUEST.REQUESTER_CONTACT))
                .startsWith(FieldCipher.PREFIX)
                .doesNotContain(contact);
        assertThat(officer.get("/api/v1/privacy/requests/" + opened.get("id").asString())
                        .json()
                        .get("requesterContact")
                        .asString())
                .isEqualTo(contact);
        // As an older version wrote it, in plain text: encrypted by the background job, still read back in full.
        db.update(SUBJECT_REQUEST)
                .set(SUBJECT_REQUEST.REQUESTER_CONTACT, contact)
                .where(SUBJECT_REQUEST.ID.eq(UUID.fromString(opened.get("id").asString())))
                .execute();
        job.runNow();
        assertThat(db.select(SUBJECT_REQUEST.REQUESTER_CONTACT)
                        .from(SUBJECT_REQUEST)
                        .where(SUBJECT_REQUEST.ID.eq(
                                UUID.fromString(opened.get("id").asString())))
                        .fetchOne(SUBJECT_REQUEST.REQUESTER_CONTACT))
                .startsWith(FieldCipher.PREFIX);
        assertThat(officer.get("/api/v1/privacy/requests/" + opened.get("id").asString())
                        .json()
                        .get("requesterContact")
                        .asString())
                .isEqualTo(contact);

        // Completing before verifying, and verifying without saying how, are refused; nothing changes.
        assertProblem(step(officer, opened, "COMPLETE", Map.of("correction", "x")), 409, "invalid-transition");
        assertProblem(step(officer, opened, "VERIFY", Map.of()), 422, "validation");
        assertThat(officer.get("/api/v1/privacy/requests/" + opened.get("id").asString())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("RECEIVED");

        var verified = stepOk(officer, opened, "VERIFY", Map.of("method", "Reply from registered email"));
        assertThat(verified.get("verifiedBy").isString()).isTrue();
        // A step taken on the version before is refused as stale.
        assertProblem(step(officer, opened, "START", Map.of()), 409, "stale-version");
        var inProgress = stepOk(officer, verified, "START", Map.of());
        assertProblem(step(officer, inProgress, "COMPLETE", Map.of()), 422, "validation");
        var done = stepOk(officer, inProgress, "COMPLETE", Map.of("correction", "Mobile number corrected"));
        assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(done.get("correction").asString()).isEqualTo("Mobile number corrected");
        assertThat(done.get("overdue").asBoolean()).isFalse();
        assertProblem(step(officer, done, "REJECT", Map.of("reason", "late")), 409, "invalid-transition");

        var steps = new ArrayList<String>();
        done.get("steps").forEach(s -> {
            assertThat(s.get("changedBy").isString()).isTrue();
            assertThat(s.get("changedAt").isString()).isTrue();
            steps.add((s.path("from").isString() ? s.get("from").asString() : "") + ">"
                    + s.get("to").asString());
        });
        assertThat(steps)
                .containsExactly(">RECEIVED", "RECEIVED>VERIFIED", "VERIFIED>IN_PROGRESS", "IN_PROGRESS>COMPLETED");
    }

    @Test
    void aRejectionNeedsAReasonAndOverdueRequestsAreFound() {
        var customerId = individual(admin, "Reject " + unique());
        var body = Map.of(
                "customerId",
                customerId,
                "kind",
                "ERASURE",
                "channel",
                "PAPER",
                "requesterName",
                "Late " + unique(),
                "receivedAt",
                "2020-01-01T08:00:00Z");
        var old = officer.post("/api/v1/privacy/requests", ApiClient.json(body));
        assertThat(old.status()).as(old.body()).isEqualTo(201);
        assertThat(old.json().get("overdue").asBoolean()).isTrue();
        assertThat(old.json().get("daysLeft").asInt()).isNegative();
        var id = old.json().get("id").asString();
        var overdue = officer.get("/api/v1/privacy/requests?overdue=true").json();
        var ids = new ArrayList<String>();
        overdue.forEach(r -> ids.add(r.get("id").asString()));
        assertThat(ids).contains(id);

        assertProblem(step(officer, old.json(), "REJECT", Map.of()), 422, "validation");
        var rejected = stepOk(officer, old.json(), "REJECT", Map.of("reason", "Not the data subject"));
        assertThat(rejected.get("status").asString()).isEqualTo("REJECTED");
        assertThat(rejected.get("overdue").asBoolean()).isFalse();
        var notOverdue = new ArrayList<String>();
        officer.get("/api/v1/privacy/requests?overdue=true")
                .json()
                .forEach(r -> notOverdue.add(r.get("id").asString()));
        assertThat(notOverdue).doesNotContain(id);
    }

    @Test
    void aRequestWithMistakesIsRefused() {
        var answer = officer.post(
                "/api/v1/privacy/requests",
                ApiClient.json(
                        Map.of("customerId", UUID.randomUUID().toString(), "kind", "GOSSIP", "channel", "EMAIL")));
        assertProblem(answer, 422, "validation");
        var fields = new ArrayList<String>();
        answer.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("customerId", "kind", "requesterName");
    }

    // ------------------------------------------------------------------ export

    @Test
    void theExportHoldsEveryModulesDataAndTheConsents() {
        var name = "Export " + unique();
        var customerId = individual(admin, name);
        var scope = "Scope " + unique();
        consent(officer, customerId, "SERVICE_COMMUNICATION", scope);
        var opened = request(officer, customerId, "ACCESS", "REQUESTER", "Self " + unique());
        var path = "/api/v1/privacy/requests/" + opened.get("id").asString() + "/export";

        // Not before the identity is verified and work has started.
        assertProblem(officer.get(path), 409, "export-unavailable");
        started(officer, opened);
        int before = exportLog.exports.size();

        var answer = officer.get(path);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        var document = answer.json();
        assertThat(document.get("format").asString()).isEqualTo("dossier-data-subject-export/1");
        assertThat(document.get("customerId").asString()).isEqualTo(customerId);
        var customers = document.get("sections").get("customers");
        assertThat(record(customers, "customer").get("name").asString()).isEqualTo(name);
        assertThat(record(customers, "contact_point").get("point_value").asString())
                .startsWith("+8613");
        assertThat(record(customers, "change").get("action").asString()).isEqualTo("CREATED");
        var privacy = document.get("sections").get("privacy");
        assertThat(record(privacy, "consent").get("scope").asString()).isEqualTo(scope);
        assertThat(record(privacy, "subject_request").get("kind").asString()).isEqualTo("ACCESS");

        assertThat(exportLog.exports.size()).isEqualTo(before + 1);
        var event = exportLog.exports.getLast();
        assertThat(event.kind()).isEqualTo("data-subject-export");
        assertThat(event.rows()).isGreaterThanOrEqualTo(5);
        assertThat(event.byUserId()).isNotNull();
    }

    @Test
    void anExportToAThirdPartyOrAbroadNeedsTheCustomersConsent() {
        var customerId = individual(admin, "Abroad " + unique());
        var abroad = started(officer, request(officer, customerId, "ACCESS", "ABROAD", "Agent " + unique()));
        var path = "/api/v1/privacy/requests/" + abroad.get("id").asString() + "/export";
        int before = exportLog.exports.size();

        var refused = officer.get(path);
        assertProblem(refused, 409, "consent-required");
        assertThat(refused.json().get("purpose").asString()).isEqualTo("CROSS_BORDER_TRANSFER");
        assertThat(exportLog.exports.size()).isEqualTo(before);

        // Consent to a third party is not consent to go abroad.
        consent(officer, customerId, "THIRD_PARTY_SHARING", "Insurer");
        assertProblem(officer.get(path), 409, "consent-required");
        consent(officer, customerId, "CROSS_BORDER_TRANSFER", "Head office in Singapore");
        assertThat(officer.get(path).status()).isEqualTo(200);

        var third = started(officer, request(officer, customerId, "ACCESS", "THIRD_PARTY", "Agent " + unique()));
        assertThat(officer.get("/api/v1/privacy/requests/" + third.get("id").asString() + "/export")
                        .status())
                .isEqualTo(200);
    }

    // ------------------------------------------------------------------ access

    @Test
    void aSalesUserIsRefusedEverywhereInPrivacy() {
        var sales = new ApiClient(port).signIn(users.create(Role.SALES), TestUsers.PASSWORD);
        var customerId = individual(sales, "Sales own " + unique());
        var request = request(officer, customerId, "ACCESS", null, "Someone " + unique());
        for (var answer : List.of(
                sales.get("/api/v1/customers/" + customerId + "/consents"),
                sales.post(
                        "/api/v1/customers/" + customerId + "/consents",
                        ApiClient.json(Map.of("purpose", "MARKETING", "channel", "PHONE"))),
                sales.get("/api/v1/privacy/requests"),
                sales.get("/api/v1/privacy/requests/" + request.get("id").asString()),
                sales.get("/api/v1/privacy/requests/" + request.get("id").asString() + "/export"),
                step(sales, request, "VERIFY", Map.of("method", "none")),
                sales.get("/api/v1/privacy/retention/rules"),
                sales.get("/api/v1/privacy/retention/runs"))) {
            assertProblem(answer, 403, "forbidden");
        }
        assertThat(officer.get("/api/v1/customers/" + customerId + "/consents")
                        .json()
                        .size())
                .isZero();
        // Retention rules act on many customers at once: a manager may read them but only an administrator defines.
        assertProblem(
                officer.post(
                        "/api/v1/privacy/retention/rules",
                        ApiClient.json(Map.of(
                                "name", "x", "stages", List.of("LEAD"), "inactiveMonths", 24, "action", "TRASH"))),
                403,
                "forbidden");
    }

    @Test
    void thePrivacyApiIsInTheOpenApiDocument() {
        var doc = admin.get("/v3/api-docs");
        assertThat(doc.status()).isEqualTo(200);
        var paths = doc.json().get("paths");
        assertThat(paths.has("/api/v1/customers/{customerId}/consents")).isTrue();
        assertThat(paths.has("/api/v1/privacy/requests/{id}/steps")).isTrue();
        assertThat(paths.has("/api/v1/privacy/requests/{id}/export")).isTrue();
        assertThat(paths.has("/api/v1/privacy/retention/rules/{id}/runs")).isTrue();
    }

    private static JsonNode record(JsonNode section, String kind) {
        for (var record : section) {
            if (kind.equals(record.get("record").asString())) {
                return record;
            }
        }
        throw new AssertionError("No " + kind + " in " + section);
    }
}
