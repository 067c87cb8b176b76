package dev.dossier.feedback.measures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * The service measures on a small set of cases whose every figure is worked out by hand, seen by the sales person
 * whose customers they are, by another sales person and by a manager.
 *
 * <p>The sales person owns four active customers (two customers, one at risk, one won back) and a lead. Their six
 * cases, all opened on 5 March 2024 at 10:00 in Shanghai:
 * <pre>
 *  # kind        priority team  category first response (due 60 min)  resolved (due)          CSAT reopened
 *  1 COMPLAINT   NORMAL   T     Billing  30 min, in time             5 h (due 8 h), in time  5
 *  2 COMPLAINT   HIGH     T     Billing  60 min, in time             10 h (due 8 h), late    3    once
 *  3 DEFECT      NORMAL   T     Billing  90 min, late                24 h (due 48 h)         4
 *  4 DEFECT      NORMAL   none  Shipping 120 min, late               open
 *  5 INQUIRY     LOW      T     Shipping none, past due              open
 *  6 SUGGESTION  LOW      T     -        10 min (no SLA)             48 h (no SLA)
 * </pre>
 * #3 is about the kettle's version V1 (400 units sold in March, and 100 entered for the kettle as a whole), #4 about
 * the toaster (no units entered); and one Billing case on 10 February (the period before). Another sales person's customer has a complaint in
 * team T in March.
 */
@DossierTest
@AutoConfigureMockMvc
@Tag("clock")
class ServiceMeasuresTest {

    private static final String MARCH = "from=2024-03-01&to=2024-03-31";
    private static final OffsetDateTime OPENED = OffsetDateTime.of(2024, 3, 5, 10, 0, 0, 0, ZoneOffset.ofHours(8));

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    MockMvc mvc;

    @Autowired
    UserDetailsService userDetails;

    @Autowired
    DSLContext db;

    MeasuresFixtures fixtures;
    UUID team;
    String seller;
    String otherSeller;
    UUID product;
    UUID version;

    @BeforeEach
    void cases() {
        fixtures = new MeasuresFixtures(db);
        team = users.team(null);
        seller = users.createInTeam(team, Role.SALES);
        otherSeller = users.createInTeam(users.team(null), Role.SALES);
        product = fixtures.product("Kettle");
        version = fixtures.version(product, "V1");
        var toaster = fixtures.product("Toaster");
        fixtures.units(product, null, java.time.LocalDate.of(2024, 3, 1), 100);
        fixtures.units(product, version, java.time.LocalDate.of(2024, 3, 1), 400);
        fixtures.units(product, version, java.time.LocalDate.of(2024, 5, 1), 999);
        var a = customer(seller, "CUSTOMER");
        var b = customer(seller, "CUSTOMER");
        var c = customer(seller, "AT_RISK");
        customer(seller, "WON_BACK");
        customer(seller, "LEAD");
        var other = customer(otherSeller, "CUSTOMER");

        var one = open(a, "COMPLAINT", "NORMAL", team, "Billing");
        one.put("first_responded_at", OPENED.plusMinutes(30));
        one.put("resolved_at", OPENED.plusHours(5));
        one.put("csat_score", 5);
        insert(one);
        var two = open(a, "COMPLAINT", "HIGH", team, "Billing");
        two.put("first_responded_at", OPENED.plusMinutes(60));
        two.put("resolved_at", OPENED.plusHours(10));
        two.put("csat_score", 3);
        two.put("reopen_count", 1);
        insert(two);
        var three = open(b, "DEFECT", "NORMAL", team, "Billing");
        three.put("first_responded_at", OPENED.plusMinutes(90));
        three.put("resolution_due_at", OPENED.plusHours(48));
        three.put("resolved_at", OPENED.plusHours(24));
        three.put("csat_score", 4);
        three.put("product_id", product);
        three.put("product_version_id", version);
        insert(three);
        var four = open(c, "DEFECT", "NORMAL", null, "Shipping");
        four.put("first_responded_at", OPENED.plusMinutes(120));
        four.put("product_id", toaster);
        insert(four);
        insert(open(c, "INQUIRY", "LOW", team, "Shipping"));
        var six = open(b, "SUGGESTION", "LOW", team, null);
        six.remove("first_response_due_at");
        six.remove("resolution_due_at");
        six.put("first_responded_at", OPENED.plusMinutes(10));
        six.put("resolved_at", OPENED.plusHours(48));
        insert(six);
        var before = open(a, "COMPLAINT", "NORMAL", team, "Billing");
        before.put("created_at", OffsetDateTime.of(2024, 2, 10, 10, 0, 0, 0, ZoneOffset.ofHours(8)));
        insert(before);
        insert(open(other, "COMPLAINT", "NORMAL", team, "Billing"));
    }

