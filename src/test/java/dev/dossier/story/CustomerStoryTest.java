package dev.dossier.story;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The modules of a customer's story working together in the running application: an interaction, a note and a
 * task about one customer appear in one timeline, newest first, filtered and paged; completing a follow-up logs its
 * interaction through the real interactions module in the same step; a mention reaches the colleague's
 * notifications; every step lands in the audit trail; and someone who does not reach the customer sees none of it.
 */
@DossierTest
@Tag("clock")
class CustomerStoryTest {

    @Autowired
    TestUsers users;

    @Autowired
    DSLContext db;

    @LocalServerPort
    int port;

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String customer(ApiClient api, String name) {
        var answer = api.post(
                "/api/v1/customers",
                ApiClient.json(Map.of("type", "COMPANY", "name", name, "industry", "MANUFACTURING")));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("id").asString();
    }

    private static JsonNode created(ApiClient.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    private static JsonNode note(ApiClient api, String subject, String purpose) {
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
                sections.put(s.get("id").asString(), purpose);
            } else if (code.equals("discussion")) {
                sections.put(s.get("id").asString(), "Discussed delivery dates");
            }
        }
        return created(api.post(
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

    private static List<JsonNode> timeline(ApiClient api, String customerId, String query) {
        var answer = api.get("/api/v1/customers/" + customerId + "/timeline" + query);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        var items = new ArrayList<JsonNode>();
        answer.json().get("items").forEach(items::add);
        return items;
    }

    @Test
    void interactionsNotesAndTasksTellOneStory() throws Exception {
        var team = users.team(null);
        var sellerName = users.createInTeam(team, Role.SALES);
        var colleagueName = users.createInTeam(team, Role.SERVICE);
        var seller = new ApiClient(port).signIn(sellerName, TestUsers.PASSWORD);
        var colleague = new ApiClient(port).signIn(colleagueName, TestUsers.PASSWORD);
        var outsider = new ApiClient(port).signIn(users.create(Role.SALES), TestUsers.PASSWORD);
        var customerId = customer(seller, "Story " + unique());
        var subject = "customer:" + customerId;
        var now = TestClock.utcNow().truncatedTo(ChronoUnit.SECONDS);

        var call = created(seller.post(
                "/api/v1/interactions",
                ApiClient.json(Map.of(
                        "subject",
                        subject,
                        "channel",
                        "CALL",
                        "direction",
                        "OUTBOUND",
                        "startedAt",
                        now.minusHours(3).toString(),
                        "durationMinutes",
                        12,
                        "summary",
                        "Asked about the spring order",
                        "outcome",
                        "NEEDS_FOLLOW_UP",
                        "satisfaction",
                        4))));
        var note = note(seller, subject, "Spring order volumes");
        var task = created(seller.post(
                "/api/v1/tasks",
                ApiClient.json(Map.of(
                        "subject",
                        subject,
                        "title",
                        "Send the quote",
                        "kind",
                        "FOLLOW_UP",
                        "assigneeId",
                        users.id(colleagueName).toString(),
                        "dueAt",
                        now.plusDays(2).toString()))));

        // One timeline, newest first: the task (due in two days), the note (now), the call (three hours ago).
        var all = timeline(seller, customerId, "");
        assertThat(all).extracting(i -> i.get("kind").asString()).containsExactly("task", "note", "interaction");
        assertThat(all)
                .extracting(i -> i.get("id").asString())
                .containsExactly(
                        task.get("id").asString(),
                        note.get("id").asString(),
                        call.get("id").asString());
        assertThat(all.get(2).get("title").asString()).contains("Call");
        assertThat(timeline(seller, customerId, "?kind=note&kind=interaction"))
                .extracting(i -> i.get("kind").asString())
                .containsExactly("note", "interaction");
        var first = seller.get("/api/v1/customers/" + customerId + "/timeline?limit=2")
                .json();
        assertThat(first.get("items").size()).isEqualTo(2);
        var rest = timeline(
                seller, customerId, "?limit=2&cursor=" + first.get("nextCursor").asString());
        assertThat(rest).extracting(i -> i.get("kind").asString()).containsExactly("interaction");

        // Someone who does not reach the customer sees none of it.
        assertThat(outsider.get("/api/v1/customers/" + customerId + "/timeline").status())
                .isEqualTo(404);
        assertThat(outsider.get("/api/v1/interactions/" + call.get("id").asString())
                        .status())
                .isEqualTo(404);
        assertThat(outsider.get("/api/v1/notes/" + note.get("id").asString()).status())
                .isEqualTo(404);

        // A comment mentions the colleague, who finds the mention and the assignment among their notifications.
        created(seller.post(
                "/api/v1/comments",
                ApiClient.json(Map.of(
                        "subject",
                        "note:" + note.get("id").asString(),
                        "body",
                        "@" + colleagueName + " please send the quote this week"))));
        var kinds = await().atMost(java.time.Duration.ofSeconds(20))
                .until(
                        () -> {
                            var items = new ArrayList<String>();
                            colleague
                                    .get("/api/v1/notifications")
                                    .json()
                                    .get("items")
                                    .forEach(n -> items.add(n.get("kind").asString()));
                            return items;
                        },
                        items -> items.contains("mention") && items.contains("task-assigned"));
        assertThat(kinds).contains("mention", "task-assigned");

        // The colleague completes the follow-up and logs the interaction in the same step, through the real module.
        var done = colleague.post(
                "/api/v1/tasks/" + task.get("id").asString() + "/completion",
                ApiClient.json(Map.of(
                        "version",
                        task.get("version").asInt(),
                        "interaction",
                        Map.of(
                                "channel",
                                "EMAIL",
                                "direction",
                                "OUTBOUND",
                                "outcome",
                                "DEAL_PROGRESSED",
                                "summary",
                                "Quote sent",
                                "followUpSucceeded",
                                true))));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        var interactionId = done.json().get("interactionId").asString();
        var logged = seller.get("/api/v1/interactions/" + interactionId).json();
        assertThat(logged.get("taskId").asString()).isEqualTo(task.get("id").asString());
        assertThat(logged.get("channel").asString()).isEqualTo("EMAIL");
        assertThat(timeline(seller, customerId, "?kind=interaction")).hasSize(2);

        // A bad interaction leaves the task open: nothing half-saved.
        var second = created(seller.post(
                "/api/v1/tasks",
                ApiClient.json(Map.of(
                        "subject",
                        subject,
                        "title",
                        "Call back",
                        "kind",
                        "FOLLOW_UP",
                        "dueAt",
                        now.plusDays(1).toString()))));
        var bad = seller.post(
                "/api/v1/tasks/" + second.get("id").asString() + "/completion",
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
                                "x",
                                "satisfaction",
                                9))));
        assertThat(bad.status()).as(bad.body()).isEqualTo(422);
        assertThat(seller.get("/api/v1/tasks/" + second.get("id").asString())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("OPEN");
        assertThat(timeline(seller, customerId, "?kind=interaction")).hasSize(2);

        // Every step is in the audit trail.
        var actions = await().atMost(java.time.Duration.ofSeconds(20))
                .until(
                        () -> db.fetch("select action from audit_entry where detail like ?", "%" + customerId + "%")
                                .getValues(0, String.class),
                        found -> found.contains("task.completed") && found.contains("comment.posted"));
        assertThat(actions)
                .contains("interaction.logged", "note.written", "task.created", "comment.posted", "task.completed");
    }
}
