package dev.dossier.products;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The catalogue through the REST API: products, versions, categories, units sold and the catalogue other modules read. */
@DossierTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductApiTest {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    ProductCatalogue catalogue;

    private ApiClient manager;
    private ApiClient sales;

    @BeforeAll
    void signIn() {
        manager = new ApiClient(port).signIn(users.create(Role.MANAGER), TestUsers.PASSWORD);
        sales = new ApiClient(port).signIn(users.create(Role.SALES), TestUsers.PASSWORD);
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    private String create(String code, String name, String categoryId) {
        var body = new LinkedHashMap<String, Object>();
        body.put("code", code);
        body.put("name", name);
        body.put("categoryId", categoryId);
        var answer = manager.post("/api/v1/products", ApiClient.json(body));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("id").asString();
    }

    @Test
    void aProductIsCreatedChangedWithIfMatchRetiredAndReactivated() {
        var code = "x-" + unique();
        var id = create(code, "Water purifier " + code, null);
        var read = manager.get("/api/v1/products/" + id);
        assertThat(read.json().get("code").asString()).isEqualTo(code.toUpperCase());
        assertThat(read.header("ETag")).isEqualTo("\"0\"");

        var dup = manager.post("/api/v1/products", ApiClient.json(Map.of("code", code.toUpperCase(), "name", "Other")));
        assertThat(dup.status()).as(dup.body()).isEqualTo(422);
        assertThat(dup.header("Content-Type")).contains("application/problem+json");
        assertThat(dup.json().get("errors").toString()).contains("code", "already has this code");

        var noMatch =
                manager.put("/api/v1/products/" + id, ApiClient.json(Map.of("code", code, "name", "Renamed")), null);
        assertThat(noMatch.status()).isEqualTo(428);
        var stale =
                manager.put("/api/v1/products/" + id, ApiClient.json(Map.of("code", code, "name", "Renamed")), "\"7\"");
        assertThat(stale.status()).isEqualTo(412);
        var renamed = manager.put(
                "/api/v1/products/" + id,
                ApiClient.json(Map.of("code", code, "name", "Renamed " + code, "description", "<b>plain</b>")),
                "\"0\"");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.header("ETag")).isEqualTo("\"1\"");
        assertThat(renamed.json().get("description").asString()).isEqualTo("<b>plain</b>");

        var retired = manager.post("/api/v1/products/" + id + "/retirement", "{\"version\":1}");
        assertThat(retired.json().get("status").asString()).isEqualTo("RETIRED");
        assertThat(catalogue.options()).noneMatch(o -> o.id().toString().equals(id));
        assertThat(catalogue.names(java.util.List.of(UUID.fromString(id)))).containsValue("Renamed " + code);
        assertThat(catalogue.exists(UUID.fromString(id), null)).isTrue();
        var staleStep = manager.post("/api/v1/products/" + id + "/reactivation", "{\"version\":1}");
        assertThat(staleStep.status()).isEqualTo(409);
        var active = manager.post("/api/v1/products/" + id + "/reactivation", "{}");
        assertThat(active.json().get("status").asString()).isEqualTo("ACTIVE");
        assertThat(catalogue.options()).anyMatch(o -> o.id().toString().equals(id));
    }

    @Test
    void salesReadTheCatalogueButCannotChangeIt() {
        var id = create("R-" + unique(), "Read only", null);
        assertThat(sales.get("/api/v1/products/" + id).status()).isEqualTo(200);
        var refused = sales.post("/api/v1/products", ApiClient.json(Map.of("code", "NO-" + unique(), "name", "No")));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(sales.post("/api/v1/products/" + id + "/retirement", "{}").status())
                .isEqualTo(403);
    }

    @Test
    void versionsAreUniquePerProductAndRetiredVersionsLeaveThePickers() {
        var id = create("V-" + unique(), "Versioned", null);
        var other = create("V-" + unique(), "Other versioned", null);
        var v1 = manager.post(
                "/api/v1/products/" + id + "/versions", "{\"label\":\"1.0\",\"releasedOn\":\"2025-01-10\"}");
        assertThat(v1.status()).as(v1.body()).isEqualTo(201);
        var v2 = manager.post(
                "/api/v1/products/" + id + "/versions", "{\"label\":\"2.0\",\"releasedOn\":\"2026-03-01\"}");
        var again = manager.post("/api/v1/products/" + id + "/versions", "{\"label\":\"1.0\"}");
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.body()).contains("label");
        // The same label on another product is fine.
        assertThat(manager.post("/api/v1/products/" + other + "/versions", "{\"label\":\"1.0\"}")
                        .status())
                .isEqualTo(201);

        var v1Id = v1.json().get("id").asString();
        var v2Id = v2.json().get("id").asString();
        var option = catalogue.options().stream()
                .filter(o -> o.id().toString().equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(option.versions())
                .extracting(ProductOption.VersionOption::label)
                .containsExactly("2.0", "1.0");

        var retired = manager.post("/api/v1/products/" + id + "/versions/" + v1Id + "/retirement", "{}");
        assertThat(retired.json().get("status").asString()).isEqualTo("RETIRED");
        option = catalogue.options().stream()
                .filter(o -> o.id().toString().equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(option.versions())
                .extracting(ProductOption.VersionOption::label)
                .containsExactly("2.0");
        assertThat(catalogue.versionLabels(java.util.List.of(UUID.fromString(v1Id))))
                .containsValue("1.0");
        assertThat(catalogue.exists(UUID.fromString(id), UUID.fromString(v1Id))).isTrue();
        assertThat(catalogue.exists(UUID.fromString(other), UUID.fromString(v1Id)))
                .isFalse();

        var renamed = manager.put("/api/v1/products/" + id + "/versions/" + v2Id, "{\"label\":\"2.0.1\"}", "\"0\"");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(manager.get("/api/v1/products/" + id).json().get("versions").toString())
                .contains("2.0.1");
        assertThat(manager.get("/api/v1/products/" + other + "/versions/" + v2Id)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void theListFiltersByCategoryWithItsSubCategoriesStatusAndTextAndPagesByKeyset() {
        var top = manager.post("/api/v1/product-categories", "{\"name\":\"Appliances " + unique() + "\"}")
                .json()
                .get("id")
                .asString();
        var sub = manager.post(
                        "/api/v1/product-categories",
                        "{\"name\":\"Kitchen\",\"parentId\":\"" + top + "\",\"sortOrder\":2}")
                .json()
                .get("id")
                .asString();
        var tag = unique();
        for (int i = 0; i < 5; i++) {
            create("L" + i + "-" + tag, "Kettle " + tag + " " + i, i % 2 == 0 ? sub : top);
        }
        create("L9-" + tag, "Kettle " + tag + " outside", null);

        var ids = new HashSet<String>();
        String cursor = null;
        int pages = 0;
        do {
            var page = manager.get("/api/v1/products?category=" + top + "&limit=2"
                            + (cursor == null ? "" : "&cursor=" + cursor))
                    .json();
            page.get("items").forEach(p -> ids.add(p.get("id").asString()));
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null);
        assertThat(ids).hasSize(5);
        assertThat(pages).isEqualTo(3);

        var text = manager.get("/api/v1/products?q=kettle%20" + tag.toLowerCase())
                .json()
                .get("items");
        assertThat(text).hasSize(6);
        var byCode = manager.get("/api/v1/products?q=l9-" + tag).json().get("items");
        assertThat(byCode).hasSize(1);
        assertThat(manager.get("/api/v1/products?status=RETIRED&q=" + tag)
                        .json()
                        .get("items"))
                .isEmpty();
        assertThat(manager.get("/api/v1/products?status=NONSENSE").status()).isEqualTo(400);

        // A category cannot move under its own sub-category.
        var cycle = manager.put(
                "/api/v1/product-categories/" + top, "{\"name\":\"Appliances\",\"parentId\":\"" + sub + "\"}", "\"0\"");
        assertThat(cycle.status()).isEqualTo(422);
        assertThat(cycle.body()).contains("parentId");
        var list = manager.get("/api/v1/product-categories").body();
        assertThat(list.indexOf(top)).isLessThan(list.indexOf(sub));
    }

    @Test
    void unitsSoldAreSetOnePerProductVersionAndMonthAndSummedForAPeriod() {
        var id = create("U-" + unique(), "Units", null);
        var version = manager.post("/api/v1/products/" + id + "/versions", "{\"label\":\"A\"}")
                .json()
                .get("id")
                .asString();
        var put = manager.put(
                "/api/v1/units-sold", "{\"productId\":\"" + id + "\",\"month\":\"2026-01\",\"units\":100}", null);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().get("outcome").asString()).isEqualTo("CREATED");
        assertThat(manager.put(
                                "/api/v1/units-sold",
                                "{\"productId\":\"" + id + "\",\"month\":\"2026-01\",\"units\":100}",
                                null)
                        .json()
                        .get("outcome")
                        .asString())
                .isEqualTo("UNCHANGED");
        manager.put(
                "/api/v1/units-sold",
                "{\"productId\":\"" + id + "\",\"versionId\":\"" + version + "\",\"month\":\"2026-01\",\"units\":40}",
                null);
        manager.put(
                "/api/v1/units-sold",
                "{\"productId\":\"" + id + "\",\"versionId\":\"" + version + "\",\"month\":\"2026-02\",\"units\":2}",
                null);
        manager.put(
                "/api/v1/units-sold",
                "{\"productId\":\"" + id + "\",\"versionId\":\"" + version + "\",\"month\":\"2026-04\",\"units\":1000}",
                null);

        var negative = manager.put(
                "/api/v1/units-sold", "{\"productId\":\"" + id + "\",\"month\":\"2026-01\",\"units\":-1}", null);
        assertThat(negative.status()).isEqualTo(422);
        assertThat(sales.put(
                                "/api/v1/units-sold",
                                "{\"productId\":\"" + id + "\",\"month\":\"2026-01\",\"units\":1}",
                                null)
                        .status())
                .isEqualTo(403);

        var sums = catalogue.unitsSold(YearMonth.of(2026, 1), YearMonth.of(2026, 3)).stream()
                .filter(u -> u.productId().toString().equals(id))
                .toList();
        assertThat(sums)
                .containsExactlyInAnyOrder(
                        new UnitsSold(UUID.fromString(id), null, 100),
                        new UnitsSold(UUID.fromString(id), UUID.fromString(version), 42));

        var figures = manager.get("/api/v1/units-sold?from=2026-01&to=2026-12&product=" + id)
                .json();
        assertThat(figures).hasSize(4);
        assertThat(figures.get(0).get("month").asString()).isEqualTo("2026-01");
        assertThat(manager.get("/api/v1/units-sold?from=2026-13").status()).isEqualTo(400);
    }

    @Test
    void theOpenApiDocumentDescribesTheCatalogue() {
        var doc = manager.get("/v3/api-docs").body();
        assertThat(doc)
                .contains("/api/v1/products/{id}/versions", "/api/v1/product-categories", "/api/v1/units-sold/import");
    }
}
