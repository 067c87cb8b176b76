package dev.dossier.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The one search as people use it: Chinese and English words in notes, interactions, cases, problems and products,
 * contacts by the pinyin of their names, customers by their quick search; each reader sees only their own reach,
 * with the matching words marked; changes show at once, deletions too, and a rebuild changes nothing found.
 */
@DossierTest
class SearchTest {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    private ApiClient as(Role role) {
        return new ApiClient(port).signIn(users.create(role), TestUsers.PASSWORD);
    }

    /** A word no other test writes: a few Latin letters. */
    private static String word() {
        var random = ThreadLocalRandom.current();
        var letters = new StringBuilder("q");
        for (int i = 0; i < 7; i++) {
            letters.append((char) ('a' + random.nextInt(26)));
        }
        return letters.toString();
    }

    @Test
    void findsChineseAndEnglishWordsAcrossKindsWithTheWordsMarked() {
        var manager = as(Role.MANAGER);
        var tag = word();
        var customerId = customer(manager, "深圳华信" + tag + "科技有限公司");
        contact(manager, customerId, "张伟", "采购经理");
        contact(manager, customerId, "王芳" + tag, "财务");
        var call = interaction(manager, customerId, "退款进度电话 " + tag, "客户反映退款流程太慢，希望下周给出方案。");
        var aside = interaction(manager, customerId, "例行回访 " + tag, "顺便提到发票和退款的事。");
        var caseId = created(manager.post(
                        "/api/v1/cases",
                        ApiClient.json(Map.of(
                                "customerId",
                                customerId,
                                "title",
                                "Refund not received " + tag,
                                "description",
                                "The customer says the refund for order 8812 has not arrived.",
                                "kind",
                                "COMPLAINT"))))
                .get("id")
                .asString();
        var product = created(manager.post(
                "/api/v1/products",
                ApiClient.json(Map.of(
                        "code", "HX-" + tag.toUpperCase(),
                        "name", "华信路由器 Pro " + tag,
                        "description", "Enterprise router with dual WAN"))));

        var refund = found(manager, "退款 " + tag, "interaction", 2);
        assertThat(ids(refund, "interaction"))
                .as("the one with the word in its title first")
                .containsExactly(call, aside);
        var first = group(refund, "interaction").get("items").get(0);
        assertThat(marked(first.get("title"))).containsExactly("退款", tag);
        assertThat(marked(first.get("snippet"))).contains("退款");
        assertThat(first.get("context").asString()).contains("华信");

        assertThat(ids(found(manager, "refund " + tag, "case", 1), "case")).containsExactly(caseId);
        assertThat(ids(found(manager, "refnud " + tag, "case", 1), "case"))
                .as("a typo in a Latin word")
                .containsExactly(caseId);
        assertThat(ids(found(manager, "arriv " + tag, "case", 1), "case"))
                .as("the start of a word, as typed so far")
                .containsExactly(caseId);
        assertThat(ids(found(manager, "路由 " + tag, "product", 1), "product"))
                .as("Han characters inside a word")
                .containsExactly(product.get("id").asString());
        assertThat(ids(found(manager, "hx-" + tag, "product", 1), "product"))
                .as("a product by its code")
                .containsExactly(product.get("id").asString());
        assertThat(names(found(manager, "wangf " + tag, "contact", 1), "contact"))
                .as("every contact of a customer, kept under its key")
                .containsExactly("王芳" + tag);
        var byPinyin = search(manager, "zhangw", "contact");
        assertThat(names(byPinyin, "contact")).contains("张伟");
        assertThat(names(search(manager, "华信" + tag, null), "customer"))
                .as("customers through their quick search")
                .containsExactly("深圳华信" + tag + "科技有限公司");
    }

    @Test
    void aReaderFindsOnlyWhatTheyMaySee() {
        var tag = word();
        var alice = as(Role.SALES);
        var bobName = users.create(Role.SALES);
        var bob = new ApiClient(port).signIn(bobName, TestUsers.PASSWORD);
        var theirs = customer(alice, "Alice's customer " + tag);
        var secret = interaction(alice, theirs, "Pricing " + tag, "A confidential discount plan.");
        assertThat(ids(found(alice, tag, "interaction", 1), "interaction")).containsExactly(secret);

        var bobSees = search(bob, tag, null);
        assertThat(bobSees.get("groups"))
                .as("nothing of a customer Bob does not reach")
                .isEmpty();
        assertThat(search(bob, "confidential " + tag, "interaction").get("groups"))
                .isEmpty();

        // Shared with Bob, the customer's records are his to find too.
        var shared = alice.post(
                "/api/v1/customers/" + theirs + "/shares",
                ApiClient.json(Map.of("userId", users.id(bobName).toString())));
        assertThat(shared.status()).as(shared.body()).isEqualTo(201);
        assertThat(ids(found(bob, "confidential " + tag, "interaction", 1), "interaction"))
                .containsExactly(secret);
        assertThat(ids(search(as(Role.MANAGER), tag, null), "interaction"))
                .as("a manager reaches every customer")
                .containsExactly(secret);
    }

