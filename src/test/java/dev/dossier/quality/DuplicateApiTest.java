package dev.dossier.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Duplicates as an API client meets them: the 409 on entry, the check as one types, the review queue, scans. */
@DossierTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuplicateApiTest {

    private static final String CUSTOMERS = "/api/v1/customers";

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    private ApiClient admin;

    @BeforeAll
    void signIn() {
        admin = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
    }

    @Test
    void aSecondCustomerWithTheSameMobileIsRefusedWithTheCandidatesUntilTheCallerConfirms() {
        var mobile = mobile();
        var first = admin.post(CUSTOMERS, ApiClient.json(person("林晓峰", mobile)));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        var firstId = first.json().get("id").asString();

        var formatted = "+86 " + mobile.substring(0, 3) + " " + mobile.substring(3, 7) + " " + mobile.substring(7);
        var again = admin.post(CUSTOMERS, ApiClient.json(person("林 曉峰", formatted)));
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.header("Content-Type")).startsWith("application/problem+json");
        assertThat(again.json().get("type").asString()).endsWith("possible-duplicates");
        var candidate = again.json().get("candidates").get(0);
        assertThat(candidate.get("id").asString()).isEqualTo(firstId);
        assertThat(candidate.get("name").asString()).isEqualTo("林晓峰");
        assertThat(strings(candidate.get("reasons"))).contains("PHONE", "PERSON_NAME");
        assertThat(candidate.get("score").asDouble()).isGreaterThanOrEqualTo(0.8);

        var checked = admin.post(CUSTOMERS + "/duplicates", ApiClient.json(person("林晓峰", mobile)));
        assertThat(checked.status()).isEqualTo(200);
        assertThat(checked.json().get(0).get("id").asString()).isEqualTo(firstId);

        var confirmed = admin.post(CUSTOMERS + "?confirmDuplicates=true", ApiClient.json(person("林 曉峰", formatted)));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
    }

    @Test
    void aNamesakeWithAnotherPhoneIsNoDuplicate() {
        var first = admin.post(CUSTOMERS, ApiClient.json(person("王芳", mobile())));
        assertThat(first.status()).isEqualTo(201);
        var namesake = admin.post(CUSTOMERS, ApiClient.json(person("王芳", mobile())));
        assertThat(namesake.status()).as(namesake.body()).isEqualTo(201);
    }

    @Test
    void aSellerIsNotToldOfACustomerTheyCannotSee() {
        var mobile = mobile();
        assertThat(admin.post(CUSTOMERS, ApiClient.json(person("赵明远", mobile))).status())
                .isEqualTo(201);
        var seller = new ApiClient(port).signIn(users.create(Role.SALES), TestUsers.PASSWORD);
        assertThat(seller.post(CUSTOMERS + "/duplicates", ApiClient.json(person("赵明远", mobile)))
                        .json()
                        .size())
                .isZero();
        var created = seller.post(CUSTOMERS, ApiClient.json(person("赵明远", mobile)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @Test
    void aCompanyEnteredAgainUnderAnotherLegalFormAndWithItsCityInBracketsIsFound() {
        var core = "澜" + letters() + "智能";
        var first = admin.post(CUSTOMERS, ApiClient.json(company("杭州" + core + "科技有限公司")));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        var firstId = first.json().get("id").asString();
        // The name's key is written once the registration is heard of.
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var again = admin.post(CUSTOMERS, ApiClient.json(company(core + "科技（杭州）股份有限公司")));
            assertThat(again.status()).as(again.body()).isEqualTo(409);
            assertThat(again.json().get("candidates").get(0).get("id").asString())
                    .isEqualTo(firstId);
            assertThat(strings(again.json().get("candidates").get(0).get("reasons")))
                    .contains("COMPANY_NAME");
        });
        assertThat(admin.post(CUSTOMERS, ApiClient.json(company("上海" + core + "科技有限公司")))
                        .status())
                .as("a namesake in another city")
                .isEqualTo(201);
    }

    @Test
    void duplicatesReachTheQueueAndAPairMarkedNotADuplicateIsNeverProposedAgain() {
        var email = "dup-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        var first = admin.post(CUSTOMERS, ApiClient.json(person("Jonathan Whitfield", mobile(), email)));
        var firstId = first.json().get("id").asString();
        var second = admin.post(
                CUSTOMERS + "?confirmDuplicates=true",
                ApiClient.json(person("WHITFIELD Jonathon", mobile(), email.toUpperCase())));
        assertThat(second.status()).as(second.body()).isEqualTo(201);
        var secondId = second.json().get("id").asString();

        var cluster = Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> clusterOf(firstId, secondId), c -> c != null);
        var detail =
                admin.get("/api/v1/duplicates/" + cluster.get("id").asString()).json();
        assertThat(strings(detail.get("pairs").get(0).get("reasons"))).contains("EMAIL", "PERSON_NAME_TYPO");

        var dismissed = admin.post(
                "/api/v1/duplicates/dismissals", ApiClient.json(Map.of("customerIds", List.of(firstId, secondId))));
        assertThat(dismissed.status()).as(dismissed.body()).isEqualTo(200);
        assertThat(dismissed.json().get("marked").asInt()).isEqualTo(1);
        assertThat(clusterOf(firstId, secondId)).isNull();
        assertThat(admin.get("/api/v1/duplicates/" + cluster.get("id").asString())
                        .status())
                .isEqualTo(404);

        var scan = admin.post("/api/v1/duplicates/scans", "{}");
        assertThat(scan.status()).isEqualTo(202);
        var location = scan.header("Location");
        Awaitility.await()
                .atMost(Duration.ofMinutes(2))
                .until(() -> admin.get(location).json().get("state").asString().equals("DONE"));
        assertThat(clusterOf(firstId, secondId))
                .as("still not proposed after a scan")
                .isNull();
        var again =
                admin.post(CUSTOMERS + "/duplicates", ApiClient.json(person("Jonathan Whitfield", mobile(), email)));
        assertThat(again.json().size()).as("a third one is still found").isEqualTo(2);
    }

    @Test
    void rulesAreTriedOnThePairsFoundThenSavedAndEveryPairIsScoredAgain() {
        var email = "rule-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        var firstId = admin.post(CUSTOMERS, ApiClient.json(person("Margaret Holloway", mobile(), email)))
                .json()
                .get("id")
                .asString();
        var secondId = admin.post(
                        CUSTOMERS + "?confirmDuplicates=true",
                        ApiClient.json(person("Margaret Holoway", mobile(), email)))
                .json()
                .get("id")
                .asString();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> clusterOf(firstId, secondId) != null);

        var rules = admin.get("/api/v1/duplicates/rules").json();
        assertThat(rules.get("threshold").asDouble()).isEqualTo(0.8);
        assertThat(rules.get("weights").get("PERSON_NAME_TYPO").asDouble()).isEqualTo(0.4);
        int version = rules.get("version").asInt();

        // Names matched exactly only: the pair (same email, one typo apart) would go.
        Map<String, Object> exact = Map.of("threshold", 0.8, "weights", Map.of("PERSON_NAME_TYPO", 0.0));
        var preview = admin.post("/api/v1/duplicates/rules/preview", ApiClient.json(exact));
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.json().get("lost").asLong()).isPositive();
        assertThat(preview.json().get("now").asLong()
                        - preview.json().get("proposed").asLong())
                .isEqualTo(preview.json().get("lost").asLong()
                        - preview.json().get("gained").asLong());
        var examples = new ArrayList<String>();
        preview.json()
                .get("examples")
                .forEach(e -> examples.add(
                        e.get("first").asString() + "|" + e.get("second").asString()));
        assertThat(examples).anyMatch(e -> e.contains("Margaret Holloway") && e.contains("Margaret Holoway"));
        assertThat(clusterOf(firstId, secondId))
                .as("nothing saved by a preview")
                .isNotNull();

        try {
            var saved = admin.put("/api/v1/duplicates/rules", ApiClient.json(with(exact, "version", version)), null);
            assertThat(saved.status()).as(saved.body()).isEqualTo(200);
            assertThat(saved.json().get("version").asInt()).isEqualTo(version + 1);
            assertThat(clusterOf(firstId, secondId)).as("regrouped at once").isNull();
            var stale = admin.put("/api/v1/duplicates/rules", ApiClient.json(with(exact, "version", version)), null);
            assertThat(stale.status()).isEqualTo(409);
        } finally {
            var current =
                    admin.get("/api/v1/duplicates/rules").json().get("version").asInt();
            var restored = admin.put(
                    "/api/v1/duplicates/rules",
                    ApiClient.json(Map.of("threshold", 0.8, "weights", Map.of(), "version", current)),
                    null);
            assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        }
        assertThat(clusterOf(firstId, secondId)).as("back with the defaults").isNotNull();

        var invalid = admin.post(
                "/api/v1/duplicates/rules/preview",
                ApiClient.json(Map.of("threshold", 0.2, "weights", Map.of("PHONE", 2.0, "NO_SUCH", 0.5))));
        assertThat(invalid.status()).isEqualTo(422);
        var fields = new ArrayList<String>();
        invalid.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("threshold", "weights.PHONE", "weights.NO_SUCH");
        var seller = new ApiClient(port).signIn(users.create(Role.SALES), TestUsers.PASSWORD);
        assertThat(seller.put("/api/v1/duplicates/rules", ApiClient.json(with(exact, "version", 0)), null)
                        .status())
                .isEqualTo(403);
    }

    private static Map<String, Object> with(Map<String, Object> map, String key, Object value) {
        var copy = new LinkedHashMap<>(map);
        copy.put(key, value);
        return copy;
    }

    @Test
    void badInputGetsProblems() {
        assertThat(admin.post("/api/v1/duplicates/dismissals", "{}").status()).isEqualTo(422);
        assertThat(admin.post(
                                "/api/v1/duplicates/dismissals",
                                ApiClient.json(Map.of("customerIds", List.of(UUID.randomUUID(), UUID.randomUUID()))))
                        .status())
                .isEqualTo(404);
        assertThat(admin.get("/api/v1/duplicates?cursor=nonsense").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/duplicates/" + UUID.randomUUID()).status())
                .isEqualTo(404);
        var seller = new ApiClient(port).signIn(users.create(Role.SERVICE), TestUsers.PASSWORD);
        assertThat(seller.get("/api/v1/duplicates").status()).isEqualTo(403);
    }

    private JsonNode clusterOf(String firstId, String secondId) {
        String cursor = null;
        do {
            var page = admin.get("/api/v1/duplicates?limit=100" + (cursor == null ? "" : "&cursor=" + cursor))
                    .json();
            for (var cluster : page.get("items")) {
                var ids = new ArrayList<String>();
                cluster.get("members").forEach(m -> ids.add(m.get("customerId").asString()));
                if (ids.contains(firstId) && ids.contains(secondId)) {
                    return cluster;
                }
            }
            cursor = page.get("nextCursor") == null || page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
        } while (cursor != null);
        return null;
    }

    private static List<String> strings(JsonNode array) {
        var list = new ArrayList<String>();
        array.forEach(n -> list.add(n.asString()));
        return list;
    }

    private static Map<String, Object> person(String name, String phone) {
        return person(name, phone, null);
    }

    private static Map<String, Object> person(String name, String phone, String email) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "INDIVIDUAL");
        body.put("name", name);
        body.put("phones", List.of(Map.of("type", "MOBILE", "number", phone)));
        if (email != null) {
            body.put("emails", List.of(Map.of("type", "WORK", "address", email)));
        }
        return body;
    }

    private static Map<String, Object> company(String name) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "COMPANY");
        body.put("name", name);
        body.put("industry", "IT_SOFTWARE");
        body.put("phones", List.of(Map.of("type", "WORK", "number", mobile())));
        return body;
    }

    private static String mobile() {
        return "137" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
    }

    private static String letters() {
        var chars = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥";
        var random = ThreadLocalRandom.current();
        return "" + chars.charAt(random.nextInt(chars.length())) + chars.charAt(random.nextInt(chars.length()))
                + chars.charAt(random.nextInt(chars.length()));
    }
}