    @Test
    void theSellerSeesEveryFigureOfTheirCustomersCases() {
        var api = new ApiClient(port).signIn(seller, TestUsers.PASSWORD);
        var answer = api.get("/api/v1/reports/service?" + MARCH);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        var r = answer.json();
        assertThat(r.get("timeBasis").asString()).isEqualTo("ELAPSED");
        assertThat(r.get("activeCustomers").asLong()).isEqualTo(4);
        assertThat(r.get("complaints").asLong()).isEqualTo(2);
        // 2 complaints per 4 active customers = 50 per 100.
        assertThat(r.get("complaintRate").asDouble()).isEqualTo(50.0);

        var t = r.get("totals");
        assertThat(t.get("cases").asLong()).isEqualTo(6);
        // First responses 10, 30, 60, 90, 120 min: median 60 min; p90 at 0.9 × 4 = 3.6 → 90 + 0.6 × 30 = 108 min.
        assertThat(t.get("responded").asLong()).isEqualTo(5);
        assertThat(t.get("firstResponseMedianHours").asDouble()).isEqualTo(1.0);
        assertThat(t.get("firstResponseP90Hours").asDouble()).isEqualTo(1.8);
        // Resolutions 5, 10, 24, 48 h: median (10 + 24) / 2 = 17 h; p90 at 2.7 → 24 + 0.7 × 24 = 40.8 h.
        assertThat(t.get("resolved").asLong()).isEqualTo(4);
        assertThat(t.get("resolutionMedianHours").asDouble()).isEqualTo(17.0);
        assertThat(t.get("resolutionP90Hours").asDouble()).isEqualTo(40.8);
        // First responses due: #1–#4 answered and #5 unanswered past due; #1 and #2 in time: 2 of 5.
        assertThat(t.get("firstResponseDue").asLong()).isEqualTo(5);
        assertThat(t.get("firstResponseCompliance").asDouble()).isEqualTo(40.0);
        // Resolved with a due time: #1 in time, #2 late, #3 in time: 2 of 3.
        assertThat(t.get("resolutionDue").asLong()).isEqualTo(3);
        assertThat(t.get("resolutionCompliance").asDouble()).isEqualTo(66.7);
        // Reopened once of four resolved.
        assertThat(t.get("reopenRate").asDouble()).isEqualTo(25.0);
        // CSAT 5, 3, 4.
        assertThat(t.get("csatAverage").asDouble()).isEqualTo(4.0);
        assertThat(t.get("csatResponses").asLong()).isEqualTo(3);
        assertThat(r.get("nps").isNull()).isTrue();

        var march = r.get("periods").get(0);
        assertThat(r.get("periods")).hasSize(1);
        assertThat(march.get("label").asString()).isEqualTo("2024-03");
        assertThat(march.get("byKind").get("DEFECT").asLong()).isEqualTo(2);
        assertThat(march.get("byKind").get("EXPERIENCE").asLong()).isZero();
        assertThat(march.get("complaintRate").asDouble()).isEqualTo(50.0);

        var complaints = row(r.get("byKind"), "COMPLAINT");
        assertThat(complaints.get("cases").asLong()).isEqualTo(2);
        // 30 and 60 min: median 45 min = 0.75 h, shown as 0.8.
        assertThat(complaints.get("firstResponseMedianHours").asDouble()).isEqualTo(0.8);
        assertThat(complaints.get("resolutionCompliance").asDouble()).isEqualTo(50.0);
        assertThat(complaints.get("reopenRate").asDouble()).isEqualTo(50.0);
        assertThat(row(r.get("byTeam"), team.toString()).get("cases").asLong()).isEqualTo(5);
        assertThat(row(r.get("byTeam"), "").get("cases").asLong()).isEqualTo(1);
        assertThat(row(r.get("byPriority"), "LOW").get("cases").asLong()).isEqualTo(2);
        assertThat(row(r.get("byPriority"), "URGENT").get("cases").asLong()).isZero();

        // The kettle: 1 defect per 500 units = 2 per 1,000; its V1: 1 per 400 = 2.5; the toaster: no units.
        var defects = r.get("defects");
        assertThat(defects).hasSize(3);
        assertThat(defects.get(0).get("product").asString()).isEqualTo("Kettle");
        assertThat(defects.get(0).get("version").isNull()).isTrue();
        assertThat(defects.get(0).get("unitsSold").asLong()).isEqualTo(500);
        assertThat(defects.get(0).get("perThousandUnits").asDouble()).isEqualTo(2.0);
        assertThat(defects.get(1).get("version").asString()).isEqualTo("V1");
        assertThat(defects.get(1).get("unitsSold").asLong()).isEqualTo(400);
        assertThat(defects.get(1).get("perThousandUnits").asDouble()).isEqualTo(2.5);
        assertThat(defects.get(2).get("product").asString()).isEqualTo("Toaster");
        assertThat(defects.get(2).get("unitsSold").isNull()).isTrue();
        assertThat(defects.get(2).get("perThousandUnits").isNull()).isTrue();

        // Billing: 3 now, 1 before: +2, +200 %. Shipping has 2 now, under the minimum of 3.
        var rising = r.get("risingCategories");
        assertThat(rising).hasSize(1);
        assertThat(rising.get(0).get("category").asString()).isEqualTo("Billing");
        assertThat(rising.get(0).get("increase").asLong()).isEqualTo(2);
        assertThat(rising.get(0).get("growthPercent").asDouble()).isEqualTo(200.0);
    }

