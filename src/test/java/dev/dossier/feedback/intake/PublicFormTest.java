package dev.dossier.feedback.intake;

import static dev.dossier.db.Tables.CUSTOMER;
import static dev.dossier.db.Tables.FEEDBACK_CASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.dossier.DossierTest;
import dev.dossier.db.tables.records.FeedbackCaseRecord;
import dev.dossier.identity.Role;
import dev.dossier.keys.FieldCipher;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The public feedback form as a visitor uses it, without signing in: it finds the customer by phone or email or
 * registers a lead, opens a case, and keeps out bots, floods, oversized and scripted submissions.
 */
@DossierTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublicFormTest {

    @LocalServerPort
    int port;

    @Autowired
    MockMvc mvc;

    @Autowired
    DSLContext db;

    @Autowired
    TestUsers users;

    @Autowired
    UserDetailsService userDetails;

    @Autowired
    FormGuard guard;

    private ApiClient manager;
    private String managerName;

    @BeforeAll
    void signIn() {
        managerName = users.create(Role.MANAGER);
        manager = new ApiClient(port).signIn(managerName, TestUsers.PASSWORD);
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static String mobile() {
        var random = ThreadLocalRandom.current();
        return "13" + (5 + random.nextInt(5)) + String.format("%08d", random.nextInt(100_000_000));
    }

    private static String address() {
        var r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    private String customer(String name, String phone, String email) {
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("type", "INDIVIDUAL");
        body.put("name", name);
        body.put("phones", phone == null ? List.of() : List.of(Map.of("number", phone)));
        body.put("emails", email == null ? List.of() : List.of(Map.of("address", email)));
        var answer = manager.post("/api/v1/customers", ApiClient.json(body));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("id").asString();
    }

    private MockHttpServletRequestBuilder form(String from, Map<String, String> fields) {
        var request = post("/public/feedback")
                .with(csrf())
                .locale(Locale.ENGLISH)
                .with(r -> {
                    r.setRemoteAddr(from);
                    return r;
                });
        var all = new java.util.HashMap<String, String>();
        all.put("stamp", guard.stamp(TestClock.now().minusSeconds(30)));
        all.put("kind", "COMPLAINT");
        all.putAll(fields);
        all.forEach(request::param);
        return request;
    }

    private MockHttpServletResponse send(Map<String, String> fields) throws Exception {
        return mvc.perform(form(address(), fields)).andReturn().getResponse();
    }

    private FeedbackCaseRecord caseTitled(String title) {
        return db.selectFrom(FEEDBACK_CASE).where(FEEDBACK_CASE.TITLE.eq(title)).fetchOne();
    }

    private String thanksPage(MockHttpServletResponse sent) throws Exception {
        assertThat(sent.getStatus()).as(sent.getContentAsString()).isEqualTo(302);
        assertThat(sent.getRedirectedUrl()).isEqualTo("/public/feedback/thanks");
        return sent.getContentAsString();
    }

    @Test
    void theFormSetsThePreferredLanguageOfACustomerWhoHasNone() throws Exception {
        // A visitor whose browser asks for German: Dossier has no German, so the form and the emails are English.
        var germanEmail = "deutsch." + unique() + "@example.com";
        var germanTitle = "Deckel kaputt " + unique();
        var german = form(
                        address(),
                        Map.of(
                                "name",
                                "Klaus Weber",
                                "email",
                                germanEmail,
                                "title",
                                germanTitle,
                                "description",
                                "Der Deckel ist gebrochen."))
                .locale(Locale.GERMAN);
        thanksPage(mvc.perform(german).andReturn().getResponse());
        var registered = caseTitled(germanTitle).getCustomerId().toString();
        assertThat(manager.get("/api/v1/customers/" + registered)
                        .json()
                        .get("preferredLanguage")
                        .asString())
                .isEqualTo("en");

        // A customer staff registered without a language who writes in Chinese gets Chinese from now on.
        var email = "zhongwen." + unique() + "@example.com";
        var known = customer("王芳 " + unique(), null, email);
        assertThat(manager.get("/api/v1/customers/" + known)
                        .json()
                        .get("preferredLanguage")
                        .isNull())
                .isTrue();
        var chinese = form(
                        address(),
                        Map.of("name", "王芳", "email", email, "title", "盖子坏了 " + unique(), "description", "盖子裂开了。"))
                .locale(Locale.SIMPLIFIED_CHINESE);
        thanksPage(mvc.perform(chinese).andReturn().getResponse());
        assertThat(manager.get("/api/v1/customers/" + known)
                        .json()
                        .get("preferredLanguage")
                        .asString())
                .isEqualTo("zh-CN");

        // A language already set stays, whatever the language of a later form.
        var again = form(
                        address(),
                        Map.of(
                                "name",
                                "Klaus Weber",
                                "email",
                                germanEmail,
                                "title",
                                "Noch einmal " + unique(),
                                "description",
                                "Wieder kaputt."))
                .locale(Locale.SIMPLIFIED_CHINESE);
        thanksPage(mvc.perform(again).andReturn().getResponse());
        assertThat(manager.get("/api/v1/customers/" + registered)
                        .json()
                        .get("preferredLanguage")
                        .asString())
                .isEqualTo("en");
    }

    @Test
    void theFormOpensWithoutSignInInBothLanguagesAndFitsAPhone() throws Exception {
        var en = mvc.perform(get("/public/feedback").locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(en)
                .contains(
                        "Send us your feedback",
                        "name=\"website\"",
                        "name=\"stamp\"",
                        "width=device-width",
                        "Complaint",
                        "lang=zh-CN");
        var zh = mvc.perform(get("/public/feedback").param("lang", "zh-CN"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(zh).contains("意见反馈", "手机号码", "投诉");
    }

    @Test
    void aKnownPhoneNumberFindsTheCustomerAndTheCaseIsOpenedOnTheWebFormChannel() throws Exception {
        var phone = mobile();
        var id = customer("Known by phone " + unique(), phone, null);
        var title = "Kettle leaks " + unique();
        var sent = send(Map.of(
                "name",
                "Li Lei",
                "phone",
                "+86 " + phone.substring(0, 3) + " " + phone.substring(3),
                "title",
                title,
                "description",
                "Water on the table."));
        thanksPage(sent);
        var opened = caseTitled(title);
        assertThat(opened.getCustomerId().toString()).isEqualTo(id);
        assertThat(opened.getChannel()).isEqualTo("WEB_FORM");
        assertThat(opened.getCreatedBy()).isNull();
        assertThat(opened.getReporterPhone())
                .as("stored encrypted")
                .startsWith(FieldCipher.PREFIX)
                .doesNotContain(phone);
        assertThat(manager.get("/api/v1/cases/" + opened.getId())
                        .json()
                        .get("reporter")
                        .get("phone")
                        .asString())
                .isEqualTo("+86" + phone);
        assertThat(opened.getReporterName()).isEqualTo("Li Lei");
        assertThat(opened.getStatus()).isEqualTo("NEW");

        // The thank-you page quotes the case number.
        var thanks = mvc.perform(get("/public/feedback/thanks")
                        .flashAttr("caseNumber", "C-000042")
                        .locale(Locale.ENGLISH))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(thanks).contains("Your case number is C-000042.");
    }

    @Test
    void aKnownEmailAddressFindsTheCustomer() throws Exception {
        var email = "known." + unique() + "@example.com";
        var id = customer("Known by email " + unique(), null, email);
        var title = "Late delivery " + unique();
        thanksPage(send(Map.of(
                "name",
                "Han Meimei",
                "email",
                email.toUpperCase(Locale.ROOT),
                "title",
                title,
                "description",
                "Three weeks late.")));
        assertThat(caseTitled(title).getCustomerId().toString()).isEqualTo(id);
        assertThat(db.fetchCount(CUSTOMER, CUSTOMER.NAME.eq("Han Meimei"))).isZero();
    }

    @Test
    void anUnknownVisitorBecomesANewLeadFromTheWebsite() throws Exception {
        var name = "New visitor " + unique();
        var title = "Question about warranty " + unique();
        thanksPage(send(Map.of(
                "name",
                name,
                "phone",
                mobile(),
                "email",
                "new." + unique() + "@example.com",
                "kind",
                "INQUIRY",
                "title",
                title,
                "description",
                "How long is it?")));
        var lead = db.selectFrom(CUSTOMER).where(CUSTOMER.NAME.eq(name)).fetchOne();
        assertThat(lead).isNotNull();
        assertThat(lead.getLifecycleStage()).isEqualTo("LEAD");
        assertThat(lead.getSourceChannel()).isEqualTo("WEBSITE");
        var opened = caseTitled(title);
        assertThat(opened.getCustomerId()).isEqualTo(lead.getId());
        assertThat(opened.getKind()).isEqualTo("INQUIRY");
    }

    @Test
    void theHoneypotIsThankedAndDropped() throws Exception {
        var title = "Buy cheap watches " + unique();
        thanksPage(send(Map.of(
                "name",
                "Bot",
                "email",
                "bot@example.com",
                "title",
                title,
                "description",
                "spam",
                "website",
                "http://spam.example.com")));
        assertThat(caseTitled(title)).isNull();
        assertThat(db.fetchCount(CUSTOMER, CUSTOMER.NAME.eq("Bot"))).isZero();
    }

    @Test
    void aSubmissionFasterThanAPersonCanTypeIsNotTaken() throws Exception {
        var title = "Too fast " + unique();
        var page = mvc.perform(form(
                        address(),
                        Map.of(
                                "name",
                                "Quick",
                                "email",
                                "q@example.com",
                                "title",
                                title,
                                "description",
                                "x",
                                "stamp",
                                guard.stamp(TestClock.now()))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("That was quick");
        var forged = mvc.perform(form(
                        address(),
                        Map.of(
                                "name",
                                "Forger",
                                "email",
                                "q@example.com",
                                "title",
                                title,
                                "description",
                                "x",
                                "stamp",
                                "1700000000000.forged")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(forged).contains("open too long");
        assertThat(caseTitled(title)).isNull();
    }

    @Test
    void theSixthSubmissionFromOneAddressWithinTenMinutesGets429AndAFriendlyPage() throws Exception {
        var from = address();
        for (int i = 0; i < 5; i++) {
            var sent = mvc.perform(form(from, Map.of("name", "Flood", "website", "x")))
                    .andReturn()
                    .getResponse();
            assertThat(sent.getStatus()).isEqualTo(302);
        }
        var title = "Sixth " + unique();
        var refused = mvc.perform(form(
                        from,
                        Map.of("name", "Flood", "email", "flood@example.com", "title", title, "description", "again")))
                .andReturn()
                .getResponse();
        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("600");
        assertThat(refused.getContentAsString()).contains("Too many messages", "wait 10 minutes");
        assertThat(caseTitled(title)).isNull();
        // Another address is not held up.
        thanksPage(send(Map.of(
                "name", "Calm", "email", "calm." + unique() + "@example.com", "title", title, "description", "once")));
    }

    @Test
    void missingAndOversizedFieldsGetClearErrorsAndNothingIsOpened() throws Exception {
        var title = "Long " + unique();
        var page = mvc.perform(form(
                        address(), Map.of("name", "x".repeat(101), "title", title, "description", "d".repeat(4001))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains(
                        "Too long: at most 100 characters",
                        "Too long: at most 4,000 characters.",
                        "Give a phone number or an email address.");
        assertThat(caseTitled(title)).isNull();
        var badPhone = mvc.perform(
                        form(address(), Map.of("name", "N", "phone", "12", "title", title, "description", "d")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(badPhone).contains("This is not a phone number.");
        assertThat(caseTitled(title)).isNull();
    }

    @Test
    void scriptInAnyFieldIsStoredAsTextAndShownEscaped() throws Exception {
        var script = "<script>alert('x')</script>";
        var title = script + " " + unique();
        var invalid = mvc.perform(form(address(), Map.of("name", script, "title", title, "description", script)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(invalid).doesNotContain("<script>alert").contains("&lt;script&gt;alert");

        thanksPage(send(Map.of(
                "name",
                script,
                "email",
                "script." + unique() + "@example.com",
                "title",
                title,
                "description",
                script)));
        var opened = caseTitled(title);
        assertThat(opened.getDescription()).isEqualTo(script);
        var staff = user(userDetails.loadUserByUsername(managerName));
        var casePage = mvc.perform(get("/cases/" + opened.getId()).with(staff).locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(casePage).contains("&lt;script&gt;alert").doesNotContain("<script>alert");
    }
}
