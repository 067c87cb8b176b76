package dev.dossier.tasks;

import static dev.dossier.db.Tables.AUDIT_ENTRY;
import static dev.dossier.db.Tables.TASK;
import static dev.dossier.tasks.TaskFixtures.aTask;
import static dev.dossier.tasks.TaskFixtures.customer;
import static dev.dossier.tasks.TaskFixtures.inHours;
import static dev.dossier.tasks.TaskFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Tasks through the REST API: creating, seeing, completing (recurring and with an interaction), lists, programmes. */
@DossierTest
@AutoConfigureMockMvc
@Import(TaskTestConfig.class)
@TestPropertySource(properties = "dossier.tasks.reminder-poll=1s")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("clock")
class TaskApiTest {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    DSLContext db;

    @Autowired
    TaskTestConfig.Notices notices;

    private UUID teamA;
    private UUID teamB;
    private String salesA;
    private String salesA2;
    private String salesB;
    private ApiClient a;
    private ApiClient a2;
    private ApiClient b;
    private ApiClient admin;

    @BeforeAll
    void signIn() {
        teamA = users.team(null);
        teamB = users.team(null);
        salesA = users.createInTeam(teamA, Role.SALES);
        salesA2 = users.createInTeam(teamA, Role.SALES);
        salesB = users.createInTeam(teamB, Role.SALES);
        a = new ApiClient(port).signIn(salesA, TestUsers.PASSWORD);
        a2 = new ApiClient(port).signIn(salesA2, TestUsers.PASSWORD);
        b = new ApiClient(port).signIn(salesB, TestUsers.PASSWORD);
        admin = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
    }

    @Test
    void aDueTimeInThePastIsRefusedUnlessTheTaskIsRecordedAsDone() {
        var refused = aTask("Call back " + unique()).due(inHours(-3)).post(a);
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("errors").toString()).contains("dueAt", "in the past");

