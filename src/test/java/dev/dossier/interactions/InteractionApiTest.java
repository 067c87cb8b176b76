package dev.dossier.interactions;

import static dev.dossier.interactions.InteractionFixtures.contact;
import static dev.dossier.interactions.InteractionFixtures.customer;
import static dev.dossier.interactions.InteractionFixtures.interaction;
import static dev.dossier.interactions.InteractionFixtures.log;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The interactions API as sales, service and finance people use it. */
@DossierTest
@Tag("clock")
class InteractionApiTest {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    DSLContext db;

    @Autowired
    InteractionPersonalData personalData;

    private ApiClient as(Role role) {
        return new ApiClient(port).signIn(users.create(role), TestUsers.PASSWORD);
    }

    private int count(String customerId) {
        return db.fetchCount(
                dev.dossier.db.Tables.INTERACTION,
                dev.dossier.db.Tables.INTERACTION.CUSTOMER_ID.eq(UUID.fromString(customerId)));
    }

    @Test
    void aSalesPersonLogsAnInteractionWithParticipantsAndReadsItBack() {
        var sales = as(Role.SALES);
        var customerId = customer(sales, "Huaxin " + UUID.randomUUID());
        var contactId = contact(sales, customerId, "王伟");
        var created = log(
                sales,
                "contact:" + contactId,
                Map.of(
                        "channel",
                        "VISIT",
                        "satisfaction",
                        4,
                        "followUpSucceeded",
                        true,
                        "contactIds",
                        List.of(contactId),
                        "content",
                        "Met at the plant."));
        assertThat(created.get("customerId").asString()).isEqualTo(customerId);
        assertThat(created.get("subject").asString()).isEqualTo("contact:" + contactId);
        assertThat(created.get("ownerId").asString()).isNotBlank();
        assertThat(created.get("contactIds").get(0).asString()).isEqualTo(contactId);

        var read = sales.get("/api/v1/interactions/" + created.get("id").asString());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo("\"0\"");
        assertThat(read.json().get("channel").asString()).isEqualTo("VISIT");
        assertThat(read.json().get("satisfaction").asInt()).isEqualTo(4);
        assertThat(read.json().get("content").asString()).isEqualTo("Met at the plant.");

        var list = sales.get("/api/v1/interactions?customerId=" + customerId + "&channel=VISIT");
        assertThat(list.json().get("items")).hasSize(1);
        assertThat(sales.get("/api/v1/interactions?customerId=" + customerId + "&channel=CALL")
                        .json()
                        .get("items"))
                .isEmpty();
    }

