package dev.dossier.feedback.intake;

import static dev.dossier.db.Tables.CUSTOMER_EMAIL;
import static dev.dossier.db.Tables.FEEDBACK_CASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.dossier.DossierTest;
import dev.dossier.identity.Access;
import dev.dossier.identity.FieldGroup;
import dev.dossier.identity.FieldLevel;
import dev.dossier.identity.Role;
import dev.dossier.keys.FieldCipher;
import dev.dossier.keys.ReEncryption;
import dev.dossier.shared.Masks;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A case's reporter (who sent the public form, or whom staff named) is contact data like the customer's: stored
 * encrypted, and shown on the case page and in the API in full, masked or not at all as each role's contact level
 * says, also when the form matched the reporter to a customer whose phone is masked everywhere else.
 */
@DossierTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaseReporterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

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

    @Autowired
    Access access;

    @Autowired
    ReEncryption job;

    @Autowired
    Clock clock;

    private ApiClient admin;

    @BeforeAll
    void signIn() {
        admin = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void theReporterShowsOnTheCasePageAndInTheApiAsTheRolesContactLevelSays(Role role) throws Exception {
        var username = users.createInTeam(users.team(null), role);
        var me = users.id(username);
        var contact = levelOf(username);
        // A customer the user reaches (they own it), whom the form finds by phone.
        var middle = digits(4);
        var national = "136" + middle + "0007";
        var customer = customer("Reported " + letters(8), national, me);
        var formEmail = "wang." + letters(8) + "@example.com";
        var formTitle = "Kettle leaks " + letters(8);
        var sent = mvc.perform(post("/public/feedback")
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .with(r -> {
                            r.setRemoteAddr(address());
                            return r;
                        })
                        .param("stamp", guard.stamp(clock.instant().minusSeconds(30)))
                        .param("kind", "COMPLAINT")
                        .param("name", "Wang Fang")
                        .param("phone", national)
                        .param("email", formEmail)
                        .param("title", formTitle)
                        .param("description", "Water on the table."))
                .andReturn()
                .getResponse();
        assertThat(sent.getStatus()).as(sent.getContentAsString()).isEqualTo(302);
        var formCase = db.selectFrom(FEEDBACK_CASE)
                .where(FEEDBACK_CASE.TITLE.eq(formTitle))
                .fetchSingle();
        assertThat(formCase.getCustomerId())
                .as("the form matched the customer by phone")
                .isEqualTo(customer);

        // A case staff logged with a reporter who is not a contact.
        var staffMiddle = digits(4);
        var staffPhone = "+86135" + staffMiddle + "0008";
        var staffEmail = "zhou." + letters(8) + "@example.org";
        var body = new LinkedHashMap<String, Object>();
        body.put("customerId", customer);
        body.put("title", "Screen flickers " + letters(6));
        body.put("kind", "DEFECT");
        body.put("reporterName", "Zhou Min");
        body.put("reporterEmail", staffEmail);
        body.put("reporterPhone", staffPhone);
        var opened = admin.post("/api/v1/cases", ApiClient.json(body));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        var staffCase = UUID.fromString(opened.json().get("id").asString());

        var cases = List.of(
                new Reported(formCase.getId(), "Wang Fang", "+86" + national, middle + "0007", formEmail),
                new Reported(staffCase, "Zhou Min", staffPhone, staffMiddle + "0008", staffEmail));
        for (var c : cases) {
            var levels = role + " (contact " + contact + "), case " + c.name();
            var api = perform(get("/api/v1/cases/" + c.id()).accept(MediaType.APPLICATION_JSON), username);
            assertThat(api.getStatus()).as(levels).isEqualTo(200);
            var reporter = JSON.readTree(api.getContentAsString()).get("reporter");
            assertThat(reporter).as(levels + ": the API names the reporter").isNotNull();
            assertThat(reporter.get("name").asString()).as(levels).isEqualTo(c.name());
            var page = perform(get("/cases/" + c.id()), username);
            assertThat(page.getStatus()).as(levels).isEqualTo(200);
            var html = page.getContentAsString();
            assertThat(html).as(levels + ": the page names the reporter").contains(c.name());
            if (contact.full()) {
                assertThat(text(reporter, "email")).as(levels).isEqualTo(c.email());
                assertThat(text(reporter, "phone")).as(levels).isEqualTo(c.e164());
                assertThat(reporter.get("masked").asBoolean()).as(levels).isFalse();
                assertThat(html).as(levels).contains("mailto:" + c.email()).contains("tel:" + c.e164());
            } else if (contact.visible()) {
                assertThat(text(reporter, "email")).as(levels).isEqualTo(Masks.email(c.email()));
                assertThat(text(reporter, "phone")).as(levels).isEqualTo(Masks.phone(c.e164()));
                assertThat(reporter.get("masked").asBoolean()).as(levels).isTrue();
                assertThat(html).as(levels).contains(Masks.phone(c.e164())).contains(Masks.email(c.email()));
            } else {
                assertThat(text(reporter, "email")).as(levels + ": hidden").isNull();
                assertThat(text(reporter, "phone")).as(levels + ": hidden").isNull();
            }
            for (var shown : List.of(api.getContentAsString(), html)) {
                if (!contact.full()) {
                    assertThat(shown)
                            .as(levels)
                            .doesNotContain(c.digits())
                            .doesNotContain(c.email())
                            .doesNotContain(c.digits().substring(0, 4) + " "
                                    + c.digits().substring(4));
                }
                if (!contact.visible()) {
                    assertThat(shown)
                            .as(levels + ": not shown at all")
                            .doesNotContain(Masks.phone(c.e164()))
                            .doesNotContain(Masks.email(c.email()));
                }
            }
        }
    }

    @Test
    void theReportersPhoneAndEmailAreStoredEncryptedAndPlainOnesFromBeforeAreEncryptedAtStart() {
        var customer = customer("Stored " + letters(8), "139" + digits(8), null);
        var email = "li." + letters(8) + "@example.net";
        var phone = "+86137" + digits(8);
        var body = new LinkedHashMap<String, Object>();
        body.put("customerId", customer);
        body.put("title", "Stored " + letters(6));
        body.put("kind", "COMPLAINT");
        body.put("reporterName", "Li Na");
        body.put("reporterEmail", email);
        body.put("reporterPhone", phone);
        var id = UUID.fromString(admin.post("/api/v1/cases", ApiClient.json(body))
                .json()
                .get("id")
                .asString());
        var stored = db.selectFrom(FEEDBACK_CASE).where(FEEDBACK_CASE.ID.eq(id)).fetchSingle();
        assertThat(stored.getReporterEmail()).startsWith(FieldCipher.PREFIX).doesNotContain(email);
        assertThat(stored.getReporterPhone()).startsWith(FieldCipher.PREFIX).doesNotContain(phone.substring(3));

        // As an older version wrote it: plain text.
        db.update(FEEDBACK_CASE)
                .set(FEEDBACK_CASE.REPORTER_EMAIL, email)
                .set(FEEDBACK_CASE.REPORTER_PHONE, phone)
                .where(FEEDBACK_CASE.ID.eq(id))
                .execute();
        assertThat(admin.get("/api/v1/cases/" + id)
                        .json()
                        .get("reporter")
                        .get("email")
                        .asString())
                .as("a plain value still reads")
                .isEqualTo(email);
        job.runNow();
        stored = db.selectFrom(FEEDBACK_CASE).where(FEEDBACK_CASE.ID.eq(id)).fetchSingle();
        assertThat(stored.getReporterEmail()).startsWith(FieldCipher.PREFIX);
        assertThat(stored.getReporterPhone()).startsWith(FieldCipher.PREFIX);
        var reporter = admin.get("/api/v1/cases/" + id).json().get("reporter");
        assertThat(reporter.get("email").asString()).isEqualTo(email);
        assertThat(reporter.get("phone").asString()).isEqualTo(phone);

        // An email to the reporter queued in plain text before is encrypted the same way.
        var queued = UUID.randomUUID();
        db.insertInto(CUSTOMER_EMAIL)
                .set(CUSTOMER_EMAIL.ID, queued)
                .set(CUSTOMER_EMAIL.CUSTOMER_ID, customer)
                .set(CUSTOMER_EMAIL.TO_ADDRESS, email)
                .set(CUSTOMER_EMAIL.SUBJECT_KEY, "notification.email.subject")
                .set(CUSTOMER_EMAIL.BODY_KEY, "notification.email.body")
                .set(CUSTOMER_EMAIL.ARGS, "")
                .set(CUSTOMER_EMAIL.STATUS, "NONE")
                .set(CUSTOMER_EMAIL.CREATED_AT, stored.getCreatedAt())
                .set(CUSTOMER_EMAIL.UPDATED_AT, stored.getCreatedAt())
                .execute();
        job.runNow();
        assertThat(db.select(CUSTOMER_EMAIL.TO_ADDRESS)
                        .from(CUSTOMER_EMAIL)
                        .where(CUSTOMER_EMAIL.ID.eq(queued))
                        .fetchOne(CUSTOMER_EMAIL.TO_ADDRESS))
                .startsWith(FieldCipher.PREFIX)
                .doesNotContain(email);
    }

    @Test
    void theApiDescriptionNamesTheReportersFields() {
        var docs = admin.get("/v3/api-docs").body();
        assertThat(docs).contains("\"ReporterResource\"", "\"masked\"");
    }

    /** A case and what its reporter gave: the phone in E.164, the digits that only a full view shows, the email. */
    private record Reported(UUID id, String name, String e164, String digits, String email) {}

    private FieldLevel levelOf(String username) {
        var details = userDetails.loadUserByUsername(username);
        var previous = SecurityContextHolder.getContext().getAuthentication();
        try {
            SecurityContextHolder.getContext()
                    .setAuthentication(
                            new UsernamePasswordAuthenticationToken(details, null, details.getAuthorities()));
            return access.field(FieldGroup.CONTACT);
        } finally {
            SecurityContextHolder.getContext().setAuthentication(previous);
        }
    }

    private UUID customer(String name, String phone, UUID ownerId) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "INDIVIDUAL");
        body.put("name", name);
        body.put("phones", List.of(Map.of("number", phone)));
        if (ownerId != null) {
            body.put("ownerId", ownerId);
        }
        var answer = admin.post("/api/v1/customers", ApiClient.json(body));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return UUID.fromString(answer.json().get("id").asString());
    }

    private MockHttpServletResponse perform(
            org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request, String username)
            throws Exception {
        return mvc.perform(request.with(user(userDetails.loadUserByUsername(username)))
                        .locale(Locale.ENGLISH))
                .andReturn()
                .getResponse();
    }

    private static String text(JsonNode node, String field) {
        var value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static String address() {
        var r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    private static String digits(int n) {
        var r = ThreadLocalRandom.current();
        var out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append((char) ('0' + r.nextInt(10)));
        }
        return out.toString();
    }

    private static String letters(int n) {
        var r = ThreadLocalRandom.current();
        var out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append((char) ('a' + r.nextInt(26)));
        }
        return out.toString();
    }
}
