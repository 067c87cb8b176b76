package dev.dossier.story;

import static dev.dossier.db.Tables.CUSTOMER_EMAIL;
import static dev.dossier.db.Tables.FEEDBACK_CASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.dossier.TestDatabase;
import dev.dossier.keys.EncryptedData;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * A journey through every module that keeps something about a person, with a unique marker in each sensitive field
 * (phones, emails, a social account, an identity document, a bank account, a street address, a reporter's and a
 * requester's contact): a customer and a company with a contact, an interaction, a note, a task, a case from the
 * public form and one from staff naming a reporter, a satisfaction answer and a data-subject request. Then the
 * database as it lies at rest — the closed H2 file, or a {@code pg_dump} on PostgreSQL — holds none of the markers in
 * plain text, while a control marker kept in a field that is not sensitive (a name) is found, which proves the scan
 * sees the data. Listeners run in the calling thread here, so that nothing is waited for.
 */
@Tag("database")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "dossier.admin-password=admin-password-1",
            "spring.main.banner-mode=off",
            "dossier.security.max-failures-per-address=1000",
            "dossier.feedback.form.min-fill=0s"
        })
@ContextConfiguration(initializers = PersonalDataAtRestTest.Database.class)
@AutoConfigureMockMvc
@DirtiesContext
class PersonalDataAtRestTest {

    private static final Pattern STAMP = Pattern.compile("name=\"stamp\" value=\"([^\"]+)\"");

    /** On H2 a file database of its own in a temporary directory; on PostgreSQL a schema of its own. */
    static class Database implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        static final Path DIR;

        static {
            try {
                DIR = Files.createTempDirectory("dossier-journey-at-rest-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            new TestDatabase().initialize(context);
            if (!TestDatabase.postgresql()) {
                context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new MapPropertySource(
                                "fileDatabase",
                                Map.of(
                                        "spring.datasource.url",
                                        "jdbc:h2:file:" + DIR.resolve("dossier")
                                                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                                        "spring.datasource.username",
                                        "sa",
                                        "spring.datasource.password",
                                        "",
                                        "dossier.keys.file",
                                        DIR.resolve("keys/dossier.keys").toString())));
            }
        }
    }

    /** Event listeners run in the thread that published, after its transaction: no waiting for them. */
    @TestConfiguration
    static class InlineListeners {