    @Test
    void badInputIsAProblemListingEveryFieldAndNothingIsSaved() {
        var sales = as(Role.SALES);
        var customerId = customer(sales, "Invalid " + UUID.randomUUID());
        var otherCustomer = customer(sales, "Other " + UUID.randomUUID());
        var strangerContact = contact(sales, otherCustomer, "李娜");
        var answer = sales.post(
                "/api/v1/interactions",
                ApiClient.json(interaction(
                        "customer:" + customerId,
                        Map.of(
                                "startedAt",
                                TestClock.utcNow().plusDays(1).toString(),
                                "durationMinutes",
                                2000,
                                "satisfaction",
                                6,
                                "summary",
                                "x".repeat(201),
                                "content",
                                "y".repeat(10_001),
                                "channel",
                                "PIGEON",
                                "contactIds",
                                List.of(strangerContact),
                                "userIds",
                                List.of(UUID.randomUUID().toString())))));
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        var fields = new ArrayList<String>();
        answer.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields)
                .containsExactlyInAnyOrder(
                        "channel",
                        "startedAt",
                        "durationMinutes",
                        "summary",
                        "content",
                        "satisfaction",
                        "userIds",
                        "contactIds");
        var missing = sales.post(
                "/api/v1/interactions", ApiClient.json(interaction("customer:" + customerId, Map.of("summary", " "))));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.body()).contains("summary", "Required.");
        assertThat(count(customerId)).isZero();
    }

    @Test
    void anotherSalesPersonDoesNotSeeTheInteractionAndFinanceMayNotLogOne() {
        var owner = as(Role.SALES);
        var customerId = customer(owner, "Private " + UUID.randomUUID());
        var id = log(owner, "customer:" + customerId, Map.of()).get("id").asString();
        var stranger = as(Role.SALES);
        assertThat(stranger.get("/api/v1/interactions/" + id).status()).isEqualTo(404);
        assertThat(stranger.put(
                                "/api/v1/interactions/" + id,
                                ApiClient.json(interaction("customer:" + customerId, Map.of())),
                                "\"0\"")
                        .status())
                .isEqualTo(404);
        assertThat(stranger.post(
                                "/api/v1/interactions", ApiClient.json(interaction("customer:" + customerId, Map.of())))
                        .status())
                .isEqualTo(404);
        assertThat(stranger.get("/api/v1/interactions?customerId=" + customerId)
                        .json()
                        .get("items"))
                .isEmpty();

        var finance = as(Role.FINANCE);
        assertThat(finance.get("/api/v1/interactions/" + id).status()).isEqualTo(200);
        var refused =
                finance.post("/api/v1/interactions", ApiClient.json(interaction("customer:" + customerId, Map.of())));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(finance.delete("/api/v1/interactions/" + id).status()).isEqualTo(403);
        assertThat(count(customerId)).isEqualTo(1);
    }

    @Test
    void anEditOnAStaleVersionIsRefusedLikeACustomerEdit() {
        var sales = as(Role.SALES);
        var customerId = customer(sales, "Versions " + UUID.randomUUID());
        var id = log(sales, "customer:" + customerId, Map.of()).get("id").asString();
        var first = sales.put(
                "/api/v1/interactions/" + id,
                ApiClient.json(interaction(
                        "customer:" + customerId, Map.of("summary", "First edit", "outcome", "NEEDS_FOLLOW_UP"))),
                "\"0\"");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.header("ETag")).isEqualTo("\"1\"");
        var stale = sales.put(
                "/api/v1/interactions/" + id,
                ApiClient.json(interaction("customer:" + customerId, Map.of("summary", "Second edit"))),
                "\"0\"");
        assertThat(stale.status()).isEqualTo(412);
        var staleBody = new HashMap<>(interaction("customer:" + customerId, Map.of("summary", "Third edit")));
        staleBody.put("version", 0);
        var conflict = sales.put("/api/v1/interactions/" + id, ApiClient.json(staleBody), null);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(sales.put(
                                "/api/v1/interactions/" + id,
                                ApiClient.json(interaction("customer:" + customerId, Map.of())),
                                null)
                        .status())
                .isEqualTo(428);
        assertThat(sales.get("/api/v1/interactions/" + id).json().get("summary").asString())
                .isEqualTo("First edit");

        var deleted = sales.send(sales.request("/api/v1/interactions/" + id)
                .header("If-Match", "\"0\"")
                .DELETE()
                .build());
        assertThat(deleted.status()).isEqualTo(412);
        assertThat(sales.delete("/api/v1/interactions/" + id).status()).isEqualTo(204);
        assertThat(sales.get("/api/v1/interactions/" + id).status()).isEqualTo(404);
    }

    @Test
    void theTimelineShowsInteractionsNewestFirstWithTheirOutcomeAndSatisfaction() {
        var sales = as(Role.SALES);
        var customerId = customer(sales, "Timeline " + UUID.randomUUID());
        var now = TestClock.utcNow();
        log(
                sales,
                "customer:" + customerId,
                Map.of("startedAt", now.minusDays(3).toString(), "summary", "oldest"));
        log(
                sales,
                "customer:" + customerId,
                Map.of("startedAt", now.minusHours(2).toString(), "summary", "newest", "satisfaction", 4));
        var middle = log(
                sales,
                "customer:" + customerId,
                Map.of(
                        "startedAt",
                        now.minusDays(1).toString(),
                        "summary",
                        "middle",
                        "channel",
                        "EMAIL",
                        "direction",
                        "INBOUND",
                        "outcome",
                        "NO_ANSWER"));
        var timeline = sales.send(sales.request("/api/v1/customers/" + customerId + "/timeline?kind=interaction")
                        .header("Accept-Language", "en")
                        .GET()
                        .build())
                .json()
                .get("items");
        var summaries = new ArrayList<String>();
        timeline.forEach(i -> summaries.add(i.get("summary").asString()));
        assertThat(summaries).containsExactly("newest", "middle", "oldest");
        assertThat(timeline.get(0).get("labels").toString()).contains("Reached", "★4");
        assertThat(timeline.get(1).get("title").asString()).isEqualTo("Email · inbound · No answer");
        assertThat(timeline.get(1).get("link").asString())
                .isEqualTo("/interactions/" + middle.get("id").asString());

        var page = sales.get("/api/v1/customers/" + customerId + "/timeline?kind=interaction&limit=2")
                .json();
        var rest = sales.get("/api/v1/customers/" + customerId + "/timeline?kind=interaction&limit=2&cursor="
                        + page.get("nextCursor").asString())
                .json();
        assertThat(rest.get("items").get(0).get("summary").asString()).isEqualTo("oldest");
    }

    @Test
    void erasureAnonymisesTheTextAndKeepsTheFigures() {
        var sales = as(Role.SALES);
        var customerId = customer(sales, "Erase " + UUID.randomUUID());
        var id = log(
                        sales,
                        "customer:" + customerId,
                        Map.of("summary", "Called 王伟 at home", "content", "His daughter answered", "satisfaction", 5))
                .get("id")
                .asString();
        var exported = personalData.export(UUID.fromString(customerId));
        assertThat(exported).hasSize(1);
        assertThat(exported.getFirst().get("summary")).isEqualTo("Called 王伟 at home");
        personalData.erase(UUID.fromString(customerId));
        var read = sales.get("/api/v1/interactions/" + id).json();
        assertThat(read.get("summary").asString()).isEqualTo(InteractionPersonalData.ANONYMISED);
        assertThat(read.get("content").asString()).isEqualTo(InteractionPersonalData.ANONYMISED);
        assertThat(read.get("satisfaction").asInt()).isEqualTo(5);
        assertThat(read.get("channel").asString()).isEqualTo("CALL");
        assertThat(read.toString()).doesNotContain("王伟", "daughter");
    }

    @Test
    void theChannelReportIsInTheApiAndTheOpenApiDocument() {
        var manager = as(Role.MANAGER);
        assertThat(manager.get("/api/v1/reports/channels").json().get("channels"))
                .hasSize(7);
        var docs = manager.send(HttpRequest.newBuilder(URI.create(manager.url("/v3/api-docs")))
                .GET()
                .build());
        assertThat(docs.body())
                .contains("/api/v1/interactions", "/api/v1/interactions/{id}", "/api/v1/reports/channels");
    }
}
