package dev.dossier.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dossier.DossierTest;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Record scope, sharing, the manager hierarchy, field masking and role changes, as users meet them through the API. */
@DossierTest
@org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc
class AccessTest {

    @Autowired
    org.springframework.test.web.servlet.MockMvc mvc;

    @Autowired
    org.springframework.security.core.userdetails.UserDetailsService userDetails;

    private int postPage(String username, String path, String... params) throws Exception {
        var request = org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(path)
                .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user(
                        userDetails.loadUserByUsername(username)))
                .with(
                        org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                .csrf());
        for (int i = 0; i < params.length; i += 2) {
            request.param(params[i], params[i + 1]);
        }
        return mvc.perform(request).andReturn().getResponse().getStatus();
    }

    private static final String[] SALES_TEAM_SCOPE = {
        "op.CUSTOMERS",
        "READ",
        "op.CUSTOMERS",
        "CREATE",
        "op.CUSTOMERS",
        "EDIT",
        "op.CUSTOMERS",
        "DELETE",
        "scope.CUSTOMERS",
        "TEAM",
        "field.BASIC",
        "EDIT",
        "field.CONTACT",
        "EDIT",
        "field.ADDRESS",
        "EDIT",
        "field.IDENTITY",
        "MASKED",
        "field.FINANCIAL",
        "HIDDEN"
    };

    private static final String CUSTOMERS = "/api/v1/customers";

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    org.jooq.DSLContext db;

    @Autowired
    IdentityCache caches;

    /**
     * The role editor saves a role's whole rights: a test that edits one leaves the stored rights as they came, the
     * defaults, so that no later test in the same application context meets a seller without cases or problems.
     */
    @org.junit.jupiter.api.AfterEach
    void rightsAsByDefault() {
        db.deleteFrom(dev.dossier.db.Tables.ROLE_PERMISSION).execute();
        db.deleteFrom(dev.dossier.db.Tables.ROLE_FIELD_ACCESS).execute();
        caches.changed();
    }

    private ApiClient as(String username) {
        return new ApiClient(port).signIn(username, TestUsers.PASSWORD);
    }

    private ApiClient admin() {
        return new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
    }

    private static String phone() {
        return "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    private static Map<String, Object> person(String name, String phone, String email) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "INDIVIDUAL");
        body.put("name", name);
        body.put("phones", List.of(Map.of("type", "MOBILE", "number", phone)));
        body.put("emails", List.of(Map.of("type", "WORK", "address", email)));
        body.put("birthDate", "1990-05-01");
        body.put("province", "浙江省");
        body.put("city", "杭州市");
        body.put("addressLine", "文三路 100 号");
        return body;
    }

    private static String create(ApiClient client, Map<String, Object> body) {
        var answer = client.post(CUSTOMERS, ApiClient.json(body));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("id").asString();
    }

    private static List<String> ids(ApiClient client, String query) {
        var answer = client.get(CUSTOMERS + query);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        var ids = new ArrayList<String>();
        answer.json().get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    @Test
    void salesReachOnlyTheirOwnCustomersUntilOneIsShared() {
        var team = users.team(null);
        var alice = users.createInTeam(team, Role.SALES);
        var bob = users.createInTeam(team, Role.SALES);
        var tag = "scope" + UUID.randomUUID().toString().substring(0, 6);
        var alices = create(as(alice), person("Alice " + tag, phone(), tag + "a@example.com"));
        var bobs = create(as(bob), person("Bob " + tag, phone(), tag + "b@example.com"));

        assertThat(ids(as(alice), "?q=" + tag)).containsExactly(alices);
        assertThat(as(alice).get(CUSTOMERS + "/" + bobs).status()).isEqualTo(404);
        assertThat(as(alice)
                        .put(CUSTOMERS + "/" + bobs, ApiClient.json(person("x", phone(), "x@example.com")), "\"0\"")
                        .status())
                .isEqualTo(404);

        var share = as(bob).post(
                        CUSTOMERS + "/" + bobs + "/shares",
                        ApiClient.json(Map.of("userId", users.id(alice).toString())));
        assertThat(share.status()).as(share.body()).isEqualTo(201);

        assertThat(ids(as(alice), "?q=" + tag)).containsExactlyInAnyOrder(alices, bobs);
        assertThat(as(alice).get(CUSTOMERS + "/" + bobs).status()).isEqualTo(200);
        var edit = as(alice)
                .put(
                        CUSTOMERS + "/" + bobs,
                        ApiClient.json(person("Bob " + tag, phone(), tag + "b@example.com")),
                        "\"0\"");
        assertThat(edit.status()).as("a view-only share does not allow editing").isEqualTo(403);

        var shareId = share.json().get("id").asString();
        assertThat(as(bob).delete(CUSTOMERS + "/" + bobs + "/shares/" + shareId).status())
                .isEqualTo(204);
        assertThat(as(alice).get(CUSTOMERS + "/" + bobs).status()).isEqualTo(404);
    }

    @Test
    void aManagerReachesWhatTheirReportsOwnAndAdministratorsWidenScopeAtOnce() throws Exception {
        var team = users.team(null);
        var other = users.team(null);
        var lead = users.createInTeam(other, Role.SALES);
        var rep = users.createInTeam(team, Role.SALES);
        var colleague = users.createInTeam(team, Role.SALES);
        users.reportsTo(rep, lead);
        var tag = "hier" + UUID.randomUUID().toString().substring(0, 6);
        var reps = create(as(rep), person("Rep " + tag, phone(), tag + "r@example.com"));
        var colleagues = create(as(colleague), person("Colleague " + tag, phone(), tag + "c@example.com"));

        assertThat(ids(as(lead), "?q=" + tag)).containsExactly(reps);
        assertThat(ids(as(rep), "?q=" + tag)).containsExactly(reps);

        assertThat(postPage(TestUsers.ADMIN, "/admin/roles/SALES", SALES_TEAM_SCOPE))
                .isEqualTo(302);
        try {
            assertThat(ids(as(rep), "?q=" + tag)).containsExactlyInAnyOrder(reps, colleagues);
            assertThat(ids(as(lead), "?q=" + tag))
                    .as("another team's lead still sees only the report's")
                    .containsExactly(reps);
        } finally {
            var own = SALES_TEAM_SCOPE.clone();
            own[9] = "OWN";
            assertThat(postPage(TestUsers.ADMIN, "/admin/roles/SALES", own)).isEqualTo(302);
        }
        assertThat(ids(as(rep), "?q=" + tag)).containsExactly(reps);
    }

    @Test
    void fieldGroupsAreMaskedHiddenOrRevealedByRole() {
        var number = phone();
        var tag = "mask" + UUID.randomUUID().toString().substring(0, 6);
        var id = create(admin(), person("Masked " + tag, number, "zhang." + tag + "@example.com"));

        JsonNode full = admin().get(CUSTOMERS + "/" + id).json();
        assertThat(full.get("phones").get(0).get("number").asString()).isEqualTo("+86" + number);
        assertThat(full.get("birthDate").asString()).isEqualTo("1990-05-01");

        var service = as(users.create(Role.SERVICE));
        JsonNode masked = service.get(CUSTOMERS + "/" + id).json();
        var expectedMask = number.substring(0, 3) + "****" + number.substring(7);
        assertThat(masked.get("phones").get(0).get("number").asString()).isEqualTo(expectedMask);
        assertThat(masked.get("emails").get(0).get("address").asString()).isEqualTo("z***@example.com");
        assertThat(masked.get("birthDate").isNull()).isTrue();
        assertThat(masked.toString()).doesNotContain(number).doesNotContain(tag + "@");
        JsonNode revealed =
                service.get(CUSTOMERS + "/" + id + "?reveal=CONTACT").json();
        assertThat(revealed.get("phones").get(0).get("number").asString()).isEqualTo("+86" + number);

        var finance = as(users.create(Role.FINANCE));
        JsonNode hidden = finance.get(CUSTOMERS + "/" + id).json();
        assertThat(hidden.get("phones")).isEmpty();
        assertThat(hidden.get("addressLine").isNull()).isTrue();
        assertThat(ids(finance, "?q=" + number.substring(3, 9)))
                .as("no search by a hidden phone")
                .isEmpty();
        assertThat(ids(finance, "?q=Masked%20" + tag)).containsExactly(id);

        var auditor = as(users.create(Role.AUDITOR));
        assertThat(auditor.get(CUSTOMERS + "/" + id + "?reveal=CONTACT").status())
                .isEqualTo(403);
    }

    @Test
    void aRoleThatMayNotEditContactDetailsKeepsThemWhenSavingTheRest() {
        var number = phone();
        var tag = "keep" + UUID.randomUUID().toString().substring(0, 6);
        var id = create(admin(), person("Keep " + tag, number, tag + "@example.com"));
        var service = as(users.create(Role.SERVICE));
        var read = service.get(CUSTOMERS + "/" + id);
        var body = person("Kept " + tag, "12", "not-an-email");
        body.put(
                "phones",
                List.of(Map.of(
                        "type",
                        "MOBILE",
                        "number",
                        read.json().get("phones").get(0).get("number").asString())));

        var answer = service.put(CUSTOMERS + "/" + id, ApiClient.json(body), read.header("ETag"));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode after = admin().get(CUSTOMERS + "/" + id).json();
        assertThat(after.get("name").asString()).isEqualTo("Kept " + tag);
        assertThat(after.get("phones").get(0).get("number").asString()).isEqualTo("+86" + number);
        assertThat(after.get("emails").get(0).get("address").asString()).isEqualTo(tag + "@example.com");
    }

    @Test
    void nobodyButAnAdministratorRaisesRoles() throws Exception {
        var sales = users.create(Role.SALES);
        var id = users.id(sales);

        assertThat(postPage(
                        sales,
                        "/admin/users/" + id,
                        "username",
                        sales,
                        "displayName",
                        "Me",
                        "roles",
                        "ADMINISTRATOR",
                        "enabled",
                        "true",
                        "version",
                        "0"))
                .isEqualTo(403);
        assertThat(postPage(sales, "/admin/roles/SALES", SALES_TEAM_SCOPE)).isEqualTo(403);

        assertThat(users.id(sales)).isEqualTo(id);
        var me = as(sales).get("/api/v1/customers?limit=1");
        assertThat(me.status()).isEqualTo(200);
        assertThat(postPage(TestUsers.ADMIN, "/admin/roles/ADMINISTRATOR", SALES_TEAM_SCOPE))
                .as("the administrator role cannot be narrowed")
                .isEqualTo(200);
        var unknown = SALES_TEAM_SCOPE.clone();
        unknown[1] = "DESTROY";
        assertThat(postPage(TestUsers.ADMIN, "/admin/roles/SALES", unknown))
                .as("a value the editor does not offer is a form error, not a server error")
                .isEqualTo(200);
        unknown = SALES_TEAM_SCOPE.clone();
        unknown[9] = "EVERYWHERE";
        assertThat(postPage(TestUsers.ADMIN, "/admin/roles/SALES", unknown)).isEqualTo(200);
        var page = mvc.perform(
                        org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/admin/roles/SALES")
                                .params(params(unknown))
                                .locale(java.util.Locale.ENGLISH)
                                .with(org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.user(
                                        userDetails.loadUserByUsername(TestUsers.ADMIN)))
                                .with(org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.csrf()))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("class=\"field-error\"");
    }

    private static org.springframework.util.MultiValueMap<String, String> params(String... pairs) {
        var map = new org.springframework.util.LinkedMultiValueMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.add(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
