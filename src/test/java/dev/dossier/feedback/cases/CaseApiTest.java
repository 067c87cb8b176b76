package dev.dossier.feedback.cases;

import static dev.dossier.db.Tables.FEEDBACK_CASE;
import static dev.dossier.feedback.cases.CaseFixtures.customer;
import static dev.dossier.feedback.cases.CaseFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Cases through the REST API: opening, who sees them, moves and refused moves, queues, messages, versions. */
@DossierTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaseApiTest {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    DSLContext db;

    private UUID team;
    private String agentName;
    private ApiClient seller;
    private ApiClient otherSeller;
    private ApiClient agent;
    private ApiClient colleague;

    @BeforeAll
    void signIn() {
        team = users.team(null);
        agentName = users.createInTeam(team, Role.SERVICE);
        var colleagueName = users.createInTeam(team, Role.SERVICE);
        var sellerName = users.create(Role.SALES);
        seller = new ApiClient(port).signIn(sellerName, TestUsers.PASSWORD);
        otherSeller = new ApiClient(port).signIn(users.create(Role.SALES), TestUsers.PASSWORD);
        agent = new ApiClient(port).signIn(agentName, TestUsers.PASSWORD);
        colleague = new ApiClient(port).signIn(colleagueName, TestUsers.PASSWORD);
    }

    private static Map<String, Object> body(UUID customerId, String title) {
        var body = new LinkedHashMap<String, Object>();
        body.put("customerId", customerId);
        body.put("title", title);
        body.put("description", "The screen flickers after the update.");
        body.put("kind", "DEFECT");
        body.put("priority", "HIGH");
        body.put("tags", List.of("screen", "update"));
        body.put("orderRef", "SO-" + unique());
        return body;
    }

    private JsonNode open(ApiClient api, UUID customerId, String title) {
        var answer = api.post("/api/v1/cases", ApiClient.json(body(customerId, title)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    private ApiClient.Answer move(ApiClient api, String id, Map<String, Object> body) {
        return api.post("/api/v1/cases/" + id + "/transitions", ApiClient.json(body));
    }

    @Test
    void aSellerLogsACaseOnTheirCustomerWhichOtherSellersCannotSeeButTheServiceDeskCan() {
        var customerId = customer(seller, "Api " + unique(), "IMPORTANT");
        var created = open(seller, customerId, "Screen flickers");
        var id = created.get("id").asString();
        assertThat(created.get("number").asString()).matches("C-\\d{6}");
        assertThat(created.get("status").asString()).isEqualTo("NEW");
        assertThat(created.get("channel").asString()).isEqualTo("API");
        assertThat(created.get("customerGrade").asString()).isEqualTo("IMPORTANT");
        assertThat(created.get("tags").toString()).contains("screen", "update");
        assertThat(created.get("allowedMoves").toString()).contains("TRIAGED").doesNotContain("CLOSED");

        assertThat(otherSeller.get("/api/v1/cases/" + id).status()).isEqualTo(404);
        assertThat(otherSeller.get("/api/v1/cases?queue=ALL").body()).doesNotContain(id);
        assertThat(otherSeller
                        .post("/api/v1/cases", ApiClient.json(body(customerId, "Not mine")))
                        .status())
                .isEqualTo(422);
        var seen = agent.get("/api/v1/cases/" + id);
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.header("ETag")).isEqualTo("\"0\"");
        assertThat(agent.get("/api/v1/cases?queue=UNASSIGNED&q=flickers&kind=DEFECT")
                        .body())
                .contains(id);
    }

    @Test
    void aCaseGoesOnlyToSomeoneWhoCanOpenItsCustomerOrWithTheCustomerSharedWithThem() {
        var customerId = customer(seller, "Hand-over " + unique(), "ORDINARY");
        var id = open(agent, customerId, "Wrong invoice").get("id").asString();
        var outsiderName = users.create(Role.SALES);
        var outsider = new ApiClient(port).signIn(outsiderName, TestUsers.PASSWORD);

        // The outsider may work on cases, but cannot open this customer: the case would show what it hides.
        var refused = agent.put(
                "/api/v1/cases/" + id + "/assignment",
                ApiClient.json(Map.of("assigneeId", users.id(outsiderName))),
                "\"0\"");
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.header("Content-Type")).contains("application/problem+json");
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("assigneeId");
        assertThat(refused.json().get("errors").get(0).get("message").asString())
                .startsWith("Test " + outsiderName + " cannot open this customer.");
        var byMove = move(agent, id, Map.of("to", "ASSIGNED", "assigneeId", users.id(outsiderName)));
        assertThat(byMove.status()).as(byMove.body()).isEqualTo(422);
        assertThat(outsider.get("/api/v1/cases/" + id).status()).isEqualTo(404);
        assertThat(outsider.get("/api/v1/cases/" + id + "/messages").status()).isEqualTo(404);

        // Sharing the customer as part of the assignment: on its sharing list, to view.
        var shared = agent.put(
                "/api/v1/cases/" + id + "/assignment",
                ApiClient.json(Map.of("assigneeId", users.id(outsiderName), "shareCustomer", true)),
                "\"0\"");
        assertThat(shared.status()).as(shared.body()).isEqualTo(200);
        assertThat(outsider.get("/api/v1/cases/" + id).status()).isEqualTo(200);
        assertThat(outsider.get("/api/v1/customers/" + customerId).status()).isEqualTo(200);
        var shares = seller.get("/api/v1/customers/" + customerId + "/shares").json();
        assertThat(shares.size()).isEqualTo(1);
        assertThat(shares.get(0).get("userId").asString())
                .isEqualTo(users.id(outsiderName).toString());
        assertThat(shares.get(0).get("canEdit").asBoolean()).isFalse();
    }

    @Test
    void closingAnUnassignedCaseAnswers409AndTheHistoryStaysAsItWas() {
        var customerId = customer(seller, "Refused " + unique(), "ORDINARY");
        var id = open(agent, customerId, "Box dented").get("id").asString();

        var refused = move(agent, id, Map.of("to", "CLOSED"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.header("Content-Type")).contains("application/problem+json");
        assertThat(refused.json().get("type").asString()).isEqualTo("urn:dossier:problem:case-transition");
        assertThat(refused.json().get("detail").asString()).contains("resolved");
        assertThat(refused.json().get("reason").asString()).isEqualTo("cases.transition.close-unresolved");
        assertThat(refused.json().get("status").asInt())
                .as("the HTTP status, once")
                .isEqualTo(409);
        assertThat(refused.json().get("from").asString()).isEqualTo("NEW");
        assertThat(refused.json().get("to").asString()).isEqualTo("CLOSED");
        assertThat(refused.body().split("\"status\"", -1)).hasSize(2);

        var started = move(agent, id, Map.of("action", "start"));
        assertThat(started.status()).isEqualTo(409);
        assertThat(started.json().get("detail").asString()).contains("Assign");

        var history = agent.get("/api/v1/cases/" + id + "/transitions").json();
        assertThat(history).hasSize(1);
        assertThat(agent.get("/api/v1/cases/" + id).json().get("version").asInt())
                .isZero();
    }

    @Test
    void aCaseIsWorkedThroughTheApiWithVersionsChecked() {
        var customerId = customer(seller, "Worked " + unique(), "VIP");
        var id = open(agent, customerId, "App crashes").get("id").asString();

        var triaged = move(agent, id, Map.of("to", "TRIAGED", "priority", "URGENT", "category", "App"));
        assertThat(triaged.status()).as(triaged.body()).isEqualTo(200);
        assertThat(triaged.json().get("priority").asString()).isEqualTo("URGENT");
        assertThat(triaged.header("ETag")).isEqualTo("\"1\"");

        var stale = agent.put(
                "/api/v1/cases/" + id + "/assignment",
                ApiClient.json(Map.of("assigneeId", users.id(agentName))),
                "\"0\"");
        assertThat(stale.status()).isEqualTo(412);
        var assigned =
                agent.put("/api/v1/cases/" + id + "/assignment", ApiClient.json(Map.of("teamId", team)), "\"1\"");
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        assertThat(assigned.json().get("status").asString()).isEqualTo("ASSIGNED");
        assertThat(colleague.get("/api/v1/cases?queue=TEAM").body()).contains(id);

        var reply = agent.post(
                "/api/v1/cases/" + id + "/messages",
                ApiClient.json(Map.of("kind", "REPLY", "body", "We are looking into it.")));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        agent.post(
                "/api/v1/cases/" + id + "/messages",
                ApiClient.json(Map.of("kind", "INTERNAL", "body", "Crash log attached in Jira.")));
        var messages = agent.get("/api/v1/cases/" + id + "/messages").json();
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).get("kind").asString()).isEqualTo("REPLY");
        assertThat(agent.get("/api/v1/cases/" + id)
                        .json()
                        .get("firstRespondedAt")
                        .isNull())
                .isFalse();

        var badKind =
                agent.post("/api/v1/cases/" + id + "/messages", ApiClient.json(Map.of("kind", "SHOUT", "body", "x")));
        assertThat(badKind.status()).isEqualTo(422);

        assertThat(move(agent, id, Map.of("to", "RESOLVED", "comment", "Fixed in 2.1"))
                        .status())
                .isEqualTo(200);
        assertThat(move(agent, id, Map.of("to", "CLOSED")).status()).isEqualTo(200);
        var reopenWithoutReason = move(agent, id, Map.of("action", "reopen"));
        assertThat(reopenWithoutReason.status()).isEqualTo(422);
        var reopened = move(agent, id, Map.of("to", "IN_PROGRESS", "comment", "Crashes again"));
        assertThat(reopened.status()).as(reopened.body()).isEqualTo(200);
        assertThat(reopened.json().get("status").asString()).isEqualTo("ASSIGNED");
        assertThat(reopened.json().get("reopenCount").asInt()).isEqualTo(1);

        var history = agent.get("/api/v1/cases/" + id + "/transitions").json();
        var moves = new ArrayList<String>();
        history.forEach(h -> moves.add(h.get("to").asString()));
        assertThat(moves).containsExactly("NEW", "TRIAGED", "ASSIGNED", "RESOLVED", "CLOSED", "ASSIGNED");
    }

    @Test
    void queuesPageByCursorAndShowTheSlaOfEachCase() {
        var customerId = customer(seller, "Queue " + unique(), "ORDINARY");
        var marker = "Queue marker " + unique();
        var ids = new ArrayList<String>();
        for (int i = 0; i < 5; i++) {
            ids.add(open(agent, customerId, marker + " " + i).get("id").asString());
        }
        var now = TestClock.utcNow();
        // Only the resolution counts here, whatever an SLA policy planned.
        db.update(FEEDBACK_CASE)
                .setNull(FEEDBACK_CASE.FIRST_RESPONSE_DUE_AT)
                .setNull(FEEDBACK_CASE.RESOLUTION_DUE_AT)
                .where(FEEDBACK_CASE.TITLE.startsWith(marker))
                .execute();
        db.update(FEEDBACK_CASE)
                .set(FEEDBACK_CASE.RESOLUTION_DUE_AT, now.minusHours(2))
                .where(FEEDBACK_CASE.ID.eq(UUID.fromString(ids.get(0))))
                .execute();
        db.update(FEEDBACK_CASE)
                .set(FEEDBACK_CASE.RESOLUTION_DUE_AT, now.plusHours(1))
                .where(FEEDBACK_CASE.ID.eq(UUID.fromString(ids.get(1))))
                .execute();
        db.update(FEEDBACK_CASE)
                .set(FEEDBACK_CASE.RESOLUTION_DUE_AT, now.plusDays(3))
                .where(FEEDBACK_CASE.ID.eq(UUID.fromString(ids.get(2))))
                .execute();

        var seen = new ArrayList<String>();
        String cursor = null;
        do {
            var page = agent.get("/api/v1/cases?queue=ALL&limit=2&q=" + marker.replace(" ", "%20")
                            + (cursor == null ? "" : "&cursor=" + cursor))
                    .json();
            page.get("items").forEach(item -> seen.add(item.get("id").asString()));
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
        } while (cursor != null);
        assertThat(seen).hasSize(5).doesNotHaveDuplicates();
        assertThat(seen.subList(0, 3)).containsExactly(ids.get(0), ids.get(1), ids.get(2));

        var breached = agent.get("/api/v1/cases?queue=BREACHED&q=" + marker.replace(" ", "%20"))
                .json();
        assertThat(breached.get("items")).hasSize(1);
        assertThat(breached.get("items").get(0).get("sla").get("status").asString())
                .isEqualTo("BREACHED");
        var soon = agent.get("/api/v1/cases?queue=BREACHING&q=" + marker.replace(" ", "%20"))
                .json();
        assertThat(soon.get("items")).hasSize(1);
        assertThat(soon.get("items").get(0).get("sla").get("status").asString()).isEqualTo("WARNING");
        // A policy with a longer warning time warned about the case due in three days: it is breaching soon too.
        db.update(FEEDBACK_CASE)
                .set(FEEDBACK_CASE.WARNED_AT, now)
                .where(FEEDBACK_CASE.ID.eq(UUID.fromString(ids.get(2))))
                .execute();
        var warned = agent.get("/api/v1/cases?queue=BREACHING&q=" + marker.replace(" ", "%20"))
                .json();
        assertThat(warned.get("items"))
                .extracting(item -> item.get("id").asString())
                .containsExactly(ids.get(1), ids.get(2));

        var newest = agent.get("/api/v1/cases?queue=ALL&sort=CREATED&limit=2&q=" + marker.replace(" ", "%20"))
                .json();
        assertThat(newest.get("items").get(0).get("id").asString()).isEqualTo(ids.get(4));
        assertThat(agent.get("/api/v1/cases?queue=NOPE").status()).isEqualTo(400);
    }

    @Test
    void everyStepIsInTheAuditTrailAndTheApiIsDocumented() throws InterruptedException {
        var customerId = customer(seller, "Audited " + unique(), "ORDINARY");
        var id = open(agent, customerId, "Audited case").get("id").asString();
        agent.put("/api/v1/cases/" + id + "/assignment", ApiClient.json(Map.of("teamId", team)), "\"0\"");
        agent.post("/api/v1/cases/" + id + "/messages", ApiClient.json(Map.of("kind", "REPLY", "body", "Hello")));
        agent.post("/api/v1/cases/" + id + "/messages", ApiClient.json(Map.of("kind", "INTERNAL", "body", "Hm")));
        move(agent, id, Map.of("to", "RESOLVED"));
        var admin = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        var expected = List.of("case.opened", "case.assigned", "case.replied", "case.noted", "case.transitioned");
        var trail = org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(
                        () -> admin.get("/api/v1/audit?subjectId=" + id + "&limit=50")
                                .body(),
                        body -> expected.stream().allMatch(body::contains));
        assertThat(trail).contains(expected).doesNotContain("Hello");

        var docs = admin.get("/v3/api-docs").body();
        assertThat(docs)
                .contains(
                        "/api/v1/cases/{id}/transitions",
                        "/api/v1/cases/{id}/assignment",
                        "/api/v1/cases/{id}/messages",
                        "\"Cases\"");
    }

    @Test
    void badPayloadsAreRefusedWithTheFieldsNamed() {
        var answer = agent.post("/api/v1/cases", ApiClient.json(Map.of("title", "", "kind", "RANT")));
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.json().get("errors").toString()).contains("customerId", "title", "kind");
    }
}
