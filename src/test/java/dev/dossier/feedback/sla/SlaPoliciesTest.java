package dev.dossier.feedback.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.dossier.DossierTest;
import dev.dossier.feedback.sla.SlaPolicies.SlaPolicy;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * SLA policies and work calendars: which policy a case gets, the API (with versions, errors and rights), the
 * recommended set and the admin pages.
 */
@DossierTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "dossier.sla.poll=1h")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlaPoliciesTest {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    MockMvc mvc;

    @Autowired
    UserDetailsService userDetails;

    ApiClient admin;
    ApiClient sales;
    String salesName;

    @BeforeAll
    void signIn() {
        admin = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        salesName = users.create(Role.SALES);
        sales = new ApiClient(port).signIn(salesName, TestUsers.PASSWORD);
    }

    static SlaPolicy policy(String kind, String grade, String priority, int first, int resolution) {
        return new SlaPolicy(
                UUID.randomUUID(),
                "p",
                kind,
                grade,
                priority,
                first,
                resolution,
                30,
                null,
                true,
                false,
                null,
                null,
                true,
                0);
    }

    @Test
    void theMostSpecificMatchingPolicyWinsAndTheTighterAmongEquals() {
        var any = policy(null, null, null, 480, 2400);
        var vip = policy(null, "VIP", null, 120, 960);
        var complaint = policy("COMPLAINT", null, null, 240, 1440);
        var vipComplaint = policy("COMPLAINT", "VIP", null, 60, 480);
        var urgent = policy(null, null, "URGENT", 60, 480);
        var retired = new SlaPolicy(
                UUID.randomUUID(),
                "old",
                "COMPLAINT",
                "VIP",
                "URGENT",
                1,
                2,
                0,
                null,
                true,
                false,
                null,
                null,
                false,
                0);
        var all = List.of(any, vip, complaint, vipComplaint, urgent, retired);

        assertThat(SlaPolicies.best(all, "COMPLAINT", "VIP", "URGENT"))
                .as("two named beat one")
                .contains(vipComplaint);
        assertThat(SlaPolicies.best(all, "COMPLAINT", "ORDINARY", "NORMAL")).contains(complaint);
        assertThat(SlaPolicies.best(all, "INQUIRY", "VIP", "NORMAL")).contains(vip);
        assertThat(SlaPolicies.best(all, "INQUIRY", "ORDINARY", "LOW")).contains(any);
        assertThat(SlaPolicies.best(all, "INQUIRY", "VIP", "URGENT"))
                .as("equally specific: the tighter")
                .contains(urgent);
        assertThat(SlaPolicies.best(List.of(vip, complaint), "INQUIRY", "ORDINARY", "NORMAL"))
                .as("none: no SLA")
                .isEmpty();
    }

    @Test
    @Order(1)
    void policiesThroughTheApiWithVersionsErrorsAndRights() {
        var created = admin.post(
                "/api/v1/sla-policies",
                ApiClient.json(Map.of(
                        "name",
                        "Urgent defects",
                        "kind",
                        "DEFECT",
                        "priority",
                        "URGENT",
                        "firstResponseMinutes",
                        60,
                        "resolutionMinutes",
                        480,
                        "warnBeforeMinutes",
                        30,
                        "raisePriority",
                        true)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var id = created.json().get("id").asString();
        assertThat(created.header("ETag")).isEqualTo("\"0\"");
        assertThat(created.json().get("grade").isNull()).as("any grade").isTrue();

        var twin = admin.post(
                "/api/v1/sla-policies",
                ApiClient.json(Map.of(
                        "name",
                        "Twin",
                        "kind",
                        "DEFECT",
                        "priority",
                        "URGENT",
                        "firstResponseMinutes",
                        30,
                        "resolutionMinutes",
                        240)));
        assertThat(twin.status()).isEqualTo(422);
        assertThat(twin.body()).contains("kind");

        var bad = admin.post(
                "/api/v1/sla-policies",
                ApiClient.json(Map.of(
                        "name",
                        "",
                        "kind",
                        "WHATEVER",
                        "firstResponseMinutes",
                        600,
                        "resolutionMinutes",
                        60,
                        "warnBeforeMinutes",
                        90)));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("name", "kind", "resolutionMinutes", "warnBeforeMinutes");

        var body = ApiClient.json(Map.of(
                "name",
                "Urgent defects",
                "kind",
                "DEFECT",
                "priority",
                "URGENT",
                "firstResponseMinutes",
                45,
                "resolutionMinutes",
                480));
        var changed = admin.put("/api/v1/sla-policies/" + id, body, "\"0\"");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("firstResponseMinutes").asInt()).isEqualTo(45);
        assertThat(admin.put("/api/v1/sla-policies/" + id, body, "\"0\"").status())
                .as("stale")
                .isEqualTo(412);

        assertThat(sales.get("/api/v1/sla-policies/" + id).status())
                .as("who reads cases may look")
                .isEqualTo(200);
        assertThat(sales.put("/api/v1/sla-policies/" + id, body, "\"1\"").status())
                .isEqualTo(403);
        assertThat(sales.post("/api/v1/sla-policies", body).status()).isEqualTo(403);

        var match = admin.get("/api/v1/sla-policies/match?kind=DEFECT&grade=ORDINARY&priority=URGENT"
                + "&openedAt=2026-11-27T17:00:00%2B08:00");
        assertThat(match.json().get("policy").get("id").asString()).isEqualTo(id);
        assertThat(match.json().get("firstResponseDue").asString())
                .as("45 minutes: 1 h left on Friday")
                .isEqualTo("2026-11-27T09:45:00Z");
        assertThat(match.json().get("resolutionDue").asString())
                .as("8 h: 1 h Friday, 7 h Monday")
                .isEqualTo("2026-11-30T08:00:00Z");
        // Before the recommended set, which has a policy for every case.
        var none = admin.get("/api/v1/sla-policies/match?kind=INQUIRY&grade=ORDINARY&priority=LOW");
        assertThat(none.json().get("policy").isNull())
                .as("no policy matches: no SLA")
                .isTrue();

        assertThat(admin.delete("/api/v1/sla-policies/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/sla-policies/" + id).status()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void theRecommendedSetIsAddedOnceAndMakesVipFaster() {
        var first = admin.post("/api/v1/sla-policies/recommended", "{}");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("added").asInt()).isGreaterThanOrEqualTo(9);
        assertThat(admin.post("/api/v1/sla-policies/recommended", "{}")
                        .json()
                        .get("added")
                        .asInt())
                .isZero();
        var ordinary = admin.get("/api/v1/sla-policies/match?kind=INQUIRY&grade=ORDINARY&priority=NORMAL")
                .json()
                .get("policy");
        var vip = admin.get("/api/v1/sla-policies/match?kind=INQUIRY&grade=VIP&priority=NORMAL")
                .json()
                .get("policy");
        assertThat(vip.get("resolutionMinutes").asInt())
                .isLessThan(ordinary.get("resolutionMinutes").asInt());
        assertThat(vip.get("firstResponseMinutes").asInt())
                .isLessThan(ordinary.get("firstResponseMinutes").asInt());
    }

    @Test
    @Order(2)
    void calendarsThroughTheApiWithTheStandardOneWrittenOnFirstUse() {
        var list = admin.get("/api/v1/work-calendars").json();
        assertThat(list.get(0).get("isDefault").asBoolean()).isTrue();
        assertThat(list.get(0).get("weekHours").asString()).isEqualTo("MON-FRI 09:00-18:00");
        assertThat(list.get(0).get("zone").asString()).isEqualTo("Asia/Shanghai");
        var standardId = list.get(0).get("id").asString();
        assertThat(admin.delete("/api/v1/work-calendars/" + standardId).status())
                .as("the default stays")
                .isEqualTo(422);

        var days = new java.util.ArrayList<Map<String, Object>>();
        for (int d = 1; d <= 7; d++) {
            days.add(Map.of("date", "2026-10-0" + d, "kind", "HOLIDAY", "name", "国庆节"));
        }
        days.add(Map.of("date", "2026-09-27", "kind", "WORKDAY", "name", "调休"));
        days.add(Map.of("date", "2026-10-10", "kind", "WORKDAY", "name", "调休"));
        var created = admin.post(
                "/api/v1/work-calendars",
                ApiClient.json(Map.of(
                        "name",
                        "China 2026",
                        "zone",
                        "Asia/Shanghai",
                        "weekHours",
                        "MON-FRI 09:00-12:00,13:30-18:00",
                        "days",
                        days)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var id = created.json().get("id").asString();
        assertThat(created.json().get("days")).hasSize(9);

        var due = admin.get("/api/v1/work-calendars/" + id + "/due?minutes=120&from=2026-09-30T17:00:00%2B08:00");
        assertThat(due.json().get("due").asString()).as("across National Day").isEqualTo("2026-10-08T02:00:00Z");
        var makeUp = admin.get("/api/v1/work-calendars/" + id + "/due?minutes=120&from=2026-10-09T17:00:00%2B08:00");
        assertThat(makeUp.json().get("due").asString())
                .as("Saturday 10 October is worked")
                .isEqualTo("2026-10-10T02:00:00Z");

        var invalid = admin.post(
                "/api/v1/work-calendars",
                ApiClient.json(Map.of("name", "Odd", "zone", "Mars/Base", "weekHours", "MON 18:00-09:00")));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.body()).contains("zone", "weekHours");

        var policy = admin.post(
                "/api/v1/sla-policies",
                ApiClient.json(Map.of(
                        "name",
                        "Suggestions in China",
                        "kind",
                        "SUGGESTION",
                        "grade",
                        "POTENTIAL",
                        "firstResponseMinutes",
                        120,
                        "resolutionMinutes",
                        960,
                        "calendarId",
                        id)));
        assertThat(policy.status()).as(policy.body()).isEqualTo(201);
        var planned = admin.get("/api/v1/sla-policies/match?kind=SUGGESTION&grade=POTENTIAL&priority=LOW"
                        + "&openedAt=2026-09-30T17:00:00%2B08:00")
                .json();
        assertThat(planned.get("firstResponseDue").asString())
                .as("counted on the policy's calendar")
                .isEqualTo("2026-10-08T02:00:00Z");
        assertThat(admin.delete("/api/v1/work-calendars/" + id).status())
                .as("a policy counts on it")
                .isEqualTo(422);

        var renamed = admin.put(
                "/api/v1/work-calendars/" + id,
                ApiClient.json(Map.of("name", "China", "zone", "Asia/Shanghai", "weekHours", "MON-FRI 09:00-18:00")),
                "\"0\"");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().get("days")).as("days kept when not given").hasSize(9);
        assertThat(admin.put(
                                "/api/v1/work-calendars/" + id,
                                ApiClient.json(Map.of(
                                        "name", "China", "zone", "Asia/Shanghai", "weekHours", "MON-FRI 09:00-18:00")),
                                "\"0\"")
                        .status())
                .isEqualTo(412);
        assertThat(sales.post("/api/v1/work-calendars", "{}").status()).isEqualTo(403);

        assertThat(admin.get("/v3/api-docs").body())
                .contains("/api/v1/sla-policies/{id}", "/api/v1/work-calendars/{id}/due", "\"Service levels\"");
    }

    @Test
    @Order(4)
    void theAdminPagesShowTheMatrixAndPreviewDueTimes() throws Exception {
        var adminUser = user(userDetails.loadUserByUsername(TestUsers.ADMIN));
        mvc.perform(post("/admin/sla-policies/recommended").with(adminUser).with(csrf()))
                .andExpect(status().is3xxRedirection());
        var page = mvc.perform(get("/admin/sla-policies")
                        .param("priority", "URGENT")
                        .with(adminUser)
                        .locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("sla-matrix", "Respond in", "Add recommended policies");

        var bad = mvc.perform(post("/admin/sla-policies")
                        .with(adminUser)
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("name", "Too slow")
                        .param("firstResponseMinutes", "600")
                        .param("resolutionMinutes", "60"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(bad).contains("cannot be shorter than the first response");

        mvc.perform(post("/admin/work-calendars")
                        .with(adminUser)
                        .with(csrf())
                        .param("name", "Shenzhen office")
                        .param("zone", "Asia/Shanghai")
                        .param("weekHours", "MON-FRI 09:00-12:00,13:30-18:00"))
                .andExpect(status().is3xxRedirection());
        var calendars = mvc.perform(get("/admin/work-calendars").with(adminUser).locale(Locale.SIMPLIFIED_CHINESE))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(calendars).contains("Shenzhen office", "现在创建的工单将于何时到期");
        var sales = user(userDetails.loadUserByUsername(salesName));
        mvc.perform(get("/admin/work-calendars").with(sales)).andExpect(status().isOk());
        mvc.perform(post("/admin/work-calendars").with(sales).with(csrf()).param("name", "Mine"))
                .andExpect(status().isForbidden());
    }
}
