package dev.dossier.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.support.ApiClient;
import dev.dossier.support.Consents;
import dev.dossier.support.OpenApiDocument;
import dev.dossier.support.TestUsers;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * What the API really answers is what the OpenAPI document says it answers: a walk over the main operations —
 * create, read, change, list and delete customers, contacts, interactions, tasks, notes, comments, products, cases,
 * consents, data-subject requests and tokens, and the usual mistakes (no token, a bad parameter, a body of the wrong
 * type, invalid fields, a stale version, a missing or failed precondition, an unknown record, an unacceptable
 * {@code Accept}) — checks every answer against the operation it reached: its status is declared there, an error is
 * problem+json as declared, a 201 carries {@code Location}, a 204 no body.
 */
@DossierTest
class OpenApiAnswersTest {

    private static final String CUSTOMERS = "/api/v1/customers";

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    private OpenApiDocument document;
    private final List<String> mismatches = new ArrayList<>();
    private final Map<String, TreeSet<Integer>> seen = new LinkedHashMap<>();
    private ApiClient api;

    @BeforeEach
    void signIn() {
        document = OpenApiDocument.of(port);
        api = new ApiClient(port)
                .signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD)
                .observe(this::check);
    }

    private void check(ApiClient.Answer answer) {
        var request = answer.response().request();
        var operation = document.operation(request.method(), request.uri().getRawPath());
        if (operation != null) {
            seen.computeIfAbsent(operation, o -> new TreeSet<>()).add(answer.status());
        }
        var mismatch = document.mismatch(answer);
        if (mismatch != null) {
            mismatches.add(mismatch + " — " + abbreviate(answer.body()));
        }
    }

    @Test
    void everyAnswerOfTheMainOperationsIsDeclaredInTheDocument() {
        var customer = customers();
        interactions(customer);
        tasks(customer);
        notesAndComments(customer);
        var product = products();
        cases(customer, product);
        privacy(customer);
        tokensAndNotices();
        mistakes(customer);
        expect(api.delete(CUSTOMERS + "/" + customer), 204);
        expect(api.post(CUSTOMERS + "/" + customer + "/restore", ""), 200);

        seen.forEach((operation, statuses) -> System.out.println("  " + operation + " " + statuses));
        assertThat(seen).as("operations reached").hasSizeGreaterThan(50);
        assertThat(seen.values().stream().flatMap(TreeSet::stream).distinct())
                .as("statuses met on the walk")
                .contains(200, 201, 204, 400, 401, 404, 406, 409, 412, 415, 422, 428);
        assertThat(mismatches)
                .as("answers that the OpenAPI document does not declare")
                .isEmpty();
    }

    private String customers() {
        var created = expect(
                api.post(
                        CUSTOMERS,
                        ApiClient.json(Map.of(
                                "type", "COMPANY", "name", "Answers " + unique() + " Ltd", "industry", "RETAIL"))),
                201);
        var id = created.json().get("id").asString();
        var etag = expect(api.get(CUSTOMERS + "/" + id), 200).header("ETag");
        expect(
                api.put(
                        CUSTOMERS + "/" + id,
                        ApiClient.json(Map.of(
                                "type", "COMPANY", "name", "Answers " + unique() + " Ltd", "industry", "RETAIL")),
                        etag),
                200);
        expect(api.get(CUSTOMERS + "?limit=5&sort=-updated"), 200);
        expect(api.get(CUSTOMERS + "?deleted=true&limit=5"), 200);
        var contact = expect(
                        api.post(
                                CUSTOMERS + "/" + id + "/contacts",
                                ApiClient.json(Map.of("name", "Contact " + unique()))),
                        201)
                .json()
                .get("id")
                .asString();
        var contactPath = CUSTOMERS + "/" + id + "/contacts/" + contact;
        var contactTag = expect(api.get(contactPath), 200).header("ETag");
        expect(api.put(contactPath, ApiClient.json(Map.of("name", "Contact " + unique())), contactTag), 200);
        expect(api.get(CUSTOMERS + "/" + id + "/contacts"), 200);
        expect(api.delete(contactPath), 204);
        expect(api.get(CUSTOMERS + "/" + id + "/shares"), 200);
        expect(api.get(CUSTOMERS + "/" + id + "/timeline?limit=10"), 200);
        return id;
    }

    private void interactions(String customer) {
        var created = expect(
                api.post(
                        "/api/v1/interactions",
                        ApiClient.json(Map.of(
                                "subject",
                                "customer:" + customer,
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
                                "NEEDS_FOLLOW_UP"))),
                201);
        var path = "/api/v1/interactions/" + created.json().get("id").asString();
        var etag = expect(api.get(path), 200).header("ETag");
        expect(
                api.put(
                        path,
                        ApiClient.json(Map.of(
                                "subject",
                                "customer:" + customer,
                                "channel",
                                "VISIT",
                                "direction",
                                "OUTBOUND",
                                "startedAt",
                                "2026-01-05T10:00:00Z",
                                "summary",
                                "Visited instead",
                                "outcome",
                                "REACHED")),
                        etag),
                200);
        expect(api.get("/api/v1/interactions?subject=customer:" + customer), 200);
        expect(api.delete(path), 204);
        expect(api.get("/api/v1/reports/channels"), 200);
    }

    private void tasks(String customer) {
        var body = Map.of(
                "subject",
                "customer:" + customer,
                "title",
                "Send the quote",
                "kind",
                "FOLLOW_UP",
                "dueAt",
                "2030-01-07T09:00:00Z");
        var created = expect(api.post("/api/v1/tasks", ApiClient.json(body)), 201);
        var path = "/api/v1/tasks/" + created.json().get("id").asString();
        var etag = expect(api.get(path), 200).header("ETag");
        expect(
                api.put(
                        path,
                        ApiClient.json(Map.of(
                                "subject",
                                "customer:" + customer,
                                "title",
                                "Send the quote now",
                                "kind",
                                "FOLLOW_UP",
                                "dueAt",
                                "2030-01-08T09:00:00Z")),
                        etag),
                200);
        expect(api.get("/api/v1/tasks?view=ALL&limit=5"), 200);
        expect(api.post(path + "/completion", "{}"), 200);
        expect(api.post(path + "/reopening", "{}"), 200);
        var other = expect(api.post("/api/v1/tasks", ApiClient.json(body)), 201)
                .json()
                .get("id")
                .asString();
        expect(api.delete("/api/v1/tasks/" + other), 204);
    }

    private void notesAndComments(String customer) {
        JsonNode template = null;
        for (var t : expect(api.get("/api/v1/note-templates"), 200).json()) {
            if ("communication".equals(t.path("code").asString(""))) {
                template = t;
            }
        }
        assertThat(template).as("the communication template").isNotNull();
        var sections = new LinkedHashMap<String, String>();
        for (var s : template.get("sections")) {
            sections.put(s.get("id").asString(), "Discussed delivery dates");
        }
        var note = expect(
                api.post(
                        "/api/v1/notes",
                        ApiClient.json(Map.of(
                                "subject",
                                "customer:" + customer,
                                "templateId",
                                template.get("id").asString(),
                                "category",
                                "MEETING",
                                "sections",
                                sections))),
                201);
        var notePath = "/api/v1/notes/" + note.json().get("id").asString();
        expect(api.get(notePath), 200);
        expect(api.get("/api/v1/notes?subject=customer:" + customer), 200);
        expect(api.get("/api/v1/terms"), 200);
        var comment = expect(
                api.post(
                        "/api/v1/comments",
                        ApiClient.json(Map.of("subject", "customer:" + customer, "body", "Call back on Monday"))),
                201);
        expect(api.get("/api/v1/comments?subject=customer:" + customer), 200);
        expect(api.delete("/api/v1/comments/" + comment.json().get("id").asString()), 204);
        expect(api.delete(notePath), 204);
    }

    private String products() {
        var created = expect(
                api.post("/api/v1/products", ApiClient.json(Map.of("code", "ANS-" + unique(), "name", "Kettle"))), 201);
        var id = created.json().get("id").asString();
        var etag = expect(api.get("/api/v1/products/" + id), 200).header("ETag");
        expect(
                api.put(
                        "/api/v1/products/" + id,
                        ApiClient.json(Map.of("code", "ANS-" + unique(), "name", "Kettle 2")),
                        etag),
                200);
        expect(api.get("/api/v1/products?limit=5"), 200);
        expect(api.post("/api/v1/products/" + id + "/versions", ApiClient.json(Map.of("label", "1.0"))), 201);
        expect(api.get("/api/v1/products/" + id + "/versions"), 200);
        expect(api.post("/api/v1/product-categories", ApiClient.json(Map.of("name", "Kitchen " + unique()))), 201);
        expect(api.get("/api/v1/product-categories"), 200);
        return id;
    }

    private void cases(String customer, String product) {
        var created = expect(
                api.post(
                        "/api/v1/cases",
                        ApiClient.json(Map.of(
                                "customerId",
                                customer,
                                "title",
                                "Broken lid",
                                "kind",
                                "DEFECT",
                                "productId",
                                product))),
                201);
        var path = "/api/v1/cases/" + created.json().get("id").asString();
        expect(api.get(path), 200);
        expect(
                api.put(
                        path + "/assignment",
                        ApiClient.json(Map.of("assigneeId", users.id(TestUsers.ADMIN), "version", 0)),
                        null),
                200);
        expect(api.post(path + "/transitions", "{\"action\":\"start\"}"), 200);
        expect(api.post(path + "/transitions", "{\"action\":\"reopen\",\"comment\":\"Again\"}"), 409);
        expect(api.get(path + "/transitions"), 200);
        expect(api.post(path + "/messages", ApiClient.json(Map.of("kind", "INTERNAL", "body", "Lid ordered"))), 201);
        expect(api.get(path + "/messages"), 200);
        expect(api.get("/api/v1/cases?queue=ALL&limit=5"), 200);
        expect(api.get("/api/v1/sla-policies"), 200);
    }

    private void privacy(String customer) {
        Consents.give(api, customer, ConsentCheck.SERVICE_COMMUNICATION);
        expect(api.get(CUSTOMERS + "/" + customer + "/consents"), 200);
        var request = expect(
                api.post(
                        "/api/v1/privacy/requests",
                        ApiClient.json(Map.of(
                                "customerId",
                                customer,
                                "kind",
                                "ACCESS",
                                "channel",
                                "EMAIL",
                                "requesterName",
                                "Requester",
                                "requesterContact",
                                "requester@example.com",
                                "destination",
                                "REQUESTER"))),
                201);
        expect(api.get("/api/v1/privacy/requests/" + request.json().get("id").asString()), 200);
        expect(api.get("/api/v1/privacy/requests?limit=5"), 200);
    }

    private void tokensAndNotices() {
        var anonymous = new ApiClient(port).observe(this::check);
        var issued = expect(
                anonymous.send(anonymous
                        .request("/api/v1/tokens")
                        .header("Content-Type", "application/json")
                        .header("Authorization", ApiClient.basic(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"walk\"}"))
                        .build()),
                201);
        expect(api.get("/api/v1/tokens"), 200);
        expect(api.delete("/api/v1/tokens/" + issued.json().get("id").asString()), 204);
        expect(api.get("/api/v1/notifications"), 200);
        expect(api.post("/api/v1/notifications/read-all", ""), 200);
        expect(api.get("/api/v1/audit?limit=5"), 200);
    }

    private void mistakes(String customer) {
        var path = CUSTOMERS + "/" + customer;
        var body = ApiClient.json(Map.of("type", "COMPANY", "name", "Answers " + unique(), "industry", "RETAIL"));
        expect(new ApiClient(port).observe(this::check).get(CUSTOMERS), 401);
        expect(api.get(CUSTOMERS + "?limit=many"), 400);
        expect(api.get(CUSTOMERS + "/" + UUID.randomUUID()), 404);
        expect(
                api.send(api.request(CUSTOMERS)
                        .setHeader("Accept", "image/png")
                        .GET()
                        .build()),
                406);
        expect(
                api.send(api.request(CUSTOMERS)
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build()),
                415);
        expect(api.post(CUSTOMERS, "{\"type\":\"COMPANY\",\"name\":\"\"}"), 422);
        expect(api.post(CUSTOMERS, "{\"type\":"), 400);
        expect(api.put(path, body, "\"999\""), 412);
        expect(api.put(path, body, null), 428);
        expect(
                api.put(
                        path,
                        ApiClient.json(Map.of("type", "COMPANY", "name", "Answers " + unique(), "version", 999)),
                        null),
                409);
        expect(
                api.send(HttpRequest.newBuilder(URI.create(api.url(CUSTOMERS + "/" + customer + "/contacts")))
                        .header("Authorization", "Bearer " + api.token())
                        .header("Accept", "application/json")
                        .DELETE()
                        .build()),
                405);
    }

    private static ApiClient.Answer expect(ApiClient.Answer answer, int status) {
        var request = answer.response().request();
        assertThat(answer.status())
                .as("%s %s: %s", request.method(), request.uri(), answer.body())
                .isEqualTo(status);
        return answer;
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String abbreviate(String text) {
        var line = text == null ? "" : text.replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
