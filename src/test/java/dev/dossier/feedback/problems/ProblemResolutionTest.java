package dev.dossier.feedback.problems;

import static dev.dossier.db.Tables.AUDIT_ENTRY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.dossier.DossierTest;
import dev.dossier.feedback.hooks.WebhookSignature;
import dev.dossier.identity.Role;
import dev.dossier.shared.CustomerEmailRequested;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * From many reports to one fix and back: cases of two customers grouped into a problem, the tracker marks it fixed
 * through the signed inbound webhook, and resolving the linked cases resolves each (with its transition recorded) and
 * asks for an email to each customer. A case that cannot be resolved leaves the others resolved.
 */
@DossierTest
@AutoConfigureMockMvc
@Import(ProblemResolutionTest.Emails.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProblemResolutionTest {

    /** Every customer email asked for. */
    @TestConfiguration
    static class Emails {
        final List<CustomerEmailRequested> requested = new CopyOnWriteArrayList<>();

        @EventListener
        void on(CustomerEmailRequested email) {
            requested.add(email);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    DSLContext db;

    @Autowired
    Emails emails;

    @Autowired
    MockMvc mvc;

    @Autowired
    UserDetailsService userDetails;

    private String agentName;

    private ApiClient agent;
    private ApiClient anonymous;
    private UUID agentId;
    private String secret;

    @BeforeAll
    void setUp() {
        var admin = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        secret = admin.post("/api/v1/webhooks/inbound", ApiClient.json(Map.of("name", "GitHub")))
                .json()
                .get("secret")
                .asString();
        // A service agent who also looks after customers of their own.
        var name = users.create(Role.SERVICE, Role.SALES);
        agentName = name;
        agentId = users.id(name);
        agent = new ApiClient(port).signIn(name, TestUsers.PASSWORD);
        anonymous = new ApiClient(port);
    }

    private UUID customer(String name, String email) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "INDIVIDUAL");
        body.put("name", name);
        body.put("grade", "ORDINARY");
        var random = ThreadLocalRandom.current();
        body.put(
                "phones",
                List.of(Map.of(
                        "number",
                        "13" + (5 + random.nextInt(5)) + String.format("%08d", random.nextInt(100_000_000)))));
        body.put("emails", List.of(Map.of("type", "WORK", "address", email)));
        var answer = agent.post("/api/v1/customers", ApiClient.json(body));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return UUID.fromString(answer.json().get("id").asString());
    }

    /** A defect report of the customer, assigned to the agent unless {@code assigned} is false. */
    private JsonNode report(UUID customerId, String title, String reporterEmail, boolean assigned) {
        var body = new LinkedHashMap<String, Object>();
        body.put("customerId", customerId);
        body.put("title", title);
        body.put("kind", "DEFECT");
        body.put("priority", "NORMAL");
        if (reporterEmail != null) {
            body.put("reporterEmail", reporterEmail);
        }
        var made = agent.post("/api/v1/cases", ApiClient.json(body));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        if (!assigned) {
            return made.json();
        }
        var id = made.json().get("id").asString();
        var assignedCase = agent.put(
                "/api/v1/cases/" + id + "/assignment",
                ApiClient.json(Map.of(
                        "assigneeId",
                        agentId,
                        "version",
                        made.json().get("version").asInt())),
                null);
        assertThat(assignedCase.status()).as(assignedCase.body()).isEqualTo(200);
        return assignedCase.json();
    }

    private JsonNode problem(String title) {
        var made = agent.post("/api/v1/problems", ApiClient.json(Map.of("title", title, "severity", "MAJOR")));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        return made.json();
    }

    private void link(String problemId, Map<String, Object> body) {
        var linked = agent.post("/api/v1/problems/" + problemId + "/cases", ApiClient.json(body));
        assertThat(linked.status()).as(linked.body()).isEqualTo(200);
    }

    private void fixedByTracker(String number) {
        var body = ApiClient.json(Map.of(
                "problem", number, "status", "FIXED", "external_ref", "acme/app#7", "fixed_in_version", "2.4.1"));
        var ts = Long.toString(TestClock.now().getEpochSecond());
        var answer = anonymous.send(HttpRequest.newBuilder(URI.create(anonymous.url("/api/v1/hooks/problems")))
                .header("Content-Type", "application/json")
                .header(WebhookSignature.TIMESTAMP_HEADER, ts)
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, ts, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    private ApiClient.Answer resolve(String problemId, String note) {
        return agent.post(
                "/api/v1/problems/" + problemId + "/case-resolution", ApiClient.json(Map.of("resolution", note)));
    }

    @Test
    void threeReportsOfTwoCustomersAreResolvedTogetherOnceTheTrackerFixesTheProblem() throws Exception {
        var tag = UUID.randomUUID().toString().substring(0, 8);
        var alice = customer("Alice " + tag, "alice-" + tag + "@example.com");
        var bob = customer("Bob " + tag, "bob-" + tag + "@example.com");
        var a1 = report(alice, "App crashes on start " + tag, null, true);
        var a2 = report(alice, "Crash again " + tag, null, true);
        var b1 = report(bob, "Cannot open the app " + tag, "bob.reporter-" + tag + "@example.com", true);
        var problem = problem("Crash on start " + tag);
        var problemId = problem.get("id").asString();

        link(problemId, Map.of("caseId", a1.get("id").asString()));
        link(problemId, Map.of("caseNumber", a2.get("number").asString()));
        link(problemId, Map.of("caseId", b1.get("id").asString()));
        var grouped = agent.get("/api/v1/problems/" + problemId + "/cases").json();
        assertThat(grouped.get("counts").get("cases").asInt()).isEqualTo(3);
        assertThat(grouped.get("counts").get("customers").asInt()).isEqualTo(2);
        assertThat(grouped.get("counts").get("activeCases").asInt()).isEqualTo(3);
        assertThat(grouped.get("cases")).hasSize(3);
        assertThat(agent.get("/api/v1/cases/" + a1.get("id").asString())
                        .json()
                        .get("problemId")
                        .asString())
                .isEqualTo(problemId);

        var who = user(userDetails.loadUserByUsername(agentName));
        var page = mvc.perform(get("/problems/" + problemId)
                        .param("q", "Crash")
                        .with(who)
                        .locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains(
                        "3 case(s) from 2 customer(s); 3 still open.",
                        "Alice " + tag,
                        "Bob " + tag,
                        a2.get("number").asString());
        assertThat(page).doesNotContain("Resolve linked cases and notify customers");

        var early = resolve(problemId, "Fixed");
        assertThat(early.status()).as("not fixed yet").isEqualTo(422);
        assertThat(agent.get("/api/v1/cases/" + a1.get("id").asString())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("ASSIGNED");

        fixedByTracker(problem.get("number").asString());
        assertThat(agent.get("/api/v1/problems/" + problemId)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("FIXED");

        var fixedPage = mvc.perform(get("/problems/" + problemId).with(who).locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(fixedPage).contains("Resolve linked cases and notify customers", "has been fixed.");

        var note = "The crash on start is fixed in version 2.4.1; please update the app.";
        var result = resolve(problemId, note);
        assertThat(result.status()).as(result.body()).isEqualTo(200);
        assertThat(result.json().get("resolved").asInt()).isEqualTo(3);
        assertThat(result.json().get("failed").asInt()).isZero();
        assertThat(result.json().get("emailed").asInt()).isEqualTo(3);

        for (var c : List.of(a1, a2, b1)) {
            var id = c.get("id").asString();
            var now = agent.get("/api/v1/cases/" + id).json();
            assertThat(now.get("status").asString()).isEqualTo("RESOLVED");
            assertThat(now.get("resolution").asString()).isEqualTo(note);
            var transitions = agent.get("/api/v1/cases/" + id + "/transitions").json();
            var last = transitions.get(transitions.size() - 1);
            assertThat(last.get("from").asString()).isEqualTo("ASSIGNED");
            assertThat(last.get("to").asString()).isEqualTo("RESOLVED");
            assertThat(last.get("actorId").asString()).isEqualTo(agentId.toString());
        }

        var mine = emails.requested.stream()
                .filter(e -> e.key().startsWith("problem-fixed:" + problemId))
                .toList();
        assertThat(mine).hasSize(3);
        assertThat(mine)
                .extracting(CustomerEmailRequested::to)
                .containsExactlyInAnyOrder(
                        "alice-" + tag + "@example.com",
                        "alice-" + tag + "@example.com",
                        "bob.reporter-" + tag + "@example.com");
        assertThat(mine).extracting(CustomerEmailRequested::customerId).containsOnly(alice, bob);
        assertThat(mine).allSatisfy(e -> assertThat(e.args()).contains(note, "2.4.1"));
        // A notice that the defect they reported is fixed is about their own case: it needs no consent.
        assertThat(mine).extracting(CustomerEmailRequested::purpose).containsOnlyNulls();
        assertThat(mine.stream().map(e -> e.args().getFirst()))
                .containsExactlyInAnyOrder(
                        a1.get("number").asString(),
                        a2.get("number").asString(),
                        b1.get("number").asString());

        // Nothing is left to resolve: a second press resolves nothing and sends nothing.
        var again = resolve(problemId, note);
        assertThat(again.json().get("resolved").asInt()).isZero();
        assertThat(emails.requested.stream().filter(e -> e.key().startsWith("problem-fixed:" + problemId)))
                .hasSize(3);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> db.fetchCount(
                                AUDIT_ENTRY,
                                AUDIT_ENTRY
                                        .SUBJECT_ID
                                        .eq(UUID.fromString(problemId))
                                        .and(AUDIT_ENTRY.ACTION.eq("problem.status-changed")))
                        == 1);
        assertThat(db.fetchCount(
                        AUDIT_ENTRY,
                        AUDIT_ENTRY
                                .SUBJECT_ID
                                .eq(UUID.fromString(problemId))
                                .and(AUDIT_ENTRY.ACTION.eq("problem.reported"))))
                .isEqualTo(1);
    }

    @Test
    void aCaseThatCannotBeResolvedLeavesTheOthersResolved() {
        var tag = UUID.randomUUID().toString().substring(0, 8);
        var carol = customer("Carol " + tag, "carol-" + tag + "@example.com");
        var ready = report(carol, "Printing fails " + tag, null, true);
        var untriaged = report(carol, "Printer broken " + tag, null, false);
        var problem = problem("Printing " + tag);
        var problemId = problem.get("id").asString();
        link(problemId, Map.of("caseId", ready.get("id").asString()));
        link(problemId, Map.of("caseId", untriaged.get("id").asString()));
        var moved = agent.post("/api/v1/problems/" + problemId + "/status", ApiClient.json(Map.of("status", "FIXED")));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);

        var result = resolve(problemId, "Printing works again.").json();
        assertThat(result.get("resolved").asInt()).isEqualTo(1);
        assertThat(result.get("failed").asInt()).isEqualTo(1);
        var failure = result.get("failures").get(0);
        assertThat(failure.get("caseId").asString())
                .isEqualTo(untriaged.get("id").asString());
        assertThat(failure.get("number").asString())
                .isEqualTo(untriaged.get("number").asString());
        assertThat(failure.get("reason").asString()).startsWith("cases.transition.");
        assertThat(failure.get("message").asString())
                .as("says why in words")
                .isNotBlank()
                .doesNotStartWith("cases.transition.");
        assertThat(agent.get("/api/v1/cases/" + ready.get("id").asString())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("RESOLVED");
        assertThat(agent.get("/api/v1/cases/" + untriaged.get("id").asString())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("NEW");
        var counts =
                agent.get("/api/v1/problems/" + problemId + "/cases").json().get("counts");
        assertThat(counts.get("activeCases").asInt()).isEqualTo(1);
    }
}
