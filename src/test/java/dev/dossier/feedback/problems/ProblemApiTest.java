package dev.dossier.feedback.problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/** Problems through the REST API and the pages: recording, numbering, changing, moving, listing, rights. */
@DossierTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProblemApiTest {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    MockMvc mvc;

    @Autowired
    UserDetailsService userDetails;

    private String serviceUser;
    private ApiClient service;
    private ApiClient sales;
    private ApiClient finance;

    @BeforeAll
    void signIn() {
        serviceUser = users.create(Role.SERVICE);
        service = new ApiClient(port).signIn(serviceUser, TestUsers.PASSWORD);
        sales = new ApiClient(port).signIn(users.create(Role.SALES), TestUsers.PASSWORD);
        finance = new ApiClient(port).signIn(users.create(Role.FINANCE), TestUsers.PASSWORD);
    }

    private JsonNode create(String title, String severity) {
        var made = service.post(
                "/api/v1/problems",
                ApiClient.json(Map.of(
                        "title",
                        title,
                        "severity",
                        severity,
                        "description",
                        "What goes wrong",
                        "reproductionSteps",
                        "Open, click, see")));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        assertThat(made.header("ETag")).isEqualTo("\"0\"");
        return made.json();
    }

    @Test
    void aProblemIsNumberedStartsOpenAndKeepsItsHistory() {
        var first = create("Login fails " + UUID.randomUUID(), "MAJOR");
        var second = create("Login slow " + UUID.randomUUID(), "MINOR");
        assertThat(first.get("number").asString()).matches("P-\\d{5}");
        assertThat(Long.parseLong(second.get("number").asString().substring(2)))
                .isEqualTo(Long.parseLong(first.get("number").asString().substring(2)) + 1);
        assertThat(first.get("status").asString()).isEqualTo("OPEN");
        var id = first.get("id").asString();

        var moved = service.post(
                "/api/v1/problems/" + id + "/status",
                ApiClient.json(Map.of("status", "IN_PROGRESS", "comment", "Reproduced", "version", 0)));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        var fixed = service.post(
                "/api/v1/problems/" + id + "/status",
                ApiClient.json(Map.of("status", "FIXED", "fixedInVersion", "3.1")));
        assertThat(fixed.json().get("fixedInVersion").asString()).isEqualTo("3.1");
        var history = service.get("/api/v1/problems/" + id + "/history").json();
        assertThat(history.valueStream().map(t -> t.get("to").asString()).toList())
                .containsExactly("OPEN", "IN_PROGRESS", "FIXED");
        assertThat(history.get(1).get("comment").asString()).isEqualTo("Reproduced");
        assertThat(history.get(1).get("source").asString()).isEqualTo("API");
    }

    @Test
    void invalidInputAndInvalidMovesAreRefusedAndChangeNothing() {
        var missing = service.post(
                "/api/v1/problems", ApiClient.json(Map.of("severity", "HUGE", "externalUrl", "javascript:alert(1)")));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(missing.json().get("errors").toString()).contains("title", "severity", "externalUrl");

        var problem = create("Closes itself " + UUID.randomUUID(), "TRIVIAL");
        var id = problem.get("id").asString();
        assertThat(service.post("/api/v1/problems/" + id + "/status", ApiClient.json(Map.of("status", "CLOSED")))
                        .status())
                .isEqualTo(200);
        var invalid = service.post("/api/v1/problems/" + id + "/status", ApiClient.json(Map.of("status", "FIXED")));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.json().get("errors").toString()).contains("CLOSED", "FIXED");
        var stale = service.put("/api/v1/problems/" + id, ApiClient.json(Map.of("title", "Renamed")), "\"0\"");
        assertThat(stale.status()).isIn(409, 412);
        var now = service.get("/api/v1/problems/" + id).json();
        assertThat(now.get("status").asString()).isEqualTo("CLOSED");
        assertThat(now.get("title").asString()).startsWith("Closes itself");

        var renamed = service.put(
                "/api/v1/problems/" + id,
                ApiClient.json(Map.of("title", "Renamed", "severity", "MINOR", "externalRef", "acme/app#123")),
                "\"" + now.get("version").asInt() + "\"");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().get("externalRef").asString()).isEqualTo("acme/app#123");
        assertThat(renamed.json().get("status").asString()).isEqualTo("CLOSED");
    }

    @Test
    void theListFiltersAndPagesNewestFirst() {
        var tag = UUID.randomUUID().toString();
        var a = create("List A " + tag, "CRITICAL");
        var b = create("List B " + tag, "CRITICAL");
        create("List C " + tag, "TRIVIAL");
        var seen = new HashSet<String>();
        String cursor = null;
        String previous = null;
        do {
            var page = service.get("/api/v1/problems?severity=CRITICAL&status=OPEN&limit=1"
                            + (cursor == null ? "" : "&cursor=" + cursor))
                    .json();
            for (var item : page.get("items")) {
                assertThat(item.get("severity").asString()).isEqualTo("CRITICAL");
                if (previous != null) {
                    assertThat(item.get("number").asString()).isLessThan(previous);
                }
                previous = item.get("number").asString();
                seen.add(item.get("id").asString());
            }
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
        } while (cursor != null);
        assertThat(seen).contains(a.get("id").asString(), b.get("id").asString());
        assertThat(service.get("/api/v1/problems?severity=SEVERE").status()).isEqualTo(400);
    }

    @Test
    void salesReadProblemsButDoNotRecordThemAndFinanceDoesNotSeeThem() {
        var problem = create("Rights " + UUID.randomUUID(), "MAJOR");
        assertThat(sales.get("/api/v1/problems/" + problem.get("id").asString()).status())
                .isEqualTo(200);
        assertThat(sales.post("/api/v1/problems", ApiClient.json(Map.of("title", "x")))
                        .status())
                .isEqualTo(403);
        assertThat(sales.post("/api/v1/problems/" + problem.get("id").asString() + "/hand-off", "{}")
                        .status())
                .isEqualTo(403);
        assertThat(finance.get("/api/v1/problems").status()).isEqualTo(403);
        assertThat(service.delete("/api/v1/problems/" + problem.get("id").asString())
                        .status())
                .isIn(204, 403);
    }

    @Test
    void thePagesListShowRecordAndHandOffAProblem() throws Exception {
        var who = user(userDetails.loadUserByUsername(serviceUser));
        var title = "Page problem <b>" + UUID.randomUUID();
        var created = mvc.perform(post("/problems")
                        .with(who)
                        .with(csrf())
                        .param("title", title)
                        .param("severity", "MAJOR")
                        .param("reproductionSteps", "Step one"))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        var id = created.substring("/problems/".length());
        var page = mvc.perform(get(created).with(who).locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Page problem &lt;b&gt;", "Hand off to product team", "Step one");
        var invalid = mvc.perform(post("/problems")
                        .with(who)
                        .with(csrf())
                        .param("title", "")
                        .locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(invalid).contains("Required.");

        mvc.perform(post("/problems/" + id + "/hand-off").with(who).with(csrf()).param("version", "0"))
                .andExpect(status().is3xxRedirection());
        var list = mvc.perform(get("/problems?status=HANDED_OFF").with(who).locale(Locale.SIMPLIFIED_CHINESE))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(list).contains(id, "已移交");
        mvc.perform(get("/problems/" + id + "/edit").with(who)).andExpect(status().isOk());
    }
}
