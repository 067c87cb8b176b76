package dev.dossier.notes;

import static dev.dossier.notes.NotesFixtures.assertProblem;
import static dev.dossier.notes.NotesFixtures.communication;
import static dev.dossier.notes.NotesFixtures.communicationOk;
import static dev.dossier.notes.NotesFixtures.customer;
import static dev.dossier.notes.NotesFixtures.sections;
import static dev.dossier.notes.NotesFixtures.shipped;
import static dev.dossier.notes.NotesFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.shared.NotificationRequested;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/** Notes, comments, templates and terms through the REST API, as sales users, a manager and an administrator. */
@DossierTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotesApiTest {

    /** Keeps the notifications asked for while the tests run. */
    static class Notices {
        final List<NotificationRequested> requested = new CopyOnWriteArrayList<>();

        @EventListener
        void on(NotificationRequested event) {
            requested.add(event);
        }
    }

    @TestConfiguration
    static class Config {
        @Bean
        Notices notices() {
            return new Notices();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    Notices notices;

    private ApiClient admin;
    private ApiClient manager;
    private ApiClient sales;
    private String salesName;

    @BeforeAll
    void signIn() {
        admin = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        manager = new ApiClient(port).signIn(users.create(Role.MANAGER), TestUsers.PASSWORD);
        salesName = users.create(Role.SALES);
        sales = new ApiClient(port).signIn(salesName, TestUsers.PASSWORD);
    }

    @Test
    void aNoteWithARequiredSectionEmptyIsRefusedSectionBySectionAndNothingIsSaved() {
        var customerId = customer(sales, "Needs " + unique());
        var template = shipped(sales, "needs");
        var ids = sections(template);
        var body = new LinkedHashMap<String, Object>();
        body.put("subject", "customer:" + customerId);
        body.put("templateId", template.get("id").asString());
        body.put("category", "NEEDS");
        body.put("sections", Map.of(ids.get("background"), "Expanding to Wuhan", ids.get("pain-points"), "<p> </p>"));
        var answer = sales.post("/api/v1/notes", ApiClient.json(body));
        assertProblem(answer, 422, "validation");
        var fields = new ArrayList<String>();
        answer.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields)
                .containsExactlyInAnyOrder(
                        "sections[" + ids.get("pain-points") + "]", "sections[" + ids.get("timeline") + "]");
        assertThat(answer.json().get("errors").get(0).get("message").asString())
                .startsWith("A note cannot be saved with a required section empty");
        var list = sales.get("/api/v1/notes?customerId=" + customerId);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("items").size()).isZero();
    }

    @Test
    void editsKeepEveryEarlierVersionAndAStaleVersionIsRefused() {
        var customerId = customer(sales, "History " + unique());
        var note = communicationOk(
                sales,
                "customer:" + customerId,
                "Introduce the new line",
                "<b>Price</b> agreed<script>alert(1)</script>");
        var id = note.get("id").asString();
        assertThat(note.get("version").asInt()).isZero();
        assertThat(note.get("sections").toString())
                .contains("<b>Price</b> agreed")
                .doesNotContain("script");
        assertThat(note.get("subject").asString()).isEqualTo("customer:" + customerId);

        var ids = sections(shipped(sales, "communication"));
        var change = Map.of(
                "version",
                0,
                "category",
                "FOLLOW_UP",
                "tags",
                List.of("q4"),
                "sections",
                Map.of(
                        ids.get("purpose"),
                        "Introduce the new line",
                        ids.get("discussion"),
                        "Price agreed, delivery in May"));
        var edited = sales.put("/api/v1/notes/" + id, ApiClient.json(change), null);
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json().get("version").asInt()).isEqualTo(1);
        assertThat(edited.json().get("category").asString()).isEqualTo("FOLLOW_UP");
        var revisions = edited.json().get("revisions");
        assertThat(revisions.size()).isEqualTo(1);
        assertThat(revisions.get(0).get("category").asString()).isEqualTo("MEETING");
        assertThat(revisions.get(0).toString()).contains("<b>Price</b> agreed").doesNotContain("May");

        assertProblem(sales.put("/api/v1/notes/" + id, ApiClient.json(change), null), 409, "stale-version");
        assertThat(sales.get("/api/v1/notes/" + id).json().get("revisions").size())
                .isEqualTo(1);

        assertThat(sales.delete("/api/v1/notes/" + id).status()).isEqualTo(204);
        assertProblem(sales.get("/api/v1/notes/" + id), 404, "not-found");
    }

    @Test
    void aNoteOrCommentAboutAnUnreachedCustomerIsNotFoundAndOneNotOursMayNotBeChanged() {
        var customerId = customer(sales, "Private " + unique());
        var note = communicationOk(sales, "customer:" + customerId, "Visit", "Met the buyer");
        var other = new ApiClient(port).signIn(users.create(Role.SALES), TestUsers.PASSWORD);
        assertProblem(other.get("/api/v1/notes/" + note.get("id").asString()), 404, "not-found");
        assertProblem(other.get("/api/v1/notes?customerId=" + customerId), 404, "not-found");
        assertProblem(communication(other, "customer:" + customerId, "x", "y"), 404, "not-found");
        assertProblem(
                other.get("/api/v1/comments?subject=note:" + note.get("id").asString()), 404, "not-found");

        // The manager reaches the customer and writes a note there; the sales user sees it but may not change it.
        var managers = communicationOk(manager, "customer:" + customerId, "Review", "Pricing needs approval");
        var id = managers.get("id").asString();
        assertThat(sales.get("/api/v1/notes/" + id).status()).isEqualTo(200);
        var ids = sections(shipped(sales, "communication"));
        var change = Map.of(
                "version",
                0,
                "category",
                "RISK",
                "sections",
                Map.of(ids.get("purpose"), "Mine now", ids.get("discussion"), "Mine now"));
        assertProblem(sales.put("/api/v1/notes/" + id, ApiClient.json(change), null), 403, "forbidden");
        assertProblem(sales.delete("/api/v1/notes/" + id), 403, "forbidden");
        assertThat(sales.get("/api/v1/notes/" + id).json().get("category").asString())
                .isEqualTo("MEETING");
    }

    @Test
    void withoutTheOperationTheApiAnswersForbidden() {
        var finance = new ApiClient(port).signIn(users.create(Role.FINANCE), TestUsers.PASSWORD);
        var customerId = customer(sales, "Finance " + unique());
        assertProblem(communication(finance, "customer:" + customerId, "x", "y"), 403, "forbidden");
        assertProblem(
                finance.post(
                        "/api/v1/comments",
                        ApiClient.json(Map.of("subject", "customer:" + customerId, "body", "hello"))),
                403,
                "forbidden");
        assertProblem(sales.post("/api/v1/terms", ApiClient.json(Map.of("term", "x" + unique()))), 403, "forbidden");
        assertProblem(
                sales.post(
                        "/api/v1/note-templates",
                        ApiClient.json(Map.of("name", "Mine", "sections", List.of(Map.of("title", "One"))))),
                403,
                "forbidden");
    }

    @Test
    void aMentionOfAnUnknownUserIsRefusedAndNothingIsSaved() {
        var customerId = customer(sales, "Mention " + unique());
        var answer = sales.post(
                "/api/v1/comments",
                ApiClient.json(Map.of(
                        "subject", "customer:" + customerId, "body", "@nobody-" + unique() + " please call back")));
        assertProblem(answer, 422, "validation");
        assertThat(answer.json().get("errors").get(0).get("message").asString()).startsWith("No user named @nobody-");
        assertThat(sales.get("/api/v1/comments?subject=customer:" + customerId)
                        .json()
                        .size())
                .isZero();

        var note = communication(sales, "customer:" + customerId, "Ask @ghost-" + unique(), "Nothing");
        assertProblem(note, 422, "validation");
        assertThat(sales.get("/api/v1/notes?customerId=" + customerId)
                        .json()
                        .get("items")
                        .size())
                .isZero();
    }

    @Test
    void aMentionOfSomeoneWhoCannotSeeTheCustomerIsRefused() {
        var outsider = users.create(Role.SALES);
        var customerId = customer(sales, "Private " + unique());
        var answer = sales.post(
                "/api/v1/comments",
                ApiClient.json(Map.of("subject", "customer:" + customerId, "body", "@" + outsider + " have a look")));
        assertProblem(answer, 422, "validation");
        assertThat(answer.json().get("errors").get(0).get("message").asString())
                .isEqualTo("@" + outsider + " cannot open this customer. Choose someone who can, or share the customer "
                        + "with them first.");
        assertThat(notices.requested).noneMatch(n -> n.recipients().contains(users.id(outsider)));
        assertThat(sales.get("/api/v1/comments?subject=customer:" + customerId)
                        .json()
                        .size())
                .isZero();
    }

    @Test
    void aMentionTellsTheMentionedUserOnceAndCommentsAreChangedOnlyByTheirAuthor() {
        // Service staff reach every customer.
        var colleague = users.create(Role.SERVICE);
        var colleagueId = users.id(colleague);
        var customerId = customer(sales, "Told " + unique());
        var posted = sales.post(
                "/api/v1/comments",
                ApiClient.json(Map.of(
                        "subject",
                        "customer:" + customerId,
                        "body",
                        "@" + colleague + " can you call them? <script>alert(1)</script>")));
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        var commentId = posted.json().get("id").asString();
        var notice = notices.requested.stream()
                .filter(n -> ("mention:" + commentId).equals(n.key()))
                .toList();
        assertThat(notice).hasSize(1);
        assertThat(notice.getFirst().recipients()).containsExactly(colleagueId);
        assertThat(notice.getFirst().kind()).isEqualTo("mention");
        assertThat(notice.getFirst().messageKey()).isEqualTo("notification.mention");
        assertThat(notice.getFirst().args().get(0)).isEqualTo("Test " + salesName);
        assertThat(notice.getFirst().args().get(1)).startsWith("Told ");
        assertThat(notice.getFirst().args().get(2)).contains("can you call them?");
        assertThat(notice.getFirst().link()).isEqualTo("/customers/" + customerId);
        assertThat(notice.getFirst().customerId()).isEqualTo(UUID.fromString(customerId));
        assertThat(notice.getFirst().actorId()).isEqualTo(users.id(salesName));

        // A note's text mentions the same way, with a link to the note.
        var note = communicationOk(sales, "customer:" + customerId, "Hand over to @" + colleague, "Details");
        assertThat(notices.requested)
                .anyMatch(n -> n.link().equals("/notes/" + note.get("id").asString())
                        && n.recipients().contains(colleagueId));

        var manager2 = new ApiClient(port).signIn(users.create(Role.MANAGER), TestUsers.PASSWORD);
        assertProblem(
                manager2.put(
                        "/api/v1/comments/" + commentId, ApiClient.json(Map.of("version", 0, "body", "edited")), null),
                403,
                "forbidden");
        var edited = sales.put(
                "/api/v1/comments/" + commentId,
                ApiClient.json(Map.of("version", 0, "body", "@" + colleague + " never mind")),
                null);
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(notices.requested.stream()
                        .filter(n -> n.recipients().contains(colleagueId)
                                && n.key() != null
                                && n.key().startsWith("mention:" + commentId)))
                .hasSize(1);
        assertThat(sales.delete("/api/v1/comments/" + commentId).status()).isEqualTo(204);
        assertThat(sales.get("/api/v1/comments?subject=customer:" + customerId)
                        .json()
                        .size())
                .isZero();
    }

    @Test
    void nonStandardTermsAreFlaggedWithTheirStandardTermButTheNoteIsSaved() {
        var word = "强意向" + unique().substring(0, 4);
        var standard = "意向强" + unique().substring(0, 4);
        var term = admin.post(
                "/api/v1/terms", ApiClient.json(Map.of("term", standard, "category", "意向", "synonyms", List.of(word))));
        assertThat(term.status()).as(term.body()).isEqualTo(201);
        var customerId = customer(sales, "Terms " + unique());
        var note = communicationOk(sales, "customer:" + customerId, "回访", "客户表示" + word + "，下周报价");
        assertThat(note.get("nonstandardTerms").toString()).contains(word, standard);
        var list =
                sales.get("/api/v1/notes?subject=customer:" + customerId).json().get("items");
        assertThat(list.get(0).get("nonstandard").asBoolean()).isTrue();
        assertThat(admin.delete("/api/v1/terms/" + term.json().get("id").asString())
                        .status())
                .isEqualTo(204);
    }

    @Test
    void administratorsChangeTemplatesAndRetiredOnesTakeNoNewNotes() {
        var created = admin.post(
                "/api/v1/note-templates",
                ApiClient.json(Map.of(
                        "name",
                        "Site visit " + unique(),
                        "sections",
                        List.of(Map.of("title", "Findings", "required", true), Map.of("title", "Photos")))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var template = created.json();
        var ids = sections(template);
        var reordered = admin.put(
                "/api/v1/note-templates/" + template.get("id").asString(),
                ApiClient.json(Map.of(
                        "version",
                        0,
                        "name",
                        template.get("name").asString(),
                        "sections",
                        List.of(Map.of("id", ids.get("Photos"), "required", true), Map.of("title", "Risks")))),
                null);
        assertThat(reordered.status()).as(reordered.body()).isEqualTo(200);
        var titles = new ArrayList<String>();
        reordered
                .json()
                .get("sections")
                .forEach(s -> titles.add(
                        s.get("title").asString() + ":" + s.get("required").asBoolean()));
        assertThat(titles).containsExactly("Photos:true", "Risks:false");

        assertThat(admin.delete("/api/v1/note-templates/" + template.get("id").asString())
                        .status())
                .isEqualTo(200);
        var customerId = customer(sales, "Retired " + unique());
        var answer = sales.post(
                "/api/v1/notes",
                ApiClient.json(Map.of(
                        "subject",
                        "customer:" + customerId,
                        "templateId",
                        template.get("id").asString(),
                        "category",
                        "GENERAL",
                        "sections",
                        Map.of(ids.get("Photos"), "x"))));
        assertProblem(answer, 422, "validation");
        assertThat(answer.body()).contains("templateId");
    }
}