    @Test
    void aChangeShowsAtOnceAndADeletionLeaves() {
        var manager = as(Role.MANAGER);
        var tag = word();
        var customerId = customer(manager, "Changing " + tag);
        var id = interaction(manager, customerId, "Before " + tag, "Nothing yet.");
        found(manager, "before " + tag, "interaction", 1);

        var current = manager.get("/api/v1/interactions/" + id);
        var body = new LinkedHashMap<String, Object>();
        body.put("subject", "customer:" + customerId);
        body.put("channel", "CALL");
        body.put("direction", "OUTBOUND");
        body.put("startedAt", TestClock.utcNow().minusHours(2).toString());
        body.put("summary", "After " + tag);
        body.put("content", "Now about warranties.");
        body.put("outcome", "REACHED");
        var changed = manager.put("/api/v1/interactions/" + id, ApiClient.json(body), current.header("ETag"));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        found(manager, "warranties " + tag, "interaction", 1);
        assertThat(search(manager, "before " + tag, "interaction").get("groups"))
                .isEmpty();

        var deleted = manager.send(manager.request("/api/v1/interactions/" + id)
                .header("If-Match", manager.get("/api/v1/interactions/" + id).header("ETag"))
                .DELETE()
                .build());
        assertThat(deleted.status()).as(deleted.body()).isIn(200, 204);
        found(manager, "warranties " + tag, "interaction", 0);
    }

    @Test
    void aRebuildFromTheDataFindsTheSame() {
        var manager = as(Role.MANAGER);
        var tag = word();
        var customerId = customer(manager, "Rebuilt " + tag);
        var id = interaction(manager, customerId, "Survives " + tag, "Kept across a rebuild.");
        found(manager, tag, "interaction", 1);

        var admin = new ApiClient(port).signIn("admin", "admin-password-1");
        var before = admin.get("/api/v1/search/index").json();
        var rebuild = admin.post("/api/v1/search/index/rebuild", "");
        assertThat(rebuild.status()).as(rebuild.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var status = admin.get("/api/v1/search/index").json();
            assertThat(status.get("ready").asBoolean()).isTrue();
            assertThat(status.get("documents").asLong()).isGreaterThanOrEqualTo(1);
        });
        assertThat(before.get("documents").asLong()).isPositive();
        assertThat(ids(found(manager, tag, "interaction", 1), "interaction")).containsExactly(id);
        assertThat(manager.post("/api/v1/search/index/rebuild", "").status())
                .as("only those who run the installation")
                .isEqualTo(403);
    }

    @Test
    void badQueriesGetClearAnswers() {
        var manager = as(Role.MANAGER);
        assertThat(search(manager, "   ", null).get("groups")).isEmpty();
        var unknown = manager.get("/api/v1/search?q=x&kind=planet");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.header("Content-Type")).contains("application/problem+json");
        var odd = manager.get("/api/v1/search?q=" + encode("\"*?~[{(:^\\") + "&limit=1000&offset=-5");
        assertThat(odd.status()).as(odd.body()).isEqualTo(200);
        var longer = manager.get("/api/v1/search?q=" + encode("退款".repeat(200)));
        assertThat(longer.status()).isEqualTo(200);
        assertThat(longer.json().get("query").asString()).hasSize(100);
    }

    // Helpers

    private JsonNode found(ApiClient api, String q, String kind, int count) {
        var found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    found[0] = search(api, q, kind);
                    assertThat(ids(found[0], kind)).hasSize(count);
                });
        return found[0];
    }

    private static JsonNode search(ApiClient api, String q, String kind) {
        var answer = api.get("/api/v1/search?limit=50&q=" + encode(q) + (kind == null ? "" : "&kind=" + kind));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static JsonNode group(JsonNode results, String kind) {
        for (var g : results.get("groups")) {
            if (g.get("kind").asString().equals(kind)) {
                return g;
            }
        }
        return null;
    }

    private static List<String> ids(JsonNode results, String kind) {
        var ids = new ArrayList<String>();
        var g = group(results, kind);
        if (g != null) {
            g.get("items").forEach(i -> ids.add(i.get("id").asString()));
        }
        return ids;
    }

    private static List<String> names(JsonNode results, String kind) {
        var names = new ArrayList<String>();
        var g = group(results, kind);
        if (g != null) {
            g.get("items").forEach(i -> names.add(i.get("title").get("text").asString()));
        }
        return names;
    }

    /** The marked pieces of a text. */
    private static List<String> marked(JsonNode text) {
        var pieces = new ArrayList<String>();
        var value = text.get("text").asString();
        text.get("marks")
                .forEach(m ->
                        pieces.add(value.substring(m.get(0).asInt(), m.get(1).asInt())));
        return pieces;
    }

    private static String encode(String q) {
        return URLEncoder.encode(q, StandardCharsets.UTF_8);
    }

    private static JsonNode created(ApiClient.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    private static String customer(ApiClient api, String name) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "COMPANY");
        body.put("industry", "MANUFACTURING");
        body.put("name", name);
        return created(api.post("/api/v1/customers", ApiClient.json(body)))
                .get("id")
                .asString();
    }

    private static void contact(ApiClient api, String customerId, String name, String jobTitle) {
        created(api.post(
                "/api/v1/customers/" + customerId + "/contacts",
                ApiClient.json(Map.of("name", name, "jobTitle", jobTitle))));
    }

    private static String interaction(ApiClient api, String customerId, String summary, String content) {
        var body = new LinkedHashMap<String, Object>();
        body.put("subject", "customer:" + customerId);
        body.put("channel", "CALL");
        body.put("direction", "OUTBOUND");
        body.put("startedAt", TestClock.utcNow().minusHours(1).toString());
        body.put("summary", summary);
        body.put("content", content);
        body.put("outcome", "REACHED");
        return created(api.post("/api/v1/interactions", ApiClient.json(body)))
                .get("id")
                .asString();
    }
}