    @Test
    void filtersNarrowTheCasesAndOtherPeopleSeeTheirOwnScope() {
        var seller = new ApiClient(port).signIn(this.seller, TestUsers.PASSWORD);
        var complaints = seller.get("/api/v1/reports/service?" + MARCH + "&kind=COMPLAINT")
                .json();
        assertThat(complaints.get("totals").get("cases").asLong()).isEqualTo(2);
        assertThat(seller.get("/api/v1/reports/service?" + MARCH + "&priority=LOW&teamId=" + team)
                        .json()
                        .get("totals")
                        .get("cases")
                        .asLong())
                .isEqualTo(2);
        assertThat(seller.get("/api/v1/reports/service?" + MARCH + "&productId=" + product)
                        .json()
                        .get("totals")
                        .get("cases")
                        .asLong())
                .isEqualTo(1);
        var weeks = seller.get("/api/v1/reports/service?" + MARCH + "&granularity=week")
                .json()
                .get("periods");
        assertThat(weeks).hasSize(5);
        assertThat(weeks.get(1).get("label").asString()).isEqualTo("2024-03-04");
        assertThat(weeks.get(1).get("cases").asLong()).isEqualTo(6);

        // The other seller sees only their customer's complaint; a manager sees all seven of team T.
        var other = new ApiClient(port).signIn(otherSeller, TestUsers.PASSWORD);
        var theirs = other.get("/api/v1/reports/service?" + MARCH).json();
        assertThat(theirs.get("totals").get("cases").asLong()).isEqualTo(1);
        assertThat(theirs.get("activeCustomers").asLong()).isEqualTo(1);
        var manager = new ApiClient(port).signIn(users.create(Role.MANAGER), TestUsers.PASSWORD);
        assertThat(manager.get("/api/v1/reports/service?" + MARCH + "&teamId=" + team)
                        .json()
                        .get("totals")
                        .get("cases")
                        .asLong())
                .isEqualTo(6);
        var finance = new ApiClient(port).signIn(users.create(Role.FINANCE), TestUsers.PASSWORD);
        assertThat(finance.get("/api/v1/reports/service?" + MARCH + "&teamId=" + team)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void thePageShowsTheFiguresInBothLanguagesAndEachTableDownloads() throws Exception {
        var page = page(seller, "/reports/service?" + MARCH, Locale.ENGLISH);
        assertThat(page.getStatus()).isEqualTo(200);
        var html = page.getContentAsString();
        assertThat(html)
                .contains(
                        "Service measures",
                        "Complaints per 100 active customers",
                        "50.00",
                        "40.0%",
                        "66.7%",
                        "25.0%",
                        "4.00",
                        "Billing",
                        "+200.0%",
                        "no units entered",
                        "No NPS survey results yet");
        var chinese = page(seller, "/reports/service?" + MARCH, Locale.SIMPLIFIED_CHINESE)
                .getContentAsString();
        assertThat(chinese).contains("每百名活跃客户投诉数", "未录入销量");

        // Sales people may not export; a manager downloads each table.
        assertThat(page(seller, "/reports/service.csv?" + MARCH, Locale.ENGLISH).getStatus())
                .isEqualTo(403);
        var manager = users.create(Role.MANAGER);
        var csv = page(manager, "/reports/service.csv?table=kinds&teamId=" + team + "&" + MARCH, Locale.ENGLISH);
        assertThat(csv.getStatus()).isEqualTo(200);
        assertThat(csv.getContentType()).startsWith("text/csv");
        var bytes = csv.getContentAsByteArray();
        assertThat(new String(bytes, 0, 3, StandardCharsets.ISO_8859_1)).isEqualTo("\u00EF\u00BB\u00BF");
        var text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).contains("Kind,Cases,", "\r\nComplaint,3,");
        for (var table : ServiceMeasuresController.TABLES) {
            assertThat(page(manager, "/reports/service.csv?table=" + table + "&" + MARCH, Locale.SIMPLIFIED_CHINESE)
                            .getStatus())
                    .as(table)
                    .isEqualTo(200);
        }
    }

    private MockHttpServletResponse page(String username, String path, Locale locale) throws Exception {
        return mvc.perform(get(path)
                        .with(user(userDetails.loadUserByUsername(username)))
                        .locale(locale))
                .andReturn()
                .getResponse();
    }

    private static JsonNode row(JsonNode rows, String key) {
        for (var r : rows) {
            if (r.get("key").asString().equals(key)) {
                return r;
            }
        }
        throw new AssertionError("no row " + key + " in " + rows);
    }

    private UUID customer(String owner, String stage) {
        return fixtures.customer(owner, stage);
    }

    private static Map<String, Object> open(UUID customer, String kind, String priority, UUID team, String category) {
        return MeasuresFixtures.opened(customer, OPENED, kind, priority, team, category);
    }

    private void insert(Map<String, Object> c) {
        fixtures.insert(c);
    }
}