        @Bean(name = {"taskExecutor", "applicationTaskExecutor"})
        TaskExecutor taskExecutor() {
            return new SyncTaskExecutor();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    DSLContext db;

    @Autowired
    javax.sql.DataSource dataSource;

    @Autowired
    MockMvc mvc;

    @Autowired
    List<EncryptedData> encrypted;

    @Autowired
    TestUsers users;

    @Test
    void aJourneyThroughEveryModuleLeavesNoSensitiveValueInPlainTextAtRest() throws Exception {
        var admin = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        // The street address is encrypted once an administrator marks it sensitive.
        encrypted.stream()
                .filter(d -> d.markableFields().contains("addressLine"))
                .findFirst()
                .orElseThrow()
                .mark("addressLine", true);
        var sensitive = new LinkedHashMap<String, String>();
        var control = "Controlname " + letters(12);

        // A customer with every kind of sensitive value.
        var phone = "139" + digits(8);
        var email = "qpz" + letters(10) + "@mail.example.net";
        var wechat = "wx_" + letters(12);
        var base = "110105" + "1988" + "0612" + digits(3);
        var idNumber = base + residentCheck(base);
        var bank = "6222" + digits(15);
        var street = "Markerstreet " + letters(10);
        sensitive.put("customer phone", phone);
        sensitive.put("customer phone in E.164", "+86" + phone);
        sensitive.put("customer email", email);
        sensitive.put("customer WeChat", wechat);
        sensitive.put("identity document", idNumber);
        sensitive.put("bank account", bank);
        sensitive.put("street address", street);
        var customer = new LinkedHashMap<String, Object>();
        customer.put("type", "INDIVIDUAL");
        customer.put("name", control);
        customer.put("phones", List.of(Map.of("type", "MOBILE", "number", phone)));
        customer.put("emails", List.of(Map.of("type", "PERSONAL", "address", email)));
        customer.put("socialAccounts", List.of(Map.of("type", "WECHAT", "handle", wechat)));
        customer.put("idDocumentType", "RESIDENT_ID");
        customer.put("idDocumentNumber", idNumber);
        customer.put("bankName", "China Merchants Bank");
        customer.put("bankAccount", bank);
        customer.put("country", "CN");
        customer.put("province", "Zhejiang");
        customer.put("city", "Hangzhou");
        customer.put("addressLine", street);
        var customerId = created(admin.post("/api/v1/customers", ApiClient.json(customer)))
                .get("id")
                .asString();
        var subject = "customer:" + customerId;

        // A company with a contact.
        var contactPhone = "138" + digits(8);
        var contactEmail = "kxw" + letters(10) + "@desk.example.org";
        sensitive.put("contact phone", contactPhone);
        sensitive.put("contact email", contactEmail);
        var companyId = created(admin.post(
                        "/api/v1/customers",
                        ApiClient.json(Map.of("type", "COMPANY", "name", control + " Ltd", "industry", "RETAIL"))))
                .get("id")
                .asString();
        created(admin.post(
                "/api/v1/customers/" + companyId + "/contacts",
                ApiClient.json(Map.of(
                        "name",
                        "Contact " + letters(6),
                        "phones",
                        List.of(Map.of("number", contactPhone)),
                        "emails",
                        List.of(Map.of("address", contactEmail))))));

        // An interaction, a note and a task about the customer.
        created(admin.post(
                "/api/v1/interactions",
                ApiClient.json(Map.of(
                        "subject",
                        subject,
                        "channel",
                        "CALL",
                        "direction",
                        "OUTBOUND",
                        "startedAt",
                        "2026-01-05T10:00:00Z",
                        "durationMinutes",
                        12,
                        "summary",
                        "Asked about the spring order",
                        "outcome",
                        "NEEDS_FOLLOW_UP",
                        "satisfaction",
                        4))));
        note(admin, subject);
        created(admin.post(
                "/api/v1/tasks",
                ApiClient.json(Map.of(
                        "subject",
                        subject,
                        "title",
                        "Send the quote",
                        "kind",
                        "FOLLOW_UP",
                        "dueAt",
                        "2030-01-07T09:00:00Z"))));

        // A case from the public form, by someone new: a lead is registered and the case names them.
        var formPhone = "137" + digits(8);
        var formEmail = "fvb" + letters(10) + "@home.example.com";
        sensitive.put("public form phone", formPhone);
        sensitive.put("public form phone in E.164", "+86" + formPhone);
        sensitive.put("public form email", formEmail);
        var form = mvc.perform(get("/public/feedback").locale(Locale.ENGLISH))
                .andReturn()
                .getResponse()
                .getContentAsString();
        var stamp = STAMP.matcher(form);
        assertThat(stamp.find()).as("the form carries its stamp").isTrue();
        var sent = mvc.perform(post("/public/feedback")
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("stamp", stamp.group(1))
                        .param("kind", "COMPLAINT")
                        .param("name", control + " Visitor")
                        .param("phone", formPhone)
                        .param("email", formEmail)
                        .param("title", "Kettle leaks")
                        .param("description", "Water on the table."))
                .andReturn()
                .getResponse();
        assertThat(sent.getStatus()).as(sent.getContentAsString()).isEqualTo(302);
        assertThat(db.fetchCount(FEEDBACK_CASE, FEEDBACK_CASE.REPORTER_NAME.eq(control + " Visitor")))
                .isEqualTo(1);

        // A case staff logged with a reporter, worked to its resolution: the reporter gets a survey link and answers.
        var reporterPhone = "+86136" + digits(8);
        var reporterEmail = "rtn" + letters(10) + "@reporter.example.com";
        sensitive.put("reporter phone", reporterPhone);
        sensitive.put("reporter phone digits", reporterPhone.substring(3));
        sensitive.put("reporter email", reporterEmail);
        var opened = created(admin.post(
                "/api/v1/cases",
                ApiClient.json(Map.of(
                        "customerId",
                        customerId,
                        "title",
                        "Broken lid",
                        "kind",
                        "DEFECT",
                        "reporterName",
                        control + " Reporter",
                        "reporterEmail",
                        reporterEmail,
                        "reporterPhone",
                        reporterPhone))));
        var caseId = opened.get("id").asString();
        // A satisfaction survey goes only to a customer who agreed to be asked.
        dev.dossier.support.Consents.give(admin, customerId, dev.dossier.shared.ConsentCheck.SERVICE_COMMUNICATION);
        assertThat(admin.put(
                                "/api/v1/cases/" + caseId + "/assignment",
                                ApiClient.json(Map.of("assigneeId", users.id(TestUsers.ADMIN), "version", 0)),
                                null)
                        .status())
                .isEqualTo(200);
        assertThat(admin.post("/api/v1/cases/" + caseId + "/transitions", "{\"action\":\"start\"}")
                        .status())
                .isEqualTo(200);
        var resolved = admin.post(
                "/api/v1/cases/" + caseId + "/transitions", "{\"action\":\"resolve\",\"comment\":\"New lid sent\"}");
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        var link = db.select(CUSTOMER_EMAIL.LINK)
                .from(CUSTOMER_EMAIL)
                .where(CUSTOMER_EMAIL.DEDUP_KEY.eq("csat:" + caseId))
                .fetchOne(CUSTOMER_EMAIL.LINK);
        assertThat(link).as("the survey link went to the reporter").startsWith("/public/surveys/");
        var answered = mvc.perform(post(link)
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("score", "4")
                        .param("comment", "Quick and friendly"))
                .andReturn()
                .getResponse();
        assertThat(answered.getStatus()).isEqualTo(200);
        assertThat(admin.get("/api/v1/cases/" + caseId).json().get("csatScore").asInt())
                .isEqualTo(4);

        // A data-subject request, with how to reach the requester.
        var requesterContact = "rqs" + letters(10) + "@privacy.example.com";
        sensitive.put("requester contact", requesterContact);
        created(admin.post(
                "/api/v1/privacy/requests",
                ApiClient.json(Map.of(
                        "customerId",
                        customerId,
                        "kind",
                        "ACCESS",
                        "channel",
                        "EMAIL",
                        "requesterName",
                        control + " Requester",
                        "requesterContact",
                        requesterContact,
                        "destination",
                        "REQUESTER"))));

        var bytes = TestDatabase.postgresql() ? pgDump() : closedH2File();
        assertThat(indexOf(bytes, control.getBytes(StandardCharsets.UTF_8)))
                .as("the scan sees the data: the control marker, kept in a name, is there in plain text")
                .isNotNegative();
        var found = new ArrayList<String>();
        sensitive.forEach((what, marker) -> {
            if (indexOf(bytes, marker.getBytes(StandardCharsets.UTF_8)) >= 0) {
                found.add(what + " (" + marker + ")");
            }
        });
        assertThat(found).as("sensitive markers found in plain text at rest").isEmpty();
    }

    private static JsonNode created(ApiClient.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    private static void note(ApiClient api, String subject) {
        JsonNode template = null;
        for (var t : api.get("/api/v1/note-templates").json()) {
            if ("communication".equals(t.path("code").asString(""))) {
                template = t;
            }
        }
        assertThat(template).isNotNull();
        var sections = new LinkedHashMap<String, String>();
        for (var s : template.get("sections")) {
            var code = s.path("code").asString("");
            if (code.equals("purpose")) {
                sections.put(s.get("id").asString(), "Spring order volumes");
            } else if (code.equals("discussion")) {
                sections.put(s.get("id").asString(), "Discussed delivery dates");
            }
        }
        created(api.post(
                "/api/v1/notes",
                ApiClient.json(Map.of(
                        "subject",
                        subject,
                        "templateId",
                        template.get("id").asString(),
                        "category",
                        "MEETING",
                        "sections",
                        sections))));
    }

    /** Writes everything to the file, shuts the database down and reads the closed file. */
    private byte[] closedH2File() throws IOException {
        db.execute("CHECKPOINT SYNC");
        try (var connection = dataSource.getConnection();
                var statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (java.sql.SQLException e) {
            // H2 reports the connection it just closed; the file is written and closed either way.
        }
        var file = Database.DIR.resolve("dossier.mv.db");
        assertThat(file).exists();
        return Files.readAllBytes(file);
    }

    private byte[] pgDump() throws Exception {
        var schema = String.valueOf(db.fetchValue("SELECT current_schema()"));
        var url = URI.create(TestDatabase.pgUrl().substring("jdbc:".length()));
        var pgPort = String.valueOf(url.getPort() < 0 ? 5432 : url.getPort());
        var process = new ProcessBuilder(
                        "pg_dump",
                        "--no-owner",
                        "-h",
                        url.getHost(),
                        "-p",
                        pgPort,
                        "-U",
                        TestDatabase.pgUser(),
                        "-n",
                        schema,
                        url.getPath().substring(1))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        process.environment().put("PGPASSWORD", TestDatabase.pgPassword());
        var running = process.start();
        var out = new ByteArrayOutputStream();
        running.getInputStream().transferTo(out);
        assertThat(running.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(running.exitValue()).as("pg_dump exit code").isZero();
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The check character of a resident identity number (GB 11643). */
    private static char residentCheck(String first17) {
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * weights[i];
        }
        return "10X98765432".charAt(sum % 11);
    }

    private static String digits(int n) {
        var random = ThreadLocalRandom.current();
        var out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }

    private static String letters(int n) {
        var random = ThreadLocalRandom.current();
        var out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append((char) ('a' + random.nextInt(26)));
        }
        return out.toString();
    }
}
