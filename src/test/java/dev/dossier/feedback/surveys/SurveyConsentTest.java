package dev.dossier.feedback.surveys;

import static dev.dossier.db.Tables.CUSTOMER_EMAIL;
import static dev.dossier.db.Tables.SURVEY_INVITATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.notifications.OutboxTest;
import dev.dossier.shared.ConsentCheck;
import dev.dossier.support.ApiClient;
import dev.dossier.support.Consents;
import dev.dossier.support.TestUsers;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Surveys need the customer's consent to service communication: an NPS survey leaves out and counts those without
 * an address, without consent and with consent withdrawn, and one whose consent is withdrawn after the survey was
 * sent but before the email goes out is skipped and counted too; a CSAT link is not sent without consent.
 */
@DossierTest
@AutoConfigureMockMvc
class SurveyConsentTest extends OutboxTest {

    @LocalServerPort
    int port;

    @Autowired
    DSLContext db;

    @Autowired
    TestUsers users;

    @Autowired
    MockMvc mvc;

    @Autowired
    UserDetailsService userDetails;

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String customer(ApiClient api, String email, String tag) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "INDIVIDUAL");
        body.put("name", "Survey consent " + unique());
        if (email != null) {
            body.put("emails", List.of(Map.of("address", email)));
        } else {
            body.put(
                    "phones",
                    List.of(Map.of(
                            "number",
                            "1390000"
                                    + String.format(
                                            "%04d",
                                            Math.floorMod(UUID.randomUUID().hashCode(), 10_000)))));
        }
        body.put("tags", tag == null ? List.of() : List.of(tag));
        var answer = api.post("/api/v1/customers", ApiClient.json(body));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("id").asString();
    }

    private String status(String key) {
        return await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> db.select(CUSTOMER_EMAIL.STATUS)
                                .from(CUSTOMER_EMAIL)
                                .where(CUSTOMER_EMAIL.DEDUP_KEY.eq(key))
                                .fetchOne(CUSTOMER_EMAIL.STATUS),
                        s -> s != null);
    }

    @Test
    void anNpsSurveyGoesOnlyToCustomersWhoConsentedAndSaysWhoWasLeftOutAndWhy() throws Exception {
        var managerName = users.create(Role.MANAGER);
        var manager = new ApiClient(port).signIn(managerName, TestUsers.PASSWORD);
        var tag = "consent-" + unique();
        var consentedTo = "yes." + unique() + "@example.com";
        var consented = customer(manager, consentedTo, tag);
        Consents.give(manager, consented, ConsentCheck.SERVICE_COMMUNICATION);
        var lateTo = "late." + unique() + "@example.com";
        var late = customer(manager, lateTo, tag);
        var lateConsent = Consents.give(manager, late, ConsentCheck.SERVICE_COMMUNICATION);
        var neverTo = "never." + unique() + "@example.com";
        var never = customer(manager, neverTo, tag);
        Consents.give(manager, never, ConsentCheck.MARKETING);
        var withdrawnTo = "withdrawn." + unique() + "@example.com";
        var withdrawn = customer(manager, withdrawnTo, tag);
        Consents.withdraw(manager, withdrawn, Consents.give(manager, withdrawn, ConsentCheck.SERVICE_COMMUNICATION));
        var noEmail = customer(manager, null, tag);
        Consents.give(manager, noEmail, ConsentCheck.SERVICE_COMMUNICATION);

        var created = manager.post("/api/v1/surveys", ApiClient.json(Map.of("name", "Consent NPS " + tag, "tag", tag)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var surveyId = created.json().get("id").asString();
        assertThat(created.json().get("invited").asInt()).isEqualTo(2);
        var excluded = created.json().get("excluded");
        assertThat(excluded.get("noConsent").asInt()).isEqualTo(1);
        assertThat(excluded.get("consentWithdrawn").asInt()).isEqualTo(1);
        assertThat(excluded.get("noEmail").asInt()).isEqualTo(1);
        assertThat(db.fetchCount(
                        CUSTOMER_EMAIL,
                        CUSTOMER_EMAIL.CUSTOMER_ID.in(
                                UUID.fromString(never), UUID.fromString(withdrawn), UUID.fromString(noEmail))))
                .isZero();

        // Queued for both; one withdraws before the mail run.
        assertThat(status("nps:" + surveyId + ":" + consented)).isEqualTo("PENDING");
        assertThat(status("nps:" + surveyId + ":" + late)).isEqualTo("PENDING");
        Consents.withdraw(manager, late, lateConsent);
        sendDueEmails();

        assertThat(receivedBy(consentedTo)).hasSize(1);
        assertThat(receivedBy(lateTo)).isEmpty();
        assertThat(receivedBy(neverTo)).isEmpty();
        assertThat(receivedBy(withdrawnTo)).isEmpty();
        assertThat(status("nps:" + surveyId + ":" + late)).isEqualTo("SKIPPED");
        var survey = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> manager.get("/api/v1/surveys/" + surveyId).json(),
                        s -> s.get("invited").asInt() == 1);
        assertThat(survey.get("excluded").get("consentWithdrawn").asInt()).isEqualTo(2);
        assertThat(survey.get("excluded").get("noConsent").asInt()).isEqualTo(1);
        assertThat(db.fetchCount(SURVEY_INVITATION, SURVEY_INVITATION.SURVEY_ID.eq(UUID.fromString(surveyId))))
                .isEqualTo(1);

        var page = mvc.perform(get("/surveys/" + surveyId)
                        .with(user(userDetails.loadUserByUsername(managerName)))
                        .locale(Locale.ENGLISH))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Left out", "4: no consent to surveys 1, consent withdrawn 2, no email address 1");
    }

    @Test
    void aResolvedCaseSendsNoCsatLinkWithoutConsentAndOneWithIt() {
        var managerName = users.create(Role.MANAGER);
        var manager = new ApiClient(port).signIn(managerName, TestUsers.PASSWORD);
        var withoutTo = "csat-no." + unique() + "@example.com";
        var without = customer(manager, withoutTo, null);
        var withTo = "csat-yes." + unique() + "@example.com";
        var with = customer(manager, withTo, null);
        Consents.give(manager, with, ConsentCheck.SERVICE_COMMUNICATION);

        var skippedCase = resolvedCase(manager, users.id(managerName).toString(), without);
        var sentCase = resolvedCase(manager, users.id(managerName).toString(), with);
        assertThat(status("csat:" + skippedCase)).isEqualTo("SKIPPED");
        assertThat(status("csat:" + sentCase)).isEqualTo("PENDING");
        sendDueEmails();

        assertThat(receivedBy(withoutTo)).isEmpty();
        assertThat(receivedBy(withTo))
                .singleElement()
                .satisfies(m -> assertThat(text(m)).contains("/public/surveys/"));
        // The link that was never sent is taken back.
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        db.fetchCount(SURVEY_INVITATION, SURVEY_INVITATION.CASE_ID.eq(UUID.fromString(skippedCase)))
                                == 0);
        assertThat(db.fetchCount(SURVEY_INVITATION, SURVEY_INVITATION.CASE_ID.eq(UUID.fromString(sentCase))))
                .isEqualTo(1);
    }

    @Test
    void anNpsSurveyIsWrittenInEachCustomersPreferredLanguage() throws Exception {
        var manager = new ApiClient(port).signIn(users.create(Role.MANAGER), TestUsers.PASSWORD);
        var tag = "language-" + unique();
        var englishTo = "english." + unique() + "@example.com";
        var english = customer(manager, englishTo, tag);
        var defaultTo = "default." + unique() + "@example.com";
        var plain = customer(manager, defaultTo, tag);
        var edited = manager.get("/api/v1/customers/" + english).json();
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "INDIVIDUAL");
        body.put("name", edited.get("name").asString());
        body.put("emails", List.of(Map.of("address", englishTo)));
        body.put("tags", List.of(tag));
        body.put("preferredLanguage", "en");
        var put = manager.put(
                "/api/v1/customers/" + english,
                ApiClient.json(body),
                "\"" + edited.get("version").asInt() + "\"");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        Consents.give(manager, english, ConsentCheck.SERVICE_COMMUNICATION);
        Consents.give(manager, plain, ConsentCheck.SERVICE_COMMUNICATION);

        var created = manager.post("/api/v1/surveys", ApiClient.json(Map.of("name", "Language " + tag, "tag", tag)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var surveyId = created.json().get("id").asString();
        status("nps:" + surveyId + ":" + english);
        status("nps:" + surveyId + ":" + plain);
        sendDueEmails();

        assertThat(receivedBy(englishTo))
                .singleElement()
                .satisfies(m -> assertThat(m.getSubject()).isEqualTo("One question: would you recommend us?"));
        // Without a preferred language: the installation's default (Chinese here).
        assertThat(receivedBy(defaultTo))
                .singleElement()
                .satisfies(m -> assertThat(m.getSubject()).doesNotContain("One question"));
    }

    private static String resolvedCase(ApiClient manager, String managerId, String customerId) {
        var created = manager.post(
                "/api/v1/cases",
                ApiClient.json(
                        Map.of("customerId", customerId, "title", "Cracked screen " + unique(), "kind", "DEFECT")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var caseId = created.json().get("id").asString();
        assertThat(manager.put(
                                "/api/v1/cases/" + caseId + "/assignment",
                                ApiClient.json(Map.of("assigneeId", managerId, "version", 0)),
                                null)
                        .status())
                .isEqualTo(200);
        assertThat(manager.post("/api/v1/cases/" + caseId + "/transitions", "{\"action\":\"start\"}")
                        .status())
                .isEqualTo(200);
        var resolved = manager.post(
                "/api/v1/cases/" + caseId + "/transitions", "{\"action\":\"resolve\",\"comment\":\"Replaced\"}");
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        return caseId;
    }
}
