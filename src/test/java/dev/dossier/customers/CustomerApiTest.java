package dev.dossier.customers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.ApiClient.Answer;
import dev.dossier.support.TestUsers;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The customer REST API as a client sees it: real HTTP against a running server. The database is shared by the
 * tests of this class, so every test makes its own customers with names and tags unique to it.
 */
@DossierTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomerApiTest {

    private static final String CUSTOMERS = "/api/v1/customers";
    private static final String PROBLEM = "urn:dossier:problem:";

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    private ApiClient admin;

    @BeforeAll
    void signIn() {
        admin = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
    }

    // ------------------------------------------------------------------ create, read, update

    @Test
    void thePreferredLanguageIsSetThroughTheApiAndOnlyToALanguageDossierWritesIn() {
        var body = company("Sprache " + unique());
        body.put("preferredLanguage", "de");
        var refused = admin.post(CUSTOMERS, ApiClient.json(body));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("preferredLanguage");

        body.put("preferredLanguage", "zh_cn");
        var created = admin.post(CUSTOMERS, ApiClient.json(body));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("preferredLanguage").asString()).isEqualTo("zh-CN");
        var id = created.json().get("id").asString();
        assertThat(admin.get(CUSTOMERS + "/" + id)
                        .json()
                        .get("preferredLanguage")
                        .asString())
                .isEqualTo("zh-CN");
    }

    @Test
    void createsACompanyWithNormalisedPhonesLocationAndETag() {
        var name = "Acme " + unique();
        var body = company(name);
        body.put("phones", List.of(phone("WORK", "139 1234 5678"), phone(null, "(0571) 8765-4321")));
        body.put("emails", List.of(Map.of("type", "WORK", "address", "Sales@Acme-" + unique() + ".example.com")));
        body.put("tags", List.of("key-account"));

        var answer = admin.post(CUSTOMERS, ApiClient.json(body));

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        var created = answer.json();
        var id = created.get("id").asString();
        assertThat(answer.header("Location")).endsWith(CUSTOMERS + "/" + id);
        assertThat(answer.header("ETag"))
                .isEqualTo("\"" + created.get("version").asInt() + "\"");
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(created.get("type").asString()).isEqualTo("COMPANY");
        assertThat(created.get("name").asString()).isEqualTo(name);
        assertThat(created.get("industry").asString()).isEqualTo("IT_SOFTWARE");
        var phones = created.get("phones");
        assertThat(phones.size()).isEqualTo(2);
        assertThat(phones.get(0).get("number").asString()).isEqualTo("+8613912345678");
        assertThat(phones.get(0).get("type").asString()).isEqualTo("WORK");
        assertThat(phones.get(0).get("formatted").asString()).isEqualTo("139 1234 5678");
        // No country code: read in the default region CN; no type: a mobile.
        assertThat(phones.get(1).get("number").asString()).isEqualTo("+8657187654321");
        assertThat(phones.get(1).get("type").asString()).isEqualTo("MOBILE");
        assertThat(created.get("emails").get(0).get("address").asString()).endsWith(".example.com");
        assertThat(texts(created.get("tags"))).containsExactly("key-account");
        assertThat(created.get("grade").asString()).isEqualTo("POTENTIAL");
        assertThat(created.get("lifecycleStage").asString()).isEqualTo("LEAD");
        assertThat(created.path("ownerId").isString()).isTrue();
        assertThat(created.path("deletedAt").isString()).isFalse();

        var read = admin.get(CUSTOMERS + "/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo(answer.header("ETag"));
        assertThat(read.json().get("name").asString()).isEqualTo(name);
        assertThat(read.json().get("phones").get(0).get("number").asString()).isEqualTo("+8613912345678");
        assertThat(read.json().get("version").asInt())
                .isEqualTo(created.get("version").asInt());
    }

    @Test
    void updatesWithIfMatchAndAnswersTheNewVersionAndETag() {
        var created = create(company("Update " + unique()));
        var id = created.get("id").asString();
        int version = created.get("version").asInt();
        var etag = admin.get(CUSTOMERS + "/" + id).header("ETag");

        var body = company("Updated " + unique());
        body.put("grade", "VIP");
        body.put("lifecycleStage", "CUSTOMER");
        var answer = admin.put(CUSTOMERS + "/" + id, ApiClient.json(body), etag);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("version").asInt()).isEqualTo(version + 1);
        assertThat(answer.header("ETag")).isEqualTo("\"" + (version + 1) + "\"").isNotEqualTo(etag);
        var read = admin.get(CUSTOMERS + "/" + id);
        assertThat(read.json().get("name").asString()).isEqualTo(body.get("name"));
        assertThat(read.json().get("grade").asString()).isEqualTo("VIP");
        assertThat(read.json().get("lifecycleStage").asString()).isEqualTo("CUSTOMER");
        assertThat(read.header("ETag")).isEqualTo(answer.header("ETag"));

        // The version in the body instead of If-Match works as well.
        var again = company("Updated again " + unique());
        again.put("version", version + 1);
        var second = admin.put(CUSTOMERS + "/" + id, ApiClient.json(again), null);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.json().get("version").asInt()).isEqualTo(version + 2);
    }

    @Test
    void staleIfMatchIsRefusedWith412AndChangesNothing() {
        var created = create(company("Stale " + unique()));
        var id = created.get("id").asString();
        var oldEtag = admin.get(CUSTOMERS + "/" + id).header("ETag");
        var first = admin.put(CUSTOMERS + "/" + id, ApiClient.json(company("First edit " + unique())), oldEtag);
        assertThat(first.status()).isEqualTo(200);

        var answer = admin.put(CUSTOMERS + "/" + id, ApiClient.json(company("Lost edit " + unique())), oldEtag);

        assertProblem(answer, 412, "precondition-failed");
        assertThat(answer.json().get("currentVersion").asInt())
                .isEqualTo(first.json().get("version").asInt());
        var read = admin.get(CUSTOMERS + "/" + id).json();
        assertThat(read.get("name").asString())
                .isEqualTo(first.json().get("name").asString());
        assertThat(read.get("version").asInt())
                .isEqualTo(first.json().get("version").asInt());
    }

    @Test
    void updateWithoutAnyPreconditionIsRefusedWith428() {
        var created = create(company("NoPrecondition " + unique()));
        var id = created.get("id").asString();

        var answer = admin.put(CUSTOMERS + "/" + id, ApiClient.json(company("Blind edit " + unique())), null);

        assertProblem(answer, 428, "precondition-required");
        var read = admin.get(CUSTOMERS + "/" + id).json();
        assertThat(read.get("name").asString()).isEqualTo(created.get("name").asString());
        assertThat(read.get("version").asInt()).isEqualTo(created.get("version").asInt());
    }

    @Test
    void staleVersionInTheBodyIsAConflictNamingTheCurrentVersion() {
        var created = create(company("Conflict " + unique()));
        var id = created.get("id").asString();
        int version = created.get("version").asInt();
        var edit = company("Their edit " + unique());
        edit.put("version", version);
        assertThat(admin.put(CUSTOMERS + "/" + id, ApiClient.json(edit), null).status())
                .isEqualTo(200);

        var mine = company("My edit " + unique());
        mine.put("version", version);
        var answer = admin.put(CUSTOMERS + "/" + id, ApiClient.json(mine), null);

        assertProblem(answer, 409, "stale-version");
        assertThat(answer.json().get("currentVersion").asInt()).isEqualTo(version + 1);
        var read = admin.get(CUSTOMERS + "/" + id).json();
        assertThat(read.get("name").asString()).isEqualTo(edit.get("name"));
        assertThat(read.get("version").asInt()).isEqualTo(version + 1);
    }

    // ------------------------------------------------------------------ trash, restore, purge

    @Test
    void deleteMovesToTheTrashAndRestoreBringsBack() {
        var name = "Trash " + unique();
        var id = create(company(name)).get("id").asString();

        assertThat(admin.delete(CUSTOMERS + "/" + id).status()).isEqualTo(204);

        var trashed = admin.get(CUSTOMERS + "/" + id);
        assertThat(trashed.status()).isEqualTo(200);
        assertThat(trashed.json().path("deletedAt").isString()).isTrue();
        assertThat(ids(admin.get(CUSTOMERS + "?q=" + enc(name)))).doesNotContain(id);
        assertThat(ids(admin.get(CUSTOMERS + "?limit=200&sort=-created"))).doesNotContain(id);
        assertThat(ids(admin.get(CUSTOMERS + "?deleted=true&q=" + enc(name)))).containsExactly(id);

        var restored = admin.post(CUSTOMERS + "/" + id + "/restore", "");
        assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        assertThat(restored.json().path("deletedAt").isString()).isFalse();
        assertThat(restored.header("ETag"))
                .isEqualTo("\"" + restored.json().get("version").asInt() + "\"");
        assertThat(admin.get(CUSTOMERS + "/" + id).json().path("deletedAt").isString())
                .isFalse();
        assertThat(ids(admin.get(CUSTOMERS + "?q=" + enc(name)))).containsExactly(id);
        assertThat(ids(admin.get(CUSTOMERS + "?deleted=true&q=" + enc(name)))).isEmpty();
    }

    @Test
    void administratorDeletesFromTheTrashForGood() {
        var name = "Purge " + unique();
        var id = create(company(name)).get("id").asString();
        assertThat(admin.delete(CUSTOMERS + "/" + id).status()).isEqualTo(204);

        var answer = admin.delete(CUSTOMERS + "/" + id + "?permanent=true");

        assertThat(answer.status()).as(answer.body()).isEqualTo(204);
        assertProblem(admin.get(CUSTOMERS + "/" + id), 404, "not-found");
        assertThat(ids(admin.get(CUSTOMERS + "?deleted=true&q=" + enc(name)))).isEmpty();
        assertThat(ids(admin.get(CUSTOMERS + "?q=" + enc(name)))).isEmpty();
    }

    @Test
    void salesMayTrashButNotDeleteForGood() {
        var sales = new ApiClient(port).signIn(users.create(Role.SALES), TestUsers.PASSWORD);
        var name = "SalesPurge " + unique();
        var created = sales.post(CUSTOMERS, ApiClient.json(company(name)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var id = created.json().get("id").asString();
        assertThat(sales.delete(CUSTOMERS + "/" + id).status()).isEqualTo(204);

        var answer = sales.delete(CUSTOMERS + "/" + id + "?permanent=true");

        assertProblem(answer, 403, "forbidden");
        var read = admin.get(CUSTOMERS + "/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("deletedAt").isString()).isTrue();
        assertThat(ids(admin.get(CUSTOMERS + "?deleted=true&q=" + enc(name)))).containsExactly(id);
    }

    // ------------------------------------------------------------------ contacts

    @Test
    void aCustomerReadWithGetCanBeSentBackWithPut() {
        var created = create(company("Round trip " + unique()));
        var id = created.get("id").asString();
        var read = admin.get(CUSTOMERS + "/" + id);
        var body = (tools.jackson.databind.node.ObjectNode) read.json();
        body.put("remarks", "Sent back as read");
        var answer = admin.put(CUSTOMERS + "/" + id, body.toString(), read.header("ETag"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("remarks").asString()).isEqualTo("Sent back as read");
        assertThat(answer.json().get("phones")).isEqualTo(read.json().get("phones"));
        assertThat(answer.json().get("id").asString()).isEqualTo(id);

        // A field no answer carries is still refused.
        body.put("nickname", "x");
        assertProblem(admin.put(CUSTOMERS + "/" + id, body.toString(), answer.header("ETag")), 400, "unknown-field");
    }

    @Test
    void contactsOfACompanyCanBeAddedReadChangedAndRemoved() {
        var companyId = create(company("Contacts " + unique())).get("id").asString();
        var contacts = CUSTOMERS + "/" + companyId + "/contacts";
        var contact = new LinkedHashMap<String, Object>();
        contact.put("name", "Li Lei " + unique());
        contact.put("jobTitle", "Buyer");
        contact.put("decisionRole", null);
        contact.put("phones", List.of(phone(null, "138-0013-8000")));
        contact.put("emails", List.of(Map.of("address", "li.lei@example.com")));

        var added = admin.post(contacts, ApiClient.json(contact));

        assertThat(added.status()).as(added.body()).isEqualTo(201);
        var contactId = added.json().get("id").asString();
        assertThat(added.header("Location")).endsWith(contacts + "/" + contactId);
        assertThat(added.header("ETag"))
                .isEqualTo("\"" + added.json().get("version").asInt() + "\"");
        assertThat(added.json().get("customerId").asString()).isEqualTo(companyId);
        assertThat(added.json().get("phones").get(0).get("number").asString()).isEqualTo("+8613800138000");
        assertThat(ids(admin.get(contacts))).containsExactly(contactId);

        var read = admin.get(contacts + "/" + contactId);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("jobTitle").asString()).isEqualTo("Buyer");

        var sentBack = (tools.jackson.databind.node.ObjectNode) read.json();
        sentBack.put("jobTitle", "Head of purchasing");
        var changed = admin.put(contacts + "/" + contactId, sentBack.toString(), read.header("ETag"));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("version").asInt())
                .isEqualTo(read.json().get("version").asInt() + 1);
        assertThat(admin.get(contacts + "/" + contactId).json().get("jobTitle").asString())
                .isEqualTo("Head of purchasing");
        // A stale If-Match on a contact is refused too.
        assertProblem(
                admin.put(contacts + "/" + contactId, ApiClient.json(contact), read.header("ETag")),
                412,
                "precondition-failed");

        assertThat(admin.delete(contacts + "/" + contactId).status()).isEqualTo(204);
        assertProblem(admin.get(contacts + "/" + contactId), 404, "not-found");
        assertThat(admin.get(contacts).json().size()).isZero();
    }

    @Test
    void aContactOnAnIndividualIsRefused() {
        var personId = create(individual("Person " + unique(), randomMobile()))
                .get("id")
                .asString();
        var contacts = CUSTOMERS + "/" + personId + "/contacts";

        var answer = admin.post(contacts, ApiClient.json(Map.of("name", "Somebody " + unique())));

        assertProblem(answer, 422, "validation");
        assertThat(answer.json().get("errors").size()).isPositive();
        assertThat(admin.get(contacts).json().size()).isZero();
    }

    // ------------------------------------------------------------------ list, filters, pages

    @Test
    void listFiltersCombine() {
        var tag = "filter-" + unique();
        var a = create(with(
                        company("FilterA " + unique()),
                        "grade",
                        "VIP",
                        "lifecycleStage",
                        "CUSTOMER",
                        "tags",
                        List.of(tag)))
                .get("id")
                .asString();
        var b = create(with(
                        company("FilterB " + unique()),
                        "grade",
                        "VIP",
                        "lifecycleStage",
                        "LEAD",
                        "tags",
                        List.of(tag, "other-" + unique())))
                .get("id")
                .asString();
        var c = create(with(
                        individual("FilterC " + unique(), randomMobile()),
                        "grade",
                        "ORDINARY",
                        "lifecycleStage",
                        "CUSTOMER",
                        "tags",
                        List.of(tag)))
                .get("id")
                .asString();
        var d = create(with(individual("FilterD " + unique(), randomMobile()), "tags", List.of(tag)))
                .get("id")
                .asString();
        var untagged = create(with(company("FilterE " + unique()), "grade", "VIP"))
                .get("id")
                .asString();

        var base = CUSTOMERS + "?limit=200&tag=" + enc(tag);
        assertThat(ids(admin.get(base))).containsExactlyInAnyOrder(a, b, c, d);
        assertThat(ids(admin.get(base + "&grade=VIP"))).containsExactlyInAnyOrder(a, b);
        assertThat(ids(admin.get(base + "&lifecycleStage=CUSTOMER"))).containsExactlyInAnyOrder(a, c);
        assertThat(ids(admin.get(base + "&type=INDIVIDUAL"))).containsExactlyInAnyOrder(c, d);
        assertThat(ids(admin.get(base + "&type=COMPANY&grade=VIP&lifecycleStage=CUSTOMER")))
                .containsExactly(a);
        assertThat(ids(admin.get(base + "&grade=POTENTIAL&lifecycleStage=LEAD")))
                .containsExactly(d);
        assertThat(ids(admin.get(base + "&grade=IMPORTANT"))).isEmpty();
        var vip = admin.get(CUSTOMERS + "?limit=200&grade=VIP");
        assertThat(ids(vip)).contains(a, b, untagged).doesNotContain(c, d);
        for (var item : vip.json().get("items")) {
            assertThat(item.get("grade").asString()).isEqualTo("VIP");
        }
        for (var item : admin.get(base).json().get("items")) {
            assertThat(texts(item.get("tags"))).contains(tag);
        }
        // A filter value that is not an option is a bad parameter, not an empty list.
        var bad = admin.get(CUSTOMERS + "?grade=SUPER");
        assertProblem(bad, 400, "invalid-parameter");
        assertThat(bad.json().get("parameter").asString()).isEqualTo("grade");
        var badOwner = admin.get(CUSTOMERS + "?q=x&ownerId=nobody");
        assertProblem(badOwner, 400, "invalid-parameter");
        assertThat(badOwner.json().get("errors").get(0).get("field").asString()).isEqualTo("ownerId");
    }

    @Test
    void cursorPagesWalkEveryCustomerOnceInAStableOrder() {
        var tag = "pages-" + unique();
        var prefix = "Page " + unique() + " ";
        var created = new ArrayList<String>();
        for (var suffix : List.of("E", "B", "D", "A", "C")) {
            created.add(create(with(company(prefix + suffix), "tags", List.of(tag)))
                    .get("id")
                    .asString());
        }
        // Two with the same name (registered as another customer all the same): the id breaks the tie, and neither
        // may fall between two pages.
        var again = admin.post(
                CUSTOMERS + "?confirmDuplicates=true",
                ApiClient.json(with(company(prefix + "B"), "tags", List.of(tag))));
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        created.add(again.json().get("id").asString());

        for (var sort : List.of(
                "",
                "&sort=name",
                "&sort=-name",
                "&sort=created",
                "&sort=-created",
                "&sort=updated",
                "&sort=-updated")) {
            var query = CUSTOMERS + "?tag=" + enc(tag) + sort;
            var all = ids(admin.get(query + "&limit=200"));
            assertThat(all).as(sort).containsExactlyInAnyOrderElementsOf(created);

            var walked = walk(query, 2);
            assertThat(walked.pageSizes()).as(sort).containsExactly(2, 2, 2);
            assertThat(walked.ids()).as(sort).doesNotHaveDuplicates().containsExactlyElementsOf(all);
            assertThat(walk(query, 2).ids()).as(sort + " again").containsExactlyElementsOf(walked.ids());
            assertThat(walk(query, 4).ids()).as(sort + " by 4").containsExactlyElementsOf(walked.ids());
        }
        var byName = admin.get(CUSTOMERS + "?limit=200&tag=" + enc(tag)).json().get("items");
        var names = new ArrayList<String>();
        byName.forEach(item -> names.add(item.get("name").asString()));
        assertThat(names)
                .containsExactly(prefix + "A", prefix + "B", prefix + "B", prefix + "C", prefix + "D", prefix + "E");

        // Search results page the same way (best match first, then name).
        var searched = walk(CUSTOMERS + "?q=" + enc(prefix.strip()), 2);
        assertThat(searched.ids()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
        assertThat(searched.ids())
                .containsExactlyElementsOf(ids(admin.get(CUSTOMERS + "?limit=200&q=" + enc(prefix.strip()))));
    }

    // ------------------------------------------------------------------ quick search

    @Test
    void quickSearchFindsAChineseNameByPinyinAndFragment() {
        var id = create(individual("张三", randomMobile())).get("id").asString();

        for (var query : List.of("zs", "ZS", "zhangsan", "zhang san", "ZhangSan", "zhang", "张三", "张", "三", "san")) {
            assertThat(ids(admin.get(CUSTOMERS + "?limit=200&q=" + enc(query))))
                    .as(query)
                    .contains(id);
        }
        assertThat(ids(admin.get(CUSTOMERS + "?limit=200&q=" + enc("zhangsi")))).doesNotContain(id);
    }

    @Test
    void quickSearchFindsAPhoneFragmentTypedInAnyFormat() {
        var last = fourDigits();
        var mobile = "139 1234 " + last;
        var id = create(with(company("Phone " + unique()), "phones", List.of(phone(null, mobile))))
                .get("id")
                .asString();

        for (var query : List.of(
                "1391234",
                "+86 139-1234",
                "139 1234",
                "(139) 1234-" + last,
                "1234" + last,
                "+86 139 1234 " + last,
                "139.1234." + last)) {
            assertThat(ids(admin.get(CUSTOMERS + "?limit=200&q=" + enc(query))))
                    .as(query)
                    .contains(id);
        }
        assertThat(ids(admin.get(CUSTOMERS + "?limit=200&q=" + enc("139-1234-" + last + "9"))))
                .doesNotContain(id);
    }

    @Test
    void quickSearchFindsACompanyByItsContactsNameAndPhone() {
        var companyId = create(company("Holding " + unique())).get("id").asString();
        var contactName = "Zhao" + letters(8);
        var contactPhone = randomMobile();
        var added = admin.post(
                CUSTOMERS + "/" + companyId + "/contacts",
                ApiClient.json(Map.of("name", contactName, "phones", List.of(phone(null, contactPhone)))));
        assertThat(added.status()).as(added.body()).isEqualTo(201);

        assertThat(ids(admin.get(CUSTOMERS + "?q=" + enc(contactName)))).containsExactly(companyId);
        assertThat(ids(admin.get(CUSTOMERS + "?q=" + enc(contactName.toLowerCase()))))
                .containsExactly(companyId);
        assertThat(ids(admin.get(CUSTOMERS + "?q=" + enc(contactPhone)))).containsExactly(companyId);
        assertThat(ids(admin.get(CUSTOMERS + "?q=" + enc(contactPhone.substring(3)))))
                .contains(companyId);
    }

    @Test
    void quickSearchFindsAnEmail() {
        var local = letters(10);
        var domain = letters(8) + ".example.org";
        var address = local + "@" + domain;
        var id = create(individual("Mail " + unique(), null, address)).get("id").asString();

        for (var query : List.of(
                address, address.toUpperCase(), local, local + "@", local + "@" + domain.substring(0, 3), domain)) {
            assertThat(ids(admin.get(CUSTOMERS + "?limit=200&q=" + enc(query))))
                    .as(query)
                    .containsExactly(id);
        }
    }

    @Test
    void searchPutsANameStartingWithTheQueryBeforeOneThatOnlyContainsIt() {
        var word = letters(9);
        // By name alone the one that merely contains the word would come first.
        var contains = create(company("Aaa " + word + " Trading")).get("id").asString();
        var starts = create(company(word + " Zzz Trading")).get("id").asString();

        var found = ids(admin.get(CUSTOMERS + "?q=" + enc(word)));

        assertThat(found).containsExactly(starts, contains);
        assertThat(ids(admin.get(CUSTOMERS + "?sort=name&q=" + enc(word)))).containsExactly(contains, starts);
    }

    // ------------------------------------------------------------------ documents without auth

    @Test
    void openApiDocumentNeedsNoAuthAndListsTheApi() {
        var anonymous = new ApiClient(port);

        var answer = anonymous.get("/v3/api-docs");

        assertThat(answer.status()).isEqualTo(200);
        var paths = answer.json().get("paths");
        assertThat(paths.has("/api/v1/customers")).isTrue();
        assertThat(paths.has("/api/v1/customers/{id}")).isTrue();
        assertThat(paths.has("/api/v1/tokens")).isTrue();
        // The list's filters are documented one query parameter each, with its type.
        var parameters = new java.util.HashMap<String, JsonNode>();
        paths.get("/api/v1/customers")
                .get("get")
                .get("parameters")
                .forEach(p -> parameters.put(p.get("name").asString(), p));
        assertThat(parameters)
                .containsKeys(
                        "type",
                        "grade",
                        "lifecycleStage",
                        "region",
                        "industry",
                        "tag",
                        "ownerId",
                        "teamId",
                        "q",
                        "sort",
                        "cursor",
                        "limit",
                        "deleted");
        assertThat(parameters.values())
                .allSatisfy(p -> assertThat(p.get("in").asString()).isEqualTo("query"));
        assertThat(texts(parameters.get("grade").get("schema").get("enum"))).contains("VIP", "ORDINARY");
        assertThat(parameters.get("ownerId").get("schema").get("format").asString())
                .isEqualTo("uuid");
        assertThat(parameters.get("q").get("description").asString()).contains("pinyin");
    }

    @Test
    void healthIsUpWithoutAuth() {
        var answer = new ApiClient(port).get("/actuator/health");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("status").asString()).isEqualTo("UP");
    }

    // ------------------------------------------------------------------ bad input: error, and nothing saved

    @Test
    void invalidPhoneIsRefusedAndNothingIsSaved() {
        var name = "BadPhone " + unique();
        var body = company(name);
        body.put("phones", List.of(phone(null, "12345")));
        assertRefused(name, body, 422, "validation", "phones[0].number", "phone.invalid");

        var second = company(name);
        second.put("phones", List.of(phone(null, "139 1234 5678"), phone(null, "call me maybe")));
        assertRefused(name, second, 422, "validation", "phones[1].number", "phone.invalid");
    }

    @Test
    void invalidEmailIsRefusedAndNothingIsSaved() {
        var name = "BadEmail " + unique();
        var body = individual(name, null, "not-an-email");
        assertRefused(name, body, 422, "validation", "emails[0].address", "email.invalid");
    }

    @Test
    void missingOrBlankNameIsRefusedAndNothingIsSaved() {
        var before = countAll();
        var body = company(null);
        body.remove("name");
        var answer = admin.post(CUSTOMERS, ApiClient.json(body));
        assertProblem(answer, 422, "validation");
        assertThat(error(answer, "name").get("code").asString()).isEqualTo("field.required");

        body.put("name", "   ");
        var blank = admin.post(CUSTOMERS, ApiClient.json(body));
        assertProblem(blank, 422, "validation");
        assertThat(error(blank, "name").get("code").asString()).isEqualTo("field.required");
        assertThat(countAll()).isEqualTo(before);
    }

    @Test
    void companyWithoutIndustryIsRefusedAndNothingIsSaved() {
        var name = "NoIndustry " + unique();
        var body = company(name);
        body.remove("industry");
        assertRefused(name, body, 422, "validation", "industry", "customer.industry.required-for-company");
    }

    @Test
    void individualWithNeitherPhoneNorEmailIsRefused() {
        var name = "Unreachable " + unique();
        var body = individual(name, null);
        body.remove("phones");
        assertRefused(name, body, 422, "validation", "phones", "customer.reachable.required");
    }

    @Test
    void nameOf201CharactersIsRefusedAnd200Accepted() {
        var stem = "Long" + letters(8);
        var tooLong = stem + "x".repeat(201 - stem.length());
        assertRefused(stem, company(tooLong), 422, "validation", "name", "field.too-long");

        var longest = stem + "y".repeat(200 - stem.length());
        var created = create(company(longest));
        assertThat(created.get("name").asString()).isEqualTo(longest);
    }

    @Test
    void remarksOver2000CharactersAreRefusedAnd2000Accepted() {
        var name = "Remarks " + unique();
        var body = company(name);
        body.put("remarks", "r".repeat(2001));
        assertRefused(name, body, 422, "validation", "remarks", "field.too-long");

        body.put("remarks", "line one\n" + "r".repeat(2000 - 9));
        var created = create(body);
        assertThat(created.get("remarks").asString()).hasSize(2000).startsWith("line one\n");
    }

    @Test
    void htmlInNameAndRemarksIsStoredAndReturnedAsPlainText() {
        var marker = letters(10);
        var name = "<script>alert('" + marker + "')</script><b>Evil & Co</b>";
        var remarks = "<img src=x onerror=\"alert(1)\"> \"quoted\" & <a href='javascript:alert(2)'>click</a>";
        var body = company(name);
        body.put("remarks", remarks);

        var answer = admin.post(CUSTOMERS, ApiClient.json(body));

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.json().get("name").asString()).isEqualTo(name);
        assertThat(answer.json().get("remarks").asString()).isEqualTo(remarks);
        var id = answer.json().get("id").asString();
        var read = admin.get(CUSTOMERS + "/" + id).json();
        assertThat(read.get("name").asString()).isEqualTo(name);
        assertThat(read.get("remarks").asString()).isEqualTo(remarks);
        var listed = admin.get(CUSTOMERS + "?q=" + enc(marker)).json().get("items");
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.get(0).get("name").asString()).isEqualTo(name);
    }

    @Test
    void malformedJsonIsA400AndNothingIsSaved() {
        var before = countAll();
        for (var body : List.of(
                "{\"type\": \"COMPANY\", \"name\": ",
                "not json at all",
                "{\"type\": \"COMPANY\", \"name\": \"Trailing\", \"industry\": \"RETAIL\",}",
                "{'name': 'x'}")) {
            var answer = admin.post(CUSTOMERS, body);
            assertProblem(answer, 400, "malformed-json");
        }
        assertThat(countAll()).isEqualTo(before);
    }

    @Test
    void unknownFieldIsA400NamingTheFieldAndNothingIsSaved() {
        var name = "Unknown " + unique();
        var body = company(name);
        body.put("colour", "red");
        var answer = assertRefused(name, body, 400, "unknown-field", null, null);
        assertThat(answer.json().get("field").asString()).isEqualTo("colour");
        assertThat(answer.json().get("detail").asString()).contains("colour");

        var nested = company(name);
        nested.put("phones", List.of(Map.of("number", "139 1234 5678", "extension", "12")));
        var nestedAnswer = assertRefused(name, nested, 400, "unknown-field", null, null);
        assertThat(nestedAnswer.json().get("field").asString()).isEqualTo("phones[0].extension");
    }

    @Test
    void valueOfTheWrongTypeIsA400AndNothingIsSaved() {
        var name = "WrongType " + unique();
        var grade = company(name);
        grade.put("grade", "SUPER");
        var answer = assertRefused(name, grade, 400, "wrong-type", null, null);
        assertThat(answer.json().get("field").asString()).isEqualTo("grade");

        var phones = company(name);
        phones.put("phones", "x");
        var phonesAnswer = assertRefused(name, phones, 400, "wrong-type", null, null);
        assertThat(phonesAnswer.json().get("field").asString()).isEqualTo("phones");

        var type = company(name);
        type.put("type", 42);
        assertRefused(name, type, 400, "wrong-type", null, null);

        var tags = company(name);
        tags.put("tags", Map.of("a", "b"));
        assertRefused(name, tags, 400, "wrong-type", null, null);
    }

    @Test
    void bodyOverOneMebibyteIsA413AndNothingIsSaved() {
        var name = "Huge " + unique();
        var body = company(name);
        body.put("remarks", "x".repeat(1024 * 1024 + 10));
        assertRefused(name, body, 413, "too-large", null, null);
    }

    @Test
    void bodyOverOneMebibyteSentWithoutALengthIsA413AndNothingIsSaved() {
        var name = "HugeChunked " + unique();
        var body = company(name);
        body.put("remarks", "x".repeat(1024 * 1024 + 10));
        var bytes = ApiClient.json(body).getBytes(StandardCharsets.UTF_8);
        var before = countAll();

        // A stream of unknown length goes out chunked, without Content-Length.
        var answer = admin.send(admin.request(CUSTOMERS)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build());

        assertProblem(answer, 413, "too-large");
        assertThat(countAll()).isEqualTo(before);
        assertThat(ids(admin.get(CUSTOMERS + "?q=" + enc(name)))).isEmpty();
    }

    @Test
    void invalidUuidInThePathIsA400() {
        for (var answer : List.of(
                admin.get(CUSTOMERS + "/not-a-uuid"),
                admin.put(CUSTOMERS + "/123", ApiClient.json(company("X " + unique())), "\"0\""),
                admin.delete(CUSTOMERS + "/zzz"),
                admin.get(CUSTOMERS + "/" + UUID.randomUUID() + "/contacts/nope"))) {
            assertProblem(answer, 400, "invalid-parameter");
        }
        assertThat(admin.get(CUSTOMERS + "/not-a-uuid").json().get("parameter").asString())
                .isEqualTo("id");
    }

    @Test
    void unknownIdIsA404Problem() {
        var unknown = CUSTOMERS + "/" + UUID.randomUUID();
        assertProblem(admin.get(unknown), 404, "not-found");
        assertProblem(admin.put(unknown, ApiClient.json(company("Ghost " + unique())), "\"0\""), 404, "not-found");
        assertProblem(admin.delete(unknown), 404, "not-found");
        assertProblem(admin.post(unknown + "/restore", ""), 404, "not-found");
        assertProblem(admin.get(unknown + "/contacts"), 404, "not-found");
        assertProblem(admin.post(unknown + "/contacts", ApiClient.json(Map.of("name", "Nobody"))), 404, "not-found");
        var companyId = create(company("Known " + unique())).get("id").asString();
        assertProblem(admin.get(CUSTOMERS + "/" + companyId + "/contacts/" + UUID.randomUUID()), 404, "not-found");
    }

    @Test
    void badCursorIsA400() {
        var garbage = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("abc\u001fnot-a-uuid".getBytes(StandardCharsets.UTF_8));
        var tooFewParts =
                Base64.getUrlEncoder().withoutPadding().encodeToString("only-one".getBytes(StandardCharsets.UTF_8));
        var badRank = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("x\u001fname\u001f" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        for (var path : List.of(
                CUSTOMERS + "?cursor=" + enc("!!!not base64!!!"),
                CUSTOMERS + "?cursor=" + garbage,
                CUSTOMERS + "?cursor=" + tooFewParts,
                CUSTOMERS + "?sort=-created&cursor=" + garbage,
                CUSTOMERS + "?q=acme&cursor=" + garbage,
                CUSTOMERS + "?q=acme&cursor=" + badRank)) {
            assertProblem(admin.get(path), 400, "invalid-value");
        }
    }

    // ------------------------------------------------------------------ helpers

    private record Walk(List<String> ids, List<Integer> pageSizes) {}

    /** Follows nextCursor from the first page to the last. */
    private Walk walk(String query, int limit) {
        var ids = new ArrayList<String>();
        var sizes = new ArrayList<Integer>();
        String cursor = null;
        for (int page = 0; page < 100; page++) {
            var answer = admin.get(query + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + enc(cursor)));
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            var json = answer.json();
            ids.addAll(ids(answer));
            sizes.add(json.get("items").size());
            var next = json.get("nextCursor");
            if (next == null || next.isNull()) {
                return new Walk(ids, sizes);
            }
            cursor = next.asString();
        }
        throw new AssertionError("More than 100 pages: " + query);
    }

    /** All customers, active and in the trash, counted through the API. */
    private int countAll() {
        int count = 0;
        for (var trash : List.of(false, true)) {
            count += walk(CUSTOMERS + "?deleted=" + trash, 200).ids().size();
        }
        return count;
    }

    /**
     * Posts a customer that must be refused and checks that nothing was saved: not counted, not found by name.
     */
    private Answer assertRefused(
            String name, Map<String, Object> body, int status, String kind, String field, String code) {
        var before = countAll();
        var answer = admin.post(CUSTOMERS, ApiClient.json(body));
        assertProblem(answer, status, kind);
        if (field != null) {
            var error = error(answer, field);
            assertThat(error.get("code").asString()).isEqualTo(code);
            assertThat(error.get("message").asString()).isNotBlank();
        }
        assertThat(countAll()).as("customers after a refused create").isEqualTo(before);
        assertThat(ids(admin.get(CUSTOMERS + "?q=" + enc(name)))).isEmpty();
        return answer;
    }

    private static JsonNode error(Answer answer, String field) {
        var errors = answer.json().get("errors");
        assertThat(errors).as("errors of " + answer.body()).isNotNull();
        for (var error : errors) {
            if (field.equals(error.get("field").asString())) {
                return error;
            }
        }
        throw new AssertionError("No error for " + field + " in " + answer.body());
    }

    private static void assertProblem(Answer answer, int status, String kind) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as(answer.body()).startsWith("application/problem+json");
        var json = answer.json();
        assertThat(json.get("type").asString()).isEqualTo(PROBLEM + kind);
        assertThat(json.get("status").asInt()).isEqualTo(status);
        assertThat(json.get("title").asString()).isNotBlank();
    }

    private JsonNode create(Map<String, Object> body) {
        var answer = admin.post(CUSTOMERS, ApiClient.json(body));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    private static List<String> ids(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        var json = answer.json();
        var items = json.isArray() ? json : json.get("items");
        var ids = new ArrayList<String>();
        items.forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    private static List<String> texts(JsonNode array) {
        var texts = new ArrayList<String>();
        array.forEach(node -> texts.add(node.asString()));
        return texts;
    }

    private static Map<String, Object> company(String name) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "COMPANY");
        body.put("name", name);
        body.put("industry", "IT_SOFTWARE");
        return body;
    }

    private static Map<String, Object> individual(String name, String phone) {
        return individual(name, phone, null);
    }

    private static Map<String, Object> individual(String name, String phone, String email) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "INDIVIDUAL");
        body.put("name", name);
        body.put("phones", phone == null ? List.of() : List.of(phone(null, phone)));
        if (email != null) {
            body.put("emails", List.of(Map.of("address", email)));
        }
        return body;
    }

    private static Map<String, Object> with(Map<String, Object> body, Object... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    private static Map<String, Object> phone(String type, String number) {
        var phone = new LinkedHashMap<String, Object>();
        if (type != null) {
            phone.put("type", type);
        }
        phone.put("number", number);
        return phone;
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String letters(int length) {
        var random = ThreadLocalRandom.current();
        var out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append((char) ('a' + random.nextInt(26)));
        }
        return out.toString();
    }

    private static String fourDigits() {
        return String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));
    }

    /** A Chinese mobile number unlikely to be used by any other test. */
    private static String randomMobile() {
        var random = ThreadLocalRandom.current();
        return "13" + (5 + random.nextInt(5)) + String.format("%08d", random.nextInt(100_000_000));
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