        var recorded = aTask("Called back " + unique())
                .due(inHours(-3))
                .with("status", "DONE")
                .create(a);
        assertThat(recorded.get("status").asString()).isEqualTo("DONE");
        assertThat(recorded.get("completedAt").isNull()).isFalse();
    }

    @Test
    void aTaskAboutACustomerIsHiddenFromWhoeverDoesNotReachItButItsAssigneeSeesIt() {
        var customerId = customer(a, "Reach " + unique(), "ORDINARY");
        var mine = aTask("Prepare offer").aboutCustomer(customerId).create(a);
        assertThat(mine.get("customerId").asString()).isEqualTo(customerId);
        assertThat(mine.get("subject").asString()).isEqualTo("customer:" + customerId);

        var hidden = b.get("/api/v1/tasks/" + mine.get("id").asString());
        assertThat(hidden.status()).as(hidden.body()).isEqualTo(404);
        assertThat(b.get("/api/v1/tasks?view=ALL").body())
                .doesNotContain(mine.get("id").asString());

        // B cannot open the customer, so the task cannot go to B unless the customer is shared with B with it.
        var refused = aTask("Check the contract")
                .aboutCustomer(customerId)
                .with("assigneeId", users.id(salesB))
                .post(a);
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("assigneeId");
        assertThat(refused.json().get("errors").get(0).get("message").asString())
                .startsWith("Test " + salesB + " cannot open this customer.");
        assertThat(b.get("/api/v1/tasks?view=MINE").body()).doesNotContain("Check the contract");

        var given = aTask("Check the contract")
                .aboutCustomer(customerId)
                .with("assigneeId", users.id(salesB))
                .sharingTheCustomer()
                .create(a);
        var seen = b.get("/api/v1/tasks/" + given.get("id").asString());
        assertThat(seen.status()).as(seen.body()).isEqualTo(200);
        assertThat(seen.header("ETag")).isEqualTo("\"0\"");
        assertThat(b.get("/api/v1/tasks?view=MINE").body())
                .contains(given.get("id").asString());
        // The share is on the customer's sharing list, to view: B now opens the customer too.
        var shares = a.get("/api/v1/customers/" + customerId + "/shares").json();
        assertThat(shares.size()).isEqualTo(1);
        assertThat(shares.get(0).get("userId").asString())
                .isEqualTo(users.id(salesB).toString());
        assertThat(shares.get(0).get("canEdit").asBoolean()).isFalse();
        assertThat(b.get("/api/v1/customers/" + customerId).status()).isEqualTo(200);
        await().untilAsserted(() -> assertThat(db.fetchCount(
                        AUDIT_ENTRY,
                        AUDIT_ENTRY
                                .ACTION
                                .eq("record.shared")
                                .and(AUDIT_ENTRY.SUBJECT_ID.eq(UUID.fromString(customerId)))))
                .isEqualTo(1));

        // Giving it to someone else told them, once, with a link to the task.
        var told = notices.withKeyStarting("task-assigned:" + given.get("id").asString());
        assertThat(told).hasSize(1);
        assertThat(told.getFirst().recipients()).containsExactly(users.id(salesB));
        assertThat(told.getFirst().args()).contains("Check the contract");
        assertThat(told.getFirst().link()).isEqualTo("/tasks/" + given.get("id").asString());
        assertThat(notices.withKeyStarting("task-assigned:" + mine.get("id").asString()))
                .isEmpty();

        // A personal to-do is seen by its creator only.
        var todo = aTask("Renew my badge").create(a);
        assertThat(todo.get("customerId").isNull()).isTrue();
        assertThat(a2.get("/api/v1/tasks/" + todo.get("id").asString()).status())
                .isEqualTo(404);
    }

    @Test
    void workAboutACustomerGoesOnlyToThoseWhoCanOpenItByTheSameRuleAsAMention() {
        var customerId = customer(a, "Queue " + unique(), "ORDINARY");
        // A team queue: every member of the team must reach the customer.
        var queued = aTask("For team B")
                .aboutCustomer(customerId)
                .with("teamId", teamB)
                .post(a);
        assertThat(queued.status()).as(queued.body()).isEqualTo(422);
        assertThat(queued.json().get("errors").get(0).get("field").asString()).isEqualTo("assigneeId");

        // Moving one's own task to someone out of reach is refused as well, and changes nothing.
        var task = aTask("Mine first " + unique()).aboutCustomer(customerId).create(a);
        var moved = a.put(
                "/api/v1/tasks/" + task.get("id").asString(),
                aTask("Mine first")
                        .aboutCustomer(customerId)
                        .with("assigneeId", users.id(salesB))
                        .json(),
                "\"0\"");
        assertThat(moved.status()).as(moved.body()).isEqualTo(422);
        assertThat(b.get("/api/v1/tasks/" + task.get("id").asString()).status()).isEqualTo(404);

        // The same words as for a mention of the same user in a comment on the customer.
        var mention = a.post(
                "/api/v1/comments",
                ApiClient.json(Map.of("subject", "customer:" + customerId, "body", "@" + salesB + " have a look")));
        assertThat(mention.status()).as(mention.body()).isEqualTo(422);
        assertThat(mention.json().get("errors").get(0).get("message").asString())
                .isEqualTo(moved.json()
                        .get("errors")
                        .get(0)
                        .get("message")
                        .asString()
                        .replace("Test " + salesB, "@" + salesB));

        // Shared with the team as part of the hand-over, the queue takes it.
        var shared = aTask("For team B")
                .aboutCustomer(customerId)
                .with("teamId", teamB)
                .sharingTheCustomer()
                .create(a);
        assertThat(b.get("/api/v1/tasks/" + shared.get("id").asString()).status())
                .isEqualTo(200);
        assertThat(b.get("/api/v1/customers/" + customerId).status()).isEqualTo(200);
        assertThat(a.get("/api/v1/customers/" + customerId + "/shares")
                        .json()
                        .get(0)
                        .get("teamId")
                        .asString())
                .isEqualTo(teamB.toString());
    }

    @Test
    void completingARecurringTaskTwiceAtOnceCreatesExactlyOneNextTask() throws Exception {
        var due = inHours(48);
        var task = aTask("Quarterly check " + unique())
                .due(due)
                .with("recurrence", "freq=daily;interval=90")
                .create(a);
        assertThat(task.get("recurrence").asString()).isEqualTo("FREQ=DAILY;INTERVAL=90");
        var id = task.get("id").asString();

        var barrier = new CyclicBarrier(2);
        var pool = Executors.newFixedThreadPool(2);
        var answers = new ArrayList<Future<ApiClient.Answer>>();
        for (var client : List.of(a, new ApiClient(port).withToken(a.token()))) {
            answers.add(pool.submit(() -> {
                barrier.await();
                return client.post("/api/v1/tasks/" + id + "/completion", "{\"version\":0}");
            }));
        }
        var statuses = new ArrayList<Integer>();
        for (var answer : answers) {
            statuses.add(answer.get().status());
        }
        pool.shutdown();
        assertThat(statuses)
                .as("one completes it, the other finds it done or stale")
                .contains(200)
                .allMatch(s -> s == 200 || s == 409);

        var next = db.selectFrom(TASK)
                .where(TASK.PREVIOUS_TASK_ID.eq(UUID.fromString(id)))
                .fetch();
        assertThat(next).hasSize(1);
        assertThat(next.getFirst().getDueAt().toInstant())
                .isEqualTo(due.plusDays(90).toInstant());
        assertThat(next.getFirst().getStatus()).isEqualTo("OPEN");
        assertThat(next.getFirst().getRecurrence()).isEqualTo("FREQ=DAILY;INTERVAL=90");

        // Completing it again later changes nothing.
        var again = a.post("/api/v1/tasks/" + id + "/completion", "{}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("alreadyDone").asBoolean()).isTrue();
        assertThat(db.fetchCount(TASK, TASK.PREVIOUS_TASK_ID.eq(UUID.fromString(id))))
                .isEqualTo(1);
    }

    @Test
    void aMalformedRecurrenceIsAClearError() {
        var answer = aTask("Bad rule").with("recurrence", "every 90 days").post(a);
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.json().get("errors").toString()).contains("recurrence", "FREQ=DAILY;INTERVAL=90");
    }

    @Test
    void nothingIsSavedWhenTheInteractionLoggedWithACompletionIsInvalid() {
        var customerId = customer(a, "Follow " + unique(), "IMPORTANT");
        var task = aTask("Follow up the quote")
                .aboutCustomer(customerId)
                .with("kind", "FOLLOW_UP")
                .create(a);
        var id = task.get("id").asString();
        int before = db.fetchCount(db.selectFrom("interaction"));

        var bad = a.post(
                "/api/v1/tasks/" + id + "/completion",
                ApiClient.json(Map.of(
                        "version",
                        0,
                        "interaction",
                        Map.of("channel", "CALL", "direction", "OUTBOUND", "outcome", "REACHED", "summary", " "))));
        assertThat(bad.status()).as(bad.body()).isEqualTo(422);
        assertThat(bad.json().get("errors").toString()).contains("interaction.summary");
        var unchanged = a.get("/api/v1/tasks/" + id).json();
        assertThat(unchanged.get("status").asString()).isEqualTo("OPEN");
        assertThat(unchanged.get("version").asInt()).isZero();
        assertThat(db.fetchCount(db.selectFrom("interaction"))).isEqualTo(before);

        var good = a.post(
                "/api/v1/tasks/" + id + "/completion",
                ApiClient.json(Map.of(
                        "version",
                        0,
                        "interaction",
                        Map.of(
                                "channel",
                                "CALL",
                                "direction",
                                "OUTBOUND",
                                "outcome",
                                "REACHED",
                                "summary",
                                "Agreed on the price",
                                "satisfaction",
                                4,
                                "followUpSucceeded",
                                true))));
        assertThat(good.status()).as(good.body()).isEqualTo(200);
        assertThat(good.json().get("interactionId").isNull()).isFalse();
        assertThat(good.json().get("task").get("status").asString()).isEqualTo("DONE");
        var entry = a.get("/api/v1/interactions/"
                        + good.json().get("interactionId").asString())
                .json();
        assertThat(entry.get("taskId").asString()).isEqualTo(id);
        assertThat(entry.get("customerId").asString()).isEqualTo(customerId);
        assertThat(entry.get("followUpSucceeded").asBoolean()).isTrue();
    }

    @Test
    void theListsShowOverdueThisWeekAndTheTeamsTasks() {
        var overdue = aTask("Overdue " + unique()).due(inHours(2)).create(a);
        db.update(TASK)
                .set(TASK.DUE_AT, TestClock.utcNow().minusDays(2))
                .where(TASK.ID.eq(UUID.fromString(overdue.get("id").asString())))
                .execute();
        var later = aTask("Next month " + unique()).due(inHours(24 * 40)).create(a);
        var queued = aTask("For the team " + unique()).with("teamId", teamA).create(a2);
        var elsewhere = aTask("Other team " + unique()).create(b);

        var overdueList = a.get("/api/v1/tasks?view=OVERDUE").json();
        assertThat(ids(overdueList))
                .contains(overdue.get("id").asString())
                .doesNotContain(later.get("id").asString());
        assertThat(overdueList.get("items").get(0).get("overdue").asBoolean()).isTrue();

        // Which days count as this week is proven at fixed instants in TaskWeekBoundariesTest.
        var thisWeek = ids(a.get("/api/v1/tasks?view=WEEK").json());
        assertThat(thisWeek).doesNotContain(later.get("id").asString());

        var team = ids(a.get("/api/v1/tasks?view=TEAM&limit=200").json());
        assertThat(team)
                .contains(queued.get("id").asString(), overdue.get("id").asString())
                .doesNotContain(elsewhere.get("id").asString());
        assertThat(a.get("/api/v1/tasks/" + queued.get("id").asString()).status())
                .as("the team queue is seen by the team")
                .isEqualTo(200);
        assertThat(b.get("/api/v1/tasks/" + queued.get("id").asString()).status())
                .isEqualTo(404);

        // Keyset paging walks the whole list once.
        var seen = new ArrayList<String>();
        String cursor = null;
        do {
            var page = a.get("/api/v1/tasks?view=ALL&status=ANY&limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
                    .json();
            seen.addAll(ids(page));
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
        } while (cursor != null);
        assertThat(seen)
                .doesNotHaveDuplicates()
                .contains(overdue.get("id").asString(), later.get("id").asString());
    }

    @Test
    void editingNeedsTheVersionReadAndDeletingHidesTheTask() {
        var task = aTask("Edit me " + unique())
                .with("assigneeId", users.id(salesA2))
                .create(a);
        var id = task.get("id").asString();
        var body = aTask("Edited").due(inHours(30)).with("priority", "URGENT").json();
        var first = a.put("/api/v1/tasks/" + id, body, "\"0\"");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("priority").asString()).isEqualTo("URGENT");
        assertThat(first.json().get("assigneeId").asString())
                .as("a change keeps the assignee")
                .isEqualTo(users.id(salesA2).toString());
        assertThat(a.put("/api/v1/tasks/" + id, body, "\"0\"").status()).isEqualTo(412);
        assertThat(a.delete("/api/v1/tasks/" + id).status()).isEqualTo(204);
        assertThat(a.get("/api/v1/tasks/" + id).status()).isEqualTo(404);
    }

    @Test
    void runningAProgrammeTwiceGivesEachMatchingCustomerOneTask() {
        var vip1 = customer(a, "VIP one " + unique(), "VIP");
        var vip2 = customer(b, "VIP two " + unique(), "VIP");
        var ordinary = customer(a, "Ordinary " + unique(), "ORDINARY");
        var defined = admin.post(
                "/api/v1/tasks/programmes",
                ApiClient.json(Map.of(
                        "name",
                        "Revisit VIPs " + unique(),
                        "title",
                        "Visit the customer",
                        "grades",
                        List.of("VIP"),
                        "recurrence",
                        "FREQ=DAILY;INTERVAL=90")));
        assertThat(defined.status()).as(defined.body()).isEqualTo(201);
        var programme = UUID.fromString(defined.json().get("id").asString());

        var first = admin.post("/api/v1/tasks/programmes/" + programme + "/runs", "");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("tasksCreated").asInt()).isGreaterThanOrEqualTo(2);
        var second = admin.post("/api/v1/tasks/programmes/" + programme + "/runs", "");
        assertThat(second.json().get("tasksCreated").asInt()).isZero();

        for (var customerId : List.of(vip1, vip2)) {
            var rows = db.selectFrom(TASK)
                    .where(TASK.PROGRAMME_ID.eq(programme))
                    .and(TASK.CUSTOMER_ID.eq(UUID.fromString(customerId)))
                    .fetch();
            assertThat(rows).hasSize(1);
            assertThat(rows.getFirst().getKind()).isEqualTo("FOLLOW_UP");
        }
        assertThat(db.fetchCount(
                        TASK, TASK.PROGRAMME_ID.eq(programme).and(TASK.CUSTOMER_ID.eq(UUID.fromString(ordinary)))))
                .isZero();
        // Each went to the customer's owner, who finds it in their list.
        assertThat(b.get("/api/v1/tasks?view=MINE&limit=200").body()).contains("Visit the customer");
        var vip2Task = db.selectFrom(TASK)
                .where(TASK.PROGRAMME_ID.eq(programme))
                .and(TASK.CUSTOMER_ID.eq(UUID.fromString(vip2)))
                .fetchOne();
        assertThat(vip2Task.getAssigneeId()).isEqualTo(users.id(salesB));

        // Completing one plans the next; the programme does not add a second.
        assertThat(b.post("/api/v1/tasks/" + vip2Task.getId() + "/completion", "{}")
                        .status())
                .isEqualTo(200);
        assertThat(admin.post("/api/v1/tasks/programmes/" + programme + "/runs", "")
                        .json()
                        .get("tasksCreated")
                        .asInt())
                .isZero();
        assertThat(a.post("/api/v1/tasks/programmes", "{}").status())
                .as("sales may not define programmes")
                .isEqualTo(403);
    }

    @Test
    void aTaskAboutATaskBelongsToTheSameCustomerAndTheApiIsDocumented() {
        var customerId = customer(a, "Nested " + unique(), "ORDINARY");
        var parent = aTask("Prepare the visit").aboutCustomer(customerId).create(a);
        var child = aTask("Book the meeting room")
                .about("task:" + parent.get("id").asString())
                .create(a);
        assertThat(child.get("customerId").asString()).isEqualTo(customerId);
        assertThat(aTask("About nothing known")
                        .about("task:" + UUID.randomUUID())
                        .post(a)
                        .status())
                .isEqualTo(422);
        assertThat(aTask("About another's").aboutCustomer(customerId).post(b).status())
                .as("a customer out of reach cannot be a subject")
                .isEqualTo(422);

        var docs = admin.get("/v3/api-docs").body();
        assertThat(docs).contains("/api/v1/tasks/{id}/completion", "/api/v1/tasks/programmes/{id}/runs", "\"Tasks\"");
    }

    private static List<String> ids(JsonNode page) {
        var ids = new ArrayList<String>();
        page.get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }
}
