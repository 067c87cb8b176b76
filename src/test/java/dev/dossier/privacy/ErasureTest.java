package dev.dossier.privacy;

import static dev.dossier.privacy.PrivacyFixtures.assertProblem;
import static dev.dossier.privacy.PrivacyFixtures.consent;
import static dev.dossier.privacy.PrivacyFixtures.create;
import static dev.dossier.privacy.PrivacyFixtures.mobile;
import static dev.dossier.privacy.PrivacyFixtures.request;
import static dev.dossier.privacy.PrivacyFixtures.started;
import static dev.dossier.privacy.PrivacyFixtures.stepOk;
import static dev.dossier.privacy.PrivacyFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.shared.PersonalData;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Erasure leaves no trace of the person in any table while the customer still counts: every text column of every
 * table of the schema, found from the database's own metadata, is searched for every distinctive value.
 */
@DossierTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErasureTest {

    /** Values stored only encrypted. */
    private static final java.util.Set<String> ENCRYPTED =
            java.util.Set.of("phone", "email", "contact phone", "contact email", "social", "case reporter email");

    /** A module whose erasure fails for chosen customers, to prove that erasure is all or nothing. */
    static class FailingModule implements PersonalData {
        final Set<UUID> failFor = ConcurrentHashMap.newKeySet();

        @Override
        public String section() {
            return "zz-failing";
        }

        @Override
        public List<Map<String, Object>> export(UUID customerId) {
            return List.of();
        }

        @Override
        public void erase(UUID customerId) {
            if (failFor.contains(customerId)) {
                throw new IllegalStateException("disk full");
            }
        }
    }

    @TestConfiguration
    static class Config {
        @Bean
        FailingModule failingModule() {
            return new FailingModule();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    DataSource dataSource;

    @Autowired
    FailingModule failing;

    private ApiClient admin;
    private ApiClient officer;

    @BeforeAll
    void signIn() {
        admin = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        officerName = users.create(Role.MANAGER);
        officer = new ApiClient(port).signIn(officerName, TestUsers.PASSWORD);
    }

    private String officerName;

    /** What the team recorded about the customer: an interaction, a note edited once, a comment, a task. */
    private void story(String id, Map<String, String> values, String u) {
        values.put("interaction summary", "Callsummary" + u);
        values.put("interaction content", "Talked about Callcontent" + u);
        var call = admin.post(
                "/api/v1/interactions",
                ApiClient.json(Map.of(
                        "subject",
                        "customer:" + id,
                        "channel",
                        "CALL",
                        "direction",
                        "INBOUND",
                        "startedAt",
                        TestClock.utcNow().minusHours(1).toString(),
                        "summary",
                        values.get("interaction summary"),
                        "content",
                        values.get("interaction content"),
                        "outcome",
                        "REACHED")));
        assertThat(call.status()).as(call.body()).isEqualTo(201);

        values.put("note before edit", "Notefirst" + u);
        values.put("note after edit", "Notesecond" + u);
        tools.jackson.databind.JsonNode template = null;
        for (var t : admin.get("/api/v1/note-templates").json()) {
            if ("communication".equals(t.path("code").asString(""))) {
                template = t;
            }
        }
        var sections = new LinkedHashMap<String, String>();
        for (var section : template.get("sections")) {
            sections.put(section.get("id").asString(), values.get("note before edit"));
        }
        var note = admin.post(
                "/api/v1/notes",
                ApiClient.json(Map.of(
                        "subject",
                        "customer:" + id,
                        "templateId",
                        template.get("id").asString(),
                        "category",
                        "MEETING",
                        "sections",
                        sections)));
        assertThat(note.status()).as(note.body()).isEqualTo(201);
        sections.replaceAll((k, v) -> values.get("note after edit"));
        var edited = admin.put(
                "/api/v1/notes/" + note.json().get("id").asString(),
                ApiClient.json(Map.of("version", 0, "category", "MEETING", "sections", sections)),
                null);
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);

        values.put("comment", "Commentword" + u);
        var comment = admin.post(
                "/api/v1/comments",
                ApiClient.json(Map.of(
                        "subject",
                        "note:" + note.json().get("id").asString(),
                        "body",
                        "@" + officerName + " " + values.get("comment"))));
        assertThat(comment.status()).as(comment.body()).isEqualTo(201);

        values.put("task title", "Tasktitle" + u);
        values.put("task description", "Taskdetails" + u);
        var task = admin.post(
                "/api/v1/tasks",
                ApiClient.json(Map.of(
                        "subject",
                        "customer:" + id,
                        "title",
                        values.get("task title"),
                        "description",
                        values.get("task description"),
                        "assigneeId",
                        users.id(officerName).toString(),
                        "dueAt",
                        TestClock.utcNow().plusDays(3).toString())));
        assertThat(task.status()).as(task.body()).isEqualTo(201);

        values.put("case title", "Casetitle" + u);
        values.put("case description", "Casedetails" + u);
        values.put("case reporter", "Reporterperson" + u);
        values.put("case reporter email", "reporter" + u + "@mailbox.example.com");
        values.put("case order", "Orderref" + u);
        values.put("case reply", "Casereply" + u);
        values.put("case note", "Casenote" + u);
        values.put("case resolution", "Caseresolution" + u);
        var feedback = new LinkedHashMap<String, Object>();
        feedback.put("customerId", id);
        feedback.put("title", values.get("case title"));
        feedback.put("description", values.get("case description"));
        feedback.put("kind", "COMPLAINT");
        feedback.put("orderRef", values.get("case order"));
        feedback.put("reporterName", values.get("case reporter"));
        feedback.put("reporterEmail", values.get("case reporter email"));
        var opened = admin.post("/api/v1/cases", ApiClient.json(feedback));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        var caseId = opened.json().get("id").asString();
        var assigned = admin.put(
                "/api/v1/cases/" + caseId + "/assignment",
                ApiClient.json(Map.of("assigneeId", users.id(officerName).toString(), "version", 0)),
                null);
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        for (var message : List.of(
                Map.of("kind", "REPLY", "body", values.get("case reply")),
                Map.of("kind", "INTERNAL", "body", values.get("case note")))) {
            var sent = admin.post("/api/v1/cases/" + caseId + "/messages", ApiClient.json(message));
            assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        }
        var resolved = admin.post(
                "/api/v1/cases/" + caseId + "/transitions",
                ApiClient.json(Map.of("to", "RESOLVED", "comment", values.get("case resolution"))));
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);

        // The mention and the assignment reach the officer's notifications, with the comment's words.
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> occurrences(search(values.get("comment"))).stream()
                        .anyMatch(o -> o.startsWith("notification")));
        assertThat(search(values.get("comment"))).contains("notification.args", "note_comment.body");
    }

    @Test
    void erasureLeavesNoPersonalValueInAnyTableAndTheCustomerStillCounts() {
        var u = unique();
        var values = new LinkedHashMap<String, String>();
        values.put("name", "Quillfeather" + u);
        values.put("legal name", "Legalquill" + u);
        values.put("phone", mobile());
        values.put("email", "zorvath" + u + "@mailbox.example.com");
        values.put("social", "wxhandle" + u);
        values.put("address", "Lane " + u + " Jade Road");
        values.put("remarks", "Prefers visits " + u);
        values.put("website", "quill" + u + ".example.com");
        values.put("remarks after edit", "Allergic to " + u + "mint");
        values.put("contact name", "Contactperson" + u);
        values.put("contact phone", mobile());
        values.put("contact email", "colleague" + u + "@mailbox.example.com");
        values.put("consent scope", "Scopeword" + u);
        values.put("requester", "Requesterperson" + u);

        var body = new LinkedHashMap<String, Object>();
        body.put("type", "COMPANY");
        body.put("name", values.get("name"));
        body.put("legalName", values.get("legal name"));
        body.put("industry", "RETAIL");
        body.put("grade", "VIP");
        body.put("lifecycleStage", "CUSTOMER");
        body.put("website", "https://" + values.get("website"));
        body.put("country", "CN");
        body.put("province", "浙江省");
        body.put("city", "杭州市");
        body.put("addressLine", values.get("address"));
        body.put("phones", List.of(Map.of("number", values.get("phone"))));
        body.put("emails", List.of(Map.of("address", values.get("email"))));
        body.put("socialAccounts", List.of(Map.of("type", "WECHAT", "handle", values.get("social"))));
        body.put("remarks", values.get("remarks"));
        var created = create(admin, body);
        var id = created.get("id").asString();

        // An edit, so that the history holds the values before and after.
        body.put("remarks", values.get("remarks after edit"));
        body.put("version", created.get("version").asInt());
        var edited = admin.put("/api/v1/customers/" + id, ApiClient.json(body), null);
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        var contact = admin.post(
                "/api/v1/customers/" + id + "/contacts",
                ApiClient.json(Map.of(
                        "name",
                        values.get("contact name"),
                        "jobTitle",
                        "Buyer",
                        "phones",
                        List.of(Map.of("number", values.get("contact phone"))),
                        "emails",
                        List.of(Map.of("address", values.get("contact email"))))));
        assertThat(contact.status()).as(contact.body()).isEqualTo(201);
        consent(officer, id, "MARKETING", values.get("consent scope"));
        var request = started(officer, request(officer, id, "ERASURE", null, values.get("requester")));
        story(id, values, u);

        // A publication still outstanding for some listener carries values of the customer.
        values.put("outstanding event", "Pendingvalue" + u);
        new JdbcTemplate(dataSource)
                .update(
                        "INSERT INTO event_publication (id, listener_id, event_type, "
                                + "serialized_event, publication_date, status) VALUES (?, ?, ?, ?, ?, ?)",
                        UUID.randomUUID(),
                        "some.Listener.on",
                        "dev.dossier.customers.CustomerEvents$CustomerChanged",
                        "{\"customerId\":\"" + id + "\",\"changes\":[{\"after\":\"" + values.get("outstanding event")
                                + "\"}]}",
                        TestClock.utcNow(),
                        "PUBLISHED");

        // Every value is somewhere before erasure, so the search below could find it; phones, emails and other
        // sensitive values are encrypted at rest and cannot be found in plain text even now.
        for (var entry : values.entrySet()) {
            if (ENCRYPTED.contains(entry.getKey())) {
                assertThat(occurrences(search(entry.getValue())))
                        .as("encrypted: " + entry.getKey())
                        .isEmpty();
                continue;
            }
            assertThat(occurrences(search(entry.getValue())))
                    .as("before erasure: " + entry.getKey())
                    .isNotEmpty();
        }

        var done = stepOk(officer, request, "COMPLETE", Map.of());
        assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(done.get("requesterName").asString()).isEqualTo(PrivacyPersonalData.ANONYMOUS);

        for (var entry : values.entrySet()) {
            assertThat(occurrences(search(entry.getValue())))
                    .as("after erasure: " + entry.getKey())
                    .isEmpty();
        }
        var customer = admin.get("/api/v1/customers/" + id).json();
        assertThat(customer.get("name").asString()).startsWith("Anonymous");
        assertThat(customer.get("grade").asString()).isEqualTo("VIP");
        assertThat(customer.get("lifecycleStage").asString()).isEqualTo("CUSTOMER");
        assertThat(customer.get("industry").asString()).isEqualTo("RETAIL");
        assertThat(instant(customer.get("createdAt").asString()))
                .isEqualTo(instant(created.get("createdAt").asString()));
        assertThat(idsOf(admin.get("/api/v1/customers?grade=VIP&limit=200"))).contains(id);
        // Quick search no longer finds the customer by its old name or phone.
        assertThat(idsOf(admin.get("/api/v1/customers?q=Quillfeather" + u))).isEmpty();
        assertThat(idsOf(admin.get("/api/v1/customers?q=" + values.get("phone").substring(3))))
                .doesNotContain(id);
        // The consent keeps its purpose and dates as proof.
        var consents = officer.get("/api/v1/customers/" + id + "/consents").json();
        assertThat(consents.get(0).get("purpose").asString()).isEqualTo("MARKETING");
        assertThat(consents.get(0).get("givenAt").isString()).isTrue();
    }

    @Test
    void anErasureThatFailsInOneModuleChangesNothingAnywhere() {
        var name = "Halfwritten" + unique();
        var id = PrivacyFixtures.individual(admin, name);
        var request = started(officer, request(officer, id, "ERASURE", null, "Someone " + unique()));
        failing.failFor.add(UUID.fromString(id));

        var answer = PrivacyFixtures.step(officer, request, "COMPLETE", Map.of());

        assertThat(answer.status()).as(answer.body()).isEqualTo(500);
        assertThat(admin.get("/api/v1/customers/" + id).json().get("name").asString())
                .isEqualTo(name);
        var again = officer.get("/api/v1/privacy/requests/" + request.get("id").asString())
                .json();
        assertThat(again.get("status").asString()).isEqualTo("IN_PROGRESS");
        assertThat(again.get("version").asInt())
                .isEqualTo(request.get("version").asInt());
        failing.failFor.clear();
        assertProblem(
                PrivacyFixtures.step(officer, request, "VERIFY", Map.of("method", "x")), 409, "invalid-transition");
    }

    /** Table and column of every text cell that contains {@code value}, ignoring case. */
    private List<String> search(String value) {
        var jdbc = new JdbcTemplate(dataSource);
        var columns = new ArrayList<String[]>();
        jdbc.execute((java.sql.Connection connection) -> {
            var meta = connection.getMetaData();
            try (var rows = meta.getColumns(connection.getCatalog(), connection.getSchema(), "%", "%")) {
                while (rows.next()) {
                    int type = rows.getInt("DATA_TYPE");
                    if (type == Types.VARCHAR
                            || type == Types.CHAR
                            || type == Types.LONGVARCHAR
                            || type == Types.CLOB
                            || type == Types.NVARCHAR
                            || type == Types.NCHAR
                            || type == Types.LONGNVARCHAR
                            || type == Types.NCLOB) {
                        columns.add(new String[] {rows.getString("TABLE_NAME"), rows.getString("COLUMN_NAME")});
                    }
                }
            }
            return null;
        });
        assertThat(columns).as("text columns in the schema").hasSizeGreaterThan(20);
        var tables = columns.stream().map(c -> c[0]).distinct().toList();
        assertThat(tables)
                .contains(
                        "customer",
                        "contact",
                        "contact_point",
                        "customer_change_field",
                        "consent",
                        "subject_request",
                        "customer_search_term");
        var found = new ArrayList<String>();
        for (var column : columns) {
            var sql = "SELECT COUNT(*) FROM \"" + column[0] + "\" WHERE LOWER(CAST(\"" + column[1]
                    + "\" AS VARCHAR(100000))) LIKE ?";
            Integer count = jdbc.queryForObject(sql, Integer.class, "%" + value.toLowerCase() + "%");
            if (count != null && count > 0) {
                found.add(column[0] + "." + column[1]);
            }
        }
        return found;
    }

    private static java.time.Instant instant(String text) {
        return java.time.OffsetDateTime.parse(text).toInstant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private static List<String> occurrences(List<String> found) {
        return found;
    }

    private static List<String> idsOf(ApiClient.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        var ids = new ArrayList<String>();
        answer.json().get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }
}
