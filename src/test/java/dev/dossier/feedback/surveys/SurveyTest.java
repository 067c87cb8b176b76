package dev.dossier.feedback.surveys;

import static dev.dossier.db.Tables.CUSTOMER_EMAIL;
import static dev.dossier.db.Tables.FEEDBACK_CASE;
import static dev.dossier.db.Tables.SURVEY_INVITATION;
import static dev.dossier.db.Tables.SURVEY_RESPONSE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.keys.FieldCipher;
import dev.dossier.shared.ConsentCheck;
import dev.dossier.support.ApiClient;
import dev.dossier.support.Consents;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Satisfaction surveys end to end: the CSAT link a resolved case sends, answered once only; forged and expired
 * links; an NPS survey to a segment the sender reaches, and its score.
 */
@DossierTest
@AutoConfigureMockMvc
@Tag("clock")
class SurveyTest {

    @LocalServerPort
    int port;

    @Autowired
    FieldCipher cipher;

    @Autowired
    MockMvc mvc;

    @Autowired
    DSLContext db;

    @Autowired
    TestUsers users;

    @Autowired
    UserDetailsService userDetails;

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String customer(ApiClient api, String name, String email, String tag) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "INDIVIDUAL");
        body.put("name", name);
        body.put("emails", List.of(Map.of("address", email)));
        body.put("tags", tag == null ? List.of() : List.of(tag));
        var answer = api.post("/api/v1/customers", ApiClient.json(body));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("id").asString();
    }

    /** The survey link sent in the email with this key, once it is in the outbox. */
    private String link(String key) throws InterruptedException {
        var link = await(() -> db.select(CUSTOMER_EMAIL.LINK)
                .from(CUSTOMER_EMAIL)
                .where(CUSTOMER_EMAIL.DEDUP_KEY.eq(key))
                .fetchOne(CUSTOMER_EMAIL.LINK));
        assertThat(link).startsWith("/public/surveys/");
        return link;
    }

    private MockHttpServletResponse open(String link) throws Exception {
        return mvc.perform(get(link).locale(Locale.ENGLISH)).andReturn().getResponse();
    }

    private MockHttpServletResponse answer(String link, String score, String comment) throws Exception {
        return mvc.perform(post(link)
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("score", score)
                        .param("comment", comment))
                .andReturn()
                .getResponse();
    }

    @Test
    void aResolvedCaseSendsACsatLinkThatIsAnsweredOnceOnly() throws Exception {
        var managerName = users.create(Role.MANAGER);
        var manager = new ApiClient(port).signIn(managerName, TestUsers.PASSWORD);
        var email = "csat." + unique() + "@example.com";
        var customerId = customer(manager, "Csat " + unique(), email, null);
        Consents.give(manager, customerId, ConsentCheck.SERVICE_COMMUNICATION);
        var created = manager.post(
                "/api/v1/cases",
                ApiClient.json(Map.of("customerId", customerId, "title", "Broken lid " + unique(), "kind", "DEFECT")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var caseId = created.json().get("id").asString();
        assertThat(manager.put(
                                "/api/v1/cases/" + caseId + "/assignment",
                                ApiClient.json(Map.of("assigneeId", users.id(managerName), "version", 0)),
                                null)
                        .status())
                .isEqualTo(200);
        assertThat(manager.post("/api/v1/cases/" + caseId + "/transitions", "{\"action\":\"start\"}")
                        .status())
                .isEqualTo(200);
        var resolved = manager.post(
                "/api/v1/cases/" + caseId + "/transitions", "{\"action\":\"resolve\",\"comment\":\"New lid sent\"}");
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);

        var link = link("csat:" + caseId);
        var token = link.substring("/public/surveys/".length());
        assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
        var stored = db.select(SURVEY_INVITATION.TOKEN_HASH, SURVEY_INVITATION.EXPIRES_AT)
                .from(SURVEY_INVITATION)
                .where(SURVEY_INVITATION.CASE_ID.eq(UUID.fromString(caseId)))
                .fetchOne();
        assertThat(stored.value1()).hasSize(64).doesNotContain(token);
        assertThat(Duration.between(TestClock.utcNow(), stored.value2()).toDays())
                .isBetween(13L, 14L);
        var to = db.select(CUSTOMER_EMAIL.TO_ADDRESS)
                .from(CUSTOMER_EMAIL)
                .where(CUSTOMER_EMAIL.DEDUP_KEY.eq("csat:" + caseId))
                .fetchOne(CUSTOMER_EMAIL.TO_ADDRESS);
        assertThat(to)
                .as("the address is kept encrypted")
                .startsWith(FieldCipher.PREFIX)
                .doesNotContain(email);
        assertThat(cipher.decrypt("customer_email.to_address", to)).isEqualTo(email);

        var page = open(link);
        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getContentAsString()).contains("How satisfied are you", "name=\"score\"");
        var outOfRange = answer(link, "6", "");
        assertThat(outOfRange.getContentAsString()).contains("Choose a score from 1 to 5");
        var first = answer(link, "4", "Quick and friendly");
        assertThat(first.getStatus()).isEqualTo(200);
        assertThat(first.getContentAsString()).contains("Thank you for your answer");

        var again = answer(link, "1", "Changed my mind");
        assertThat(again.getStatus()).isEqualTo(410);
        assertThat(again.getContentAsString()).contains("Already answered");
        assertThat(open(link).getStatus()).isEqualTo(410);
        assertThat(db.select(FEEDBACK_CASE.CSAT_SCORE)
                        .from(FEEDBACK_CASE)
                        .where(FEEDBACK_CASE.ID.eq(UUID.fromString(caseId)))
                        .fetchOne(FEEDBACK_CASE.CSAT_SCORE))
                .isEqualTo(4);
        var responses = db.selectFrom(SURVEY_RESPONSE)
                .where(SURVEY_RESPONSE.CASE_ID.eq(UUID.fromString(caseId)))
                .fetch();
        assertThat(responses).hasSize(1);
        assertThat(responses.getFirst().getComment()).isEqualTo("Quick and friendly");

        // The answer shows on the customer's timeline and in the CSAT figures.
        var staff = user(userDetails.loadUserByUsername(managerName));
        var timeline = mvc.perform(get("/customers/" + customerId + "/timeline")
                        .with(staff)
                        .locale(Locale.ENGLISH))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(timeline).contains("4 of 5");
        var casePage = mvc.perform(get("/cases/" + caseId).with(staff).locale(Locale.ENGLISH))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(casePage).contains("Customer satisfaction", "4 of 5 (survey answer)");
        assertThat(manager.get("/api/v1/surveys")
                        .json()
                        .get("csat")
                        .get("answered")
                        .asInt())
                .isPositive();
        var surveysPage = mvc.perform(get("/surveys").with(staff).locale(Locale.ENGLISH))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(surveysPage).contains("Satisfaction with resolved cases");
    }

    @Test
    void aForgedTokenIsNotFoundAndAnExpiredLinkIsGone() throws Exception {
        var forged = open("/public/surveys/" + "A".repeat(43));
        assertThat(forged.getStatus()).isEqualTo(404);
        assertThat(forged.getContentAsString()).contains("Survey not found");
        assertThat(answer("/public/surveys/" + "B".repeat(43), "5", "").getStatus())
                .isEqualTo(404);
        assertThat(open("/public/surveys/short").getStatus()).isEqualTo(404);

        var sender = new ApiClient(port).signIn(users.create(Role.MANAGER), TestUsers.PASSWORD);
        var tag = "expiry-" + unique();
        var customerId = customer(sender, "Expiring " + unique(), "expiring." + unique() + "@example.com", tag);
        Consents.give(sender, customerId, ConsentCheck.SERVICE_COMMUNICATION);
        var survey = sender.post("/api/v1/surveys", ApiClient.json(Map.of("name", "Expiry check", "tag", tag)));
        assertThat(survey.status()).as(survey.body()).isEqualTo(201);
        var link = link("nps:" + survey.json().get("id").asString() + ":" + customerId);
        db.update(SURVEY_INVITATION)
                .set(SURVEY_INVITATION.EXPIRES_AT, TestClock.utcNow().minusMinutes(1))
                .where(SURVEY_INVITATION.CUSTOMER_ID.eq(UUID.fromString(customerId)))
                .execute();
        var expired = open(link);
        assertThat(expired.getStatus()).isEqualTo(410);
        assertThat(expired.getContentAsString()).contains("This survey has closed");
        assertThat(answer(link, "9", "").getStatus()).isEqualTo(410);
        assertThat(db.fetchCount(SURVEY_RESPONSE, SURVEY_RESPONSE.CUSTOMER_ID.eq(UUID.fromString(customerId))))
                .isZero();
    }

    @Test
    void anNpsSurveyReachesTheSendersCustomersInTheSegmentAndComputesTheScore() throws Exception {
        var sellerName = users.create(Role.SALES);
        var seller = new ApiClient(port).signIn(sellerName, TestUsers.PASSWORD);
        var other = new ApiClient(port).signIn(users.create(Role.SALES), TestUsers.PASSWORD);
        var tag = "nps-" + unique();
        var mine = new ArrayList<String>();
        for (int i = 0; i < 3; i++) {
            mine.add(customer(
                    seller, "Nps mine " + i + " " + unique(), "nps" + i + "." + unique() + "@example.com", tag));
        }
        var notMine = customer(other, "Nps other " + unique(), "other." + unique() + "@example.com", tag);
        var officer = new ApiClient(port).signIn(users.create(Role.MANAGER), TestUsers.PASSWORD);
        for (var id : mine) {
            Consents.give(officer, id, ConsentCheck.SERVICE_COMMUNICATION);
        }
        Consents.give(officer, notMine, ConsentCheck.SERVICE_COMMUNICATION);
        customer(seller, "Nps untagged " + unique(), "untagged." + unique() + "@example.com", null);

        var refused = seller.post("/api/v1/surveys", ApiClient.json(Map.of("name", "", "grades", List.of("GOLD"))));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("name", "grades");

        var created = seller.post(
                "/api/v1/surveys",
                ApiClient.json(Map.of("name", "Spring NPS " + tag, "tag", tag, "stages", List.of("lead", "CUSTOMER"))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var surveyId = created.json().get("id").asString();
        assertThat(created.json().get("invited").asInt()).isEqualTo(3);

        var scores = List.of("10", "9", "3");
        for (int i = 0; i < 3; i++) {
            var link = link("nps:" + surveyId + ":" + mine.get(i));
            assertThat(open(link).getContentAsString()).contains("recommend us");
            assertThat(answer(link, scores.get(i), "answer " + i).getStatus()).isEqualTo(200);
        }
        org.awaitility.Awaitility.await()
                .during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(5))
                .until(() ->
                        db.fetchCount(CUSTOMER_EMAIL, CUSTOMER_EMAIL.CUSTOMER_ID.eq(UUID.fromString(notMine))) == 0);

        var results = seller.get("/api/v1/surveys/" + surveyId).json();
        assertThat(results.get("answered").asInt()).isEqualTo(3);
        assertThat(results.get("promoters").asInt()).isEqualTo(2);
        assertThat(results.get("passives").asInt()).isZero();
        assertThat(results.get("detractors").asInt()).isEqualTo(1);
        assertThat(results.get("nps").asInt()).isEqualTo(33);
        // The service measures count the NPS answers of the customers the seller's scope covers: these three.
        var measures = seller.get("/api/v1/reports/service");
        assertThat(measures.status()).as(measures.body()).isEqualTo(200);
        assertThat(measures.json().get("nps").asInt()).isEqualTo(33);

        var staff = user(userDetails.loadUserByUsername(sellerName));
        var page = mvc.perform(get("/surveys/" + surveyId).with(staff).locale(Locale.ENGLISH))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Spring NPS", "33", "answer 2");
        var zh = mvc.perform(get("/surveys").with(staff).locale(Locale.SIMPLIFIED_CHINESE))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(zh).contains("满意度调查", "Spring NPS");
    }

    @Test
    void csatAndNpsFiguresCountOnlyTheAnswersOfCustomersTheReadersScopeCovers() throws Exception {
        var teamA = users.team(null);
        var teamB = users.team(null);
        var sellerA = users.createInTeam(teamA, Role.SALES);
        var sellerB = users.createInTeam(teamB, Role.SALES);
        var a = new ApiClient(port).signIn(sellerA, TestUsers.PASSWORD);
        var b = new ApiClient(port).signIn(sellerB, TestUsers.PASSWORD);
        var managerName = users.create(Role.MANAGER);
        var manager = new ApiClient(port).signIn(managerName, TestUsers.PASSWORD);
        var tag = "scope-" + unique();
        var customerA = customer(a, "Scope A " + unique(), "scope-a." + unique() + "@example.com", tag);
        var customerB = customer(b, "Scope B " + unique(), "scope-b." + unique() + "@example.com", tag);
        Consents.give(manager, customerA, ConsentCheck.SERVICE_COMMUNICATION);
        Consents.give(manager, customerB, ConsentCheck.SERVICE_COMMUNICATION);

        var created = manager.post("/api/v1/surveys", ApiClient.json(Map.of("name", "Scope NPS " + tag, "tag", tag)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var surveyId = created.json().get("id").asString();
        assertThat(answer(link("nps:" + surveyId + ":" + customerA), "10", "").getStatus())
                .isEqualTo(200);
        assertThat(answer(link("nps:" + surveyId + ":" + customerB), "0", "").getStatus())
                .isEqualTo(200);
        var caseA = resolvedCase(manager, users.id(managerName).toString(), customerA);
        var caseB = resolvedCase(manager, users.id(managerName).toString(), customerB);
        assertThat(answer(link("csat:" + caseA), "5", "").getStatus()).isEqualTo(200);
        assertThat(answer(link("csat:" + caseB), "1", "").getStatus()).isEqualTo(200);

        var npsA = a.get("/api/v1/surveys/" + surveyId).json();
        assertThat(npsA.get("answered").asInt()).isEqualTo(1);
        assertThat(npsA.get("promoters").asInt()).isEqualTo(1);
        assertThat(npsA.get("detractors").asInt()).isZero();
        assertThat(npsA.get("nps").asInt()).isEqualTo(100);
        var npsB = b.get("/api/v1/surveys/" + surveyId).json();
        assertThat(npsB.get("answered").asInt()).isEqualTo(1);
        assertThat(npsB.get("nps").asInt()).isEqualTo(-100);
        var all = manager.get("/api/v1/surveys/" + surveyId).json();
        assertThat(all.get("answered").asInt()).isEqualTo(2);
        assertThat(all.get("nps").asInt()).isZero();

        var csatA = a.get("/api/v1/surveys").json().get("csat");
        assertThat(csatA.get("invited").asInt()).isEqualTo(1);
        assertThat(csatA.get("answered").asInt()).isEqualTo(1);
        assertThat(csatA.get("average").asDouble()).isEqualTo(5.0);
        var csatB = b.get("/api/v1/surveys").json().get("csat");
        assertThat(csatB.get("answered").asInt()).isEqualTo(1);
        assertThat(csatB.get("average").asDouble()).isEqualTo(1.0);
        assertThat(manager.get("/api/v1/surveys")
                        .json()
                        .get("csat")
                        .get("answered")
                        .asInt())
                .isGreaterThanOrEqualTo(2);

        // The pages and the service measures agree.
        var pageA = mvc.perform(get("/surveys")
                        .with(user(userDetails.loadUserByUsername(sellerA)))
                        .locale(Locale.ENGLISH))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(pageA).contains("Average 5 of 5 from 1 answers (1 asked)");
        var surveyPageB = mvc.perform(get("/surveys/" + surveyId)
                        .with(user(userDetails.loadUserByUsername(sellerB)))
                        .locale(Locale.ENGLISH))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(surveyPageB).contains("-100");
        var measuresA = a.get("/api/v1/reports/service").json();
        assertThat(measuresA.get("nps").asInt()).isEqualTo(100);
        assertThat(measuresA.get("totals").get("csatResponses").asInt()).isEqualTo(1);
    }

    private static String resolvedCase(ApiClient manager, String managerId, String customerId) {
        var created = manager.post(
                "/api/v1/cases",
                ApiClient.json(
                        Map.of("customerId", customerId, "title", "Scope case " + unique(), "kind", "COMPLAINT")));
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
                "/api/v1/cases/" + caseId + "/transitions", "{\"action\":\"resolve\",\"comment\":\"Done\"}");
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        return caseId;
    }

    private static <T> T await(Supplier<T> value) {
        return org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(value::get, java.util.Objects::nonNull);
    }
}
