package dev.dossier.notes;

import static dev.dossier.notes.NotesFixtures.communicationOk;
import static dev.dossier.notes.NotesFixtures.customer;
import static dev.dossier.notes.NotesFixtures.sections;
import static dev.dossier.notes.NotesFixtures.shipped;
import static dev.dossier.notes.NotesFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The notes pages: writing and changing a note, comments, the timeline, administration and the quality review. */
@DossierTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("clock")
class NotesPagesTest {

    @LocalServerPort
    int port;

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    UserDetailsService userDetails;

    private ApiClient admin;

    @BeforeAll
    void signIn() {
        admin = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
    }

    private RequestPostProcessor as(String username) {
        return user(userDetails.loadUserByUsername(username));
    }

    private String page(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    @Test
    void aSalesUserWritesAndChangesANoteOnThePagesAndSeesItsHistory() throws Exception {
        var name = users.create(Role.SALES);
        var api = new ApiClient(port).signIn(name, TestUsers.PASSWORD);
        var who = as(name);
        var customerId = customer(api, "Pages " + unique());
        var subject = "customer:" + customerId;

        var timeline =
                page(get("/customers/" + customerId).param("tab", "timeline").with(who));
        assertThat(timeline).contains("/notes/new?subject=customer:" + customerId, "Write note");
        var fragment = page(get("/notes/new")
                .param("subject", subject)
                .header("HX-Request", "true")
                .with(who));
        assertThat(fragment)
                .contains("Write a note about", "Basic information", "Needs analysis")
                .doesNotContain("<html");

        var template = shipped(api, "needs");
        var ids = sections(template);
        var refused = page(post("/notes")
                .with(who)
                .with(csrf())
                .param("subject", subject)
                .param("templateId", template.get("id").asString())
                .param("category", "NEEDS")
                .param("section." + ids.get("background"), "Opening a plant"));
        assertThat(refused)
                .contains(
                        "A note cannot be saved with a required section empty: fill in &quot;Pain points&quot;",
                        "fill in &quot;Timeline&quot;",
                        "Opening a plant");
        assertThat(api.get("/api/v1/notes?customerId=" + customerId)
                        .json()
                        .get("items")
                        .size())
                .isZero();

        var location = mvc.perform(post("/notes")
                        .with(who)
                        .with(csrf())
                        .param("subject", subject)
                        .param("templateId", template.get("id").asString())
                        .param("category", "NEEDS")
                        .param("tags", "plant, 2025")
                        .param("section." + ids.get("background"), "Opening a plant")
                        .param(
                                "section." + ids.get("pain-points"),
                                "<b>Slow</b> deliveries<img src=x onerror=alert(1)>")
                        .param("section." + ids.get("timeline"), "By June"))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        assertThat(location).startsWith("/notes/");
        var shown = page(get(location).with(who));
        assertThat(shown)
                .contains("Needs analysis · Needs", "<b>Slow</b> deliveries", "plant", "2025")
                .doesNotContain("onerror");

        var id = location.substring("/notes/".length());
        var form = page(get(location + "/edit").with(who));
        assertThat(form).contains("Opening a plant", "name=\"version\"");
        mvc.perform(post(location)
                        .with(who)
                        .with(csrf())
                        .param("version", "0")
                        .param("category", "NEEDS")
                        .param("section." + ids.get("background"), "Opening two plants")
                        .param("section." + ids.get("pain-points"), "Slow deliveries")
                        .param("section." + ids.get("timeline"), "By June"))
                .andExpect(status().is3xxRedirection());
        var changed = page(get(location).with(who));
        assertThat(changed).contains("Opening two plants", "Earlier versions (1)", "Opening a plant");
        // Saved from the form inside a dossier's tab (htmx), the browser is sent on to the note.
        var fromTab = mvc.perform(post(location)
                        .with(who)
                        .with(csrf())
                        .header("HX-Request", "true")
                        .param("version", "1")
                        .param("category", "NEEDS")
                        .param("section." + ids.get("background"), "Opening two plants")
                        .param("section." + ids.get("pain-points"), "Slow deliveries")
                        .param("section." + ids.get("timeline"), "By July"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        assertThat(fromTab.getHeader("HX-Redirect")).isEqualTo(location);
        assertThat(page(get(location).with(who))).contains("By July");
        var stale = page(post(location)
                .with(who)
                .with(csrf())
                .param("version", "0")
                .param("category", "NEEDS")
                .param("section." + ids.get("background"), "Mine")
                .param("section." + ids.get("pain-points"), "x")
                .param("section." + ids.get("timeline"), "x"));
        assertThat(stale).contains("Someone else changed this record");

        var onTimeline =
                page(get("/customers/" + customerId).param("tab", "timeline").with(who));
        assertThat(onTimeline).contains("/notes/" + id, "Needs analysis · Needs", "Opening two plants");
        var chinese = mvc.perform(get("/customers/" + customerId)
                        .param("tab", "timeline")
                        .with(who)
                        .locale(Locale.SIMPLIFIED_CHINESE))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(chinese).contains("需求分析 · 需求");

        var list = page(get("/notes")
                .param("subject", subject)
                .header("HX-Request", "true")
                .with(who));
        assertThat(list).contains("/notes/" + id).doesNotContain("<html");

        // Someone who does not reach the customer finds nothing there; a finance user may not write.
        var stranger = as(users.create(Role.SALES));
        mvc.perform(get(location).with(stranger)).andExpect(status().isNotFound());
        mvc.perform(get("/notes/new").param("subject", subject).with(stranger)).andExpect(status().isNotFound());
        mvc.perform(get("/notes/new").param("subject", subject).with(as(users.create(Role.FINANCE))))
                .andExpect(status().isForbidden());
        mvc.perform(post(location + "/delete").with(who).with(csrf())).andExpect(status().is3xxRedirection());
        mvc.perform(get(location).with(who)).andExpect(status().isNotFound());
    }

    @Test
    void commentsShowScriptAsTextAndRefuseUnknownMentions() throws Exception {
        var name = users.create(Role.SALES);
        var api = new ApiClient(port).signIn(name, TestUsers.PASSWORD);
        var who = as(name);
        var customerId = customer(api, "Comments " + unique());
        var note = communicationOk(api, "customer:" + customerId, "Call", "Called");
        var subject = "note:" + note.get("id").asString();

        var refused = page(post("/comments")
                .with(who)
                .with(csrf())
                .header("HX-Request", "true")
                .param("subject", subject)
                .param("body", "Ask @nobody-here about it"));
        assertThat(refused).contains("No user named @nobody-here", "Ask @nobody-here about it");
        assertThat(api.get("/api/v1/comments?subject=" + subject).json().size()).isZero();

        var colleague = users.create(Role.SALES);
        var panel = page(post("/comments")
                .with(who)
                .with(csrf())
                .header("HX-Request", "true")
                .param("subject", subject)
                .param("body", "<script>alert('x')</script> @" + colleague));
        assertThat(panel)
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .doesNotContain("<script>alert")
                .doesNotContain("<html");
        var mentions = page(get("/comments/mentions").param("q", colleague).with(who));
        assertThat(mentions).contains("@" + colleague);
        var terms = page(get("/notes/terms/suggest").param("q", "x").with(who));
        assertThat(terms).contains("term-suggestions");
    }

    @Test
    void administratorsManageTemplatesAndTermsOnTheirPagesAndOthersOnlyLook() throws Exception {
        var adminUser = as(TestUsers.ADMIN);
        var templates = page(get("/admin/note-templates").with(adminUser));
        assertThat(templates).contains("Needs analysis", "Pain points", "Make required", "New template");
        mvc.perform(post("/admin/note-templates")
                        .with(adminUser)
                        .with(csrf())
                        .param("name", "Handover " + unique())
                        .param("sections", "Status\nOpen issues"))
                .andExpect(status().is3xxRedirection());
        var empty = page(post("/admin/note-templates")
                .with(adminUser)
                .with(csrf())
                .param("name", "")
                .param("sections", ""));
        assertThat(empty).contains("Required.", "A template needs at least one section.");

        var term = "标准" + unique();
        mvc.perform(post("/admin/terms")
                        .with(adminUser)
                        .with(csrf())
                        .param("term", term)
                        .param("category", "意向")
                        .param("synonyms", "避免甲" + term + "，避免乙" + term))
                .andExpect(status().is3xxRedirection());
        var termsPage = page(get("/admin/terms").with(adminUser));
        assertThat(termsPage).contains(term, "避免甲" + term + ", 避免乙" + term);

        var sales = as(users.create(Role.SALES));
        var looking = page(get("/admin/note-templates").with(sales));
        assertThat(looking).contains("Needs analysis").doesNotContain("Make required", "New template");
        mvc.perform(post("/admin/terms").with(sales).with(csrf()).param("term", "x"))
                .andExpect(status().isForbidden());
    }

    @Test
    void theQualityReviewCountsEachAuthorsNotesWithinTheViewersScope() throws Exception {
        var teamA = users.team(null);
        var teamB = users.team(null);
        var writer = users.createInTeam(teamA, Role.SALES);
        var outsider = users.createInTeam(teamB, Role.SALES);
        var lead = users.createInTeam(teamA, Role.SERVICE);
        var api = new ApiClient(port).signIn(writer, TestUsers.PASSWORD);
        var other = new ApiClient(port).signIn(outsider, TestUsers.PASSWORD);
        var customerId = customer(api, "Quality " + unique());
        var otherCustomer = customer(other, "Quality other " + unique());

        var word = "dm" + unique().substring(0, 5);
        assertThat(admin.post(
                                "/api/v1/terms",
                                ApiClient.json(Map.of("term", "Decision maker " + word, "synonyms", List.of(word))))
                        .status())
                .isEqualTo(201);
        communicationOk(api, "customer:" + customerId, "Visit", "All fine");
        communicationOk(api, "customer:" + customerId, "Visit", "Met the " + word.toUpperCase());
        var ids = sections(shipped(api, "communication"));
        var thirtyHoursAgo = TestClock.utcNow().minusHours(30).toString();
        var late = Map.of(
                "subject",
                "customer:" + customerId,
                "templateId",
                shipped(api, "communication").get("id").asString(),
                "category",
                "MEETING",
                "occurredAt",
                thirtyHoursAgo,
                "sections",
                Map.of(ids.get("purpose"), "Call", ids.get("discussion"), "Late"));
        assertThat(api.post("/api/v1/notes", ApiClient.json(late)).status()).isEqualTo(201);
        var lateOther = new java.util.HashMap<String, Object>(late);
        lateOther.put("subject", "customer:" + otherCustomer);
        assertThat(other.post("/api/v1/notes", ApiClient.json(lateOther)).status())
                .isEqualTo(201);

        // A section becomes required after a note was written without it.
        var template = admin.post(
                        "/api/v1/note-templates",
                        ApiClient.json(Map.of(
                                "name",
                                "Check " + unique(),
                                "sections",
                                List.of(Map.of("title", "Done", "required", true), Map.of("title", "Open")))))
                .json();
        var custom = sections(template);
        assertThat(api.post(
                                "/api/v1/notes",
                                ApiClient.json(Map.of(
                                        "subject",
                                        "customer:" + customerId,
                                        "templateId",
                                        template.get("id").asString(),
                                        "category",
                                        "GENERAL",
                                        "sections",
                                        Map.of(custom.get("Done"), "Everything"))))
                        .status())
                .isEqualTo(201);
        assertThat(admin.put(
                                "/api/v1/note-templates/" + template.get("id").asString(),
                                ApiClient.json(Map.of(
                                        "version",
                                        0,
                                        "name",
                                        template.get("name").asString(),
                                        "sections",
                                        List.of(
                                                Map.of("id", custom.get("Done"), "required", true),
                                                Map.of("id", custom.get("Open"), "required", true)))),
                                null)
                        .status())
                .isEqualTo(200);

        var writerRow = "<th scope=\"row\">Test " + writer + "</th><td>4</td><td>1</td><td>1</td><td>1</td>";
        var own = compact(page(get("/reports/note-quality").with(as(writer))));
        assertThat(own).contains(writerRow).doesNotContain("Test " + outsider);
        var team = compact(page(get("/reports/note-quality").with(as(lead))));
        assertThat(team).contains(writerRow).doesNotContain("Test " + outsider);
        var relaxed = compact(
                page(get("/reports/note-quality").param("lateHours", "48").with(as(writer))));
        assertThat(relaxed)
                .contains("<th scope=\"row\">Test " + writer + "</th><td>4</td><td>1</td><td>1</td><td>0</td>");
        assertThat(own).contains("/notes/").contains("Late (30 h)");

        mvc.perform(get("/reports/note-quality.csv").with(as(writer))).andExpect(status().isForbidden());
        var csv = mvc.perform(get("/reports/note-quality.csv")
                        .with(as(users.create(Role.MANAGER)))
                        .locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(csv)
                .contains("\"Author\",\"Test " + writer + "\",\"4\",\"1\",\"1\",\"1\"")
                .contains("\"Author\",\"Test " + outsider + "\",\"1\",\"0\",\"0\",\"1\"");
    }

    @Test
    void erasingTheCustomerReplacesTheTextOfNotesTheirEarlierVersionsAndComments() throws Exception {
        var officer = new ApiClient(port).signIn(users.create(Role.MANAGER), TestUsers.PASSWORD);
        var customerId = customer(officer, "Erase " + unique());
        var secret = "Secret plan " + unique();
        var note = communicationOk(officer, "customer:" + customerId, secret, "Talked about " + secret);
        var id = note.get("id").asString();
        var ids = sections(shipped(officer, "communication"));
        assertThat(officer.put(
                                "/api/v1/notes/" + id,
                                ApiClient.json(Map.of(
                                        "version",
                                        0,
                                        "category",
                                        "MEETING",
                                        "sections",
                                        Map.of(
                                                ids.get("purpose"),
                                                "Changed " + secret,
                                                ids.get("discussion"),
                                                "Later"))),
                                null)
                        .status())
                .isEqualTo(200);
        assertThat(officer.post(
                                "/api/v1/comments",
                                ApiClient.json(Map.of("subject", "note:" + id, "body", "About " + secret)))
                        .status())
                .isEqualTo(201);

        var request = officer.post(
                        "/api/v1/privacy/requests",
                        ApiClient.json(Map.of(
                                "customerId",
                                customerId,
                                "kind",
                                "ERASURE",
                                "channel",
                                "EMAIL",
                                "requesterName",
                                "Erase " + unique())))
                .json();
        var path = "/api/v1/privacy/requests/" + request.get("id").asString() + "/steps";
        var verified = officer.post(path, ApiClient.json(Map.of("action", "VERIFY", "version", 0, "method", "ID card")))
                .json();
        var started = officer.post(
                        path,
                        ApiClient.json(Map.of(
                                "action",
                                "START",
                                "version",
                                verified.get("version").asInt())))
                .json();
        var done = officer.post(
                path,
                ApiClient.json(Map.of(
                        "action", "COMPLETE", "version", started.get("version").asInt())));
        assertThat(done.status()).as(done.body()).isEqualTo(200);

        var after = officer.get("/api/v1/notes/" + id);
        assertThat(after.status()).as(after.body()).isEqualTo(200);
        assertThat(after.body()).doesNotContain(secret).contains("[erased]");
        assertThat(after.json().get("revisions").get(0).toString())
                .contains("[erased]")
                .doesNotContain(secret);
        var comments = officer.get("/api/v1/comments?subject=note:" + id);
        assertThat(comments.body()).doesNotContain(secret).contains("[erased]");
    }

    private static String compact(String html) {
        return html.replaceAll(">\\s+<", "><");
    }
}
