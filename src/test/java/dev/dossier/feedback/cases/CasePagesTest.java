package dev.dossier.feedback.cases;

import static dev.dossier.db.Tables.FEEDBACK_CASE;
import static dev.dossier.feedback.cases.CaseFixtures.customer;
import static dev.dossier.feedback.cases.CaseFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The case pages as staff use them: logging feedback from the dossier, working the case, the queues. */
@DossierTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("clock")
class CasePagesTest {

    @LocalServerPort
    int port;

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    UserDetailsService userDetails;

    @Autowired
    DSLContext db;

    private String sellerName;
    private String agentName;
    private UUID team;
    private ApiClient seller;

    @BeforeAll
    void people() {
        team = users.team(null);
        sellerName = users.createInTeam(team, Role.SALES);
        agentName = users.createInTeam(team, Role.SERVICE);
        seller = new ApiClient(port).signIn(sellerName, TestUsers.PASSWORD);
    }

    private RequestPostProcessor as(String username) {
        return user(userDetails.loadUserByUsername(username));
    }

    private String page(String path, String who, Locale locale) throws Exception {
        return mvc.perform(get(path).with(as(who)).locale(locale))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private UUID caseTitled(String title) {
        return db.select(FEEDBACK_CASE.ID)
                .from(FEEDBACK_CASE)
                .where(FEEDBACK_CASE.TITLE.eq(title))
                .fetchOne(FEEDBACK_CASE.ID);
    }

    /** A product with one version, made by a manager; answers the product's and the version's ids. */
    private String[] product(String name) {
        var manager = new ApiClient(port).signIn(users.create(Role.MANAGER), TestUsers.PASSWORD);
        var product = manager.post("/api/v1/products", ApiClient.json(Map.of("code", "P-" + unique(), "name", name)));
        assertThat(product.status()).as(product.body()).isEqualTo(201);
        var productId = product.json().get("id").asString();
        var version =
                manager.post("/api/v1/products/" + productId + "/versions", ApiClient.json(Map.of("label", "2.1")));
        assertThat(version.status()).as(version.body()).isEqualTo(201);
        return new String[] {productId, version.json().get("id").asString()};
    }

    @Test
    void feedbackIsLoggedFromTheDossierAndShowsOnItsCasesTabAndTimeline() throws Exception {
        var name = "Dossier " + unique();
        var customerId = customer(seller, name, "VIP");
        var product = product("Kettle " + unique());

        var dossier = page("/customers/" + customerId + "?tab=cases", sellerName, Locale.ENGLISH);
        assertThat(dossier).contains("tab-link-cases", "/cases/of-customer/" + customerId);
        var timeline = page("/customers/" + customerId + "?tab=timeline", sellerName, Locale.ENGLISH);
        assertThat(timeline).contains("/cases/new?customer=" + customerId, "Log feedback");

        var form = page("/cases/new?customer=" + customerId, sellerName, Locale.ENGLISH);
        assertThat(form)
                .contains(
                        name,
                        "name=\"title\"",
                        "Product defect",
                        "name=\"productId\"",
                        product[0],
                        "name=\"orderRef\"");

        var refused = mvc.perform(post("/cases")
                        .with(as(sellerName))
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("customerId", customerId.toString())
                        .param("title", "")
                        .param("kind", "")
                        .param("productVersionId", product[1]))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(refused).contains("Some fields need attention", "Required.", "aria-invalid=\"true\"");

        var title = "Kettle leaks " + unique();
        var saved = mvc.perform(post("/cases")
                        .with(as(sellerName))
                        .with(csrf())
                        .param("customerId", customerId.toString())
                        .param("title", title)
                        .param("description", "Water on the table <script>alert(1)</script>")
                        .param("kind", "DEFECT")
                        .param("priority", "HIGH")
                        .param("channel", "PHONE")
                        .param("productId", product[0])
                        .param("productVersionId", product[1])
                        .param("orderRef", "SO-77")
                        .param("tags", "leak, kitchen"))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getResponse();
        var id = caseTitled(title);
        assertThat(saved.getRedirectedUrl()).isEqualTo("/cases/" + id);

        var show = page("/cases/" + id, sellerName, Locale.ENGLISH);
        assertThat(show)
                .contains(title, name, "Kettle", "2.1", "SO-77", "leak", "kitchen", "New", "Phone", "&lt;script&gt;")
                .doesNotContain("<script>alert(1)");
        assertThat(show).contains("value=\"triage\"").doesNotContain("value=\"close\"", "value=\"resolve\"");

        var tab = mvc.perform(get("/cases/of-customer/" + customerId)
                        .with(as(sellerName))
                        .header("HX-Request", "true")
                        .locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(tab).doesNotContain("<html").contains(title, "/cases/" + id);
        assertThat(page("/customers/" + customerId + "?tab=timeline", sellerName, Locale.ENGLISH))
                .contains("Product defect: " + title);

        // Another seller reaches neither the customer nor its case.
        var stranger = users.create(Role.SALES);
        mvc.perform(get("/cases/" + id).with(as(stranger))).andExpect(status().isNotFound());
        mvc.perform(get("/cases/new").param("customer", customerId.toString()).with(as(stranger)))
                .andExpect(status().isNotFound());
    }

    @Test
    void assigningACaseToSomeoneWhoCannotOpenTheCustomerIsExplainedOnThePage() throws Exception {
        var customerId = customer(seller, "Hand-over " + unique(), "ORDINARY");
        var title = "Broken lid " + unique();
        mvc.perform(post("/cases")
                        .with(as(agentName))
                        .with(csrf())
                        .param("customerId", customerId.toString())
                        .param("title", title)
                        .param("kind", "COMPLAINT"))
                .andExpect(status().is3xxRedirection());
        var id = caseTitled(title);
        var outsider = users.create(Role.SALES);

        var refused = mvc.perform(post("/cases/" + id + "/assignment")
                        .with(as(agentName))
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("assignee", "user:" + users.id(outsider))
                        .param("version", "0"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(refused)
                .contains(
                        "class=\"field-error\">Test " + outsider + " cannot open this customer.",
                        "Share the customer with the assignee");
        assertThat(db.select(FEEDBACK_CASE.ASSIGNEE_ID)
                        .from(FEEDBACK_CASE)
                        .where(FEEDBACK_CASE.ID.eq(id))
                        .fetchOne(FEEDBACK_CASE.ASSIGNEE_ID))
                .isNull();
        mvc.perform(get("/cases/" + id).with(as(outsider))).andExpect(status().isNotFound());

        mvc.perform(post("/cases/" + id + "/assignment")
                        .with(as(agentName))
                        .with(csrf())
                        .param("assignee", "user:" + users.id(outsider))
                        .param("shareCustomer", "true")
                        .param("version", "0"))
                .andExpect(status().is3xxRedirection());
        assertThat(page("/cases/" + id, outsider, Locale.ENGLISH)).contains(title);
        assertThat(page("/customers/" + customerId + "?tab=sharing", agentName, Locale.ENGLISH))
                .contains("Test " + outsider);
    }

    @Test
    void aCaseIsWorkedOnItsPageWithOnlyTheAllowedButtonsAndARefusedMoveIsExplained() throws Exception {
        var customerId = customer(seller, "Worked " + unique(), "ORDINARY");
        var title = "Rude courier " + unique();
        mvc.perform(post("/cases")
                        .with(as(agentName))
                        .with(csrf())
                        .param("customerId", customerId.toString())
                        .param("title", title)
                        .param("kind", "COMPLAINT"))
                .andExpect(status().is3xxRedirection());
        var id = caseTitled(title);

        var refused = mvc.perform(post("/cases/" + id + "/move")
                        .with(as(agentName))
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("action", "close")
                        .param("version", "0"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(refused).contains("A case can only be closed once it is resolved.");
        assertThat(db.select(FEEDBACK_CASE.STATUS)
                        .from(FEEDBACK_CASE)
                        .where(FEEDBACK_CASE.ID.eq(id))
                        .fetchOne(FEEDBACK_CASE.STATUS))
                .isEqualTo("NEW");

        mvc.perform(post("/cases/" + id + "/assignment")
                        .with(as(agentName))
                        .with(csrf())
                        .param("assignee", "user:" + users.id(agentName))
                        .param("version", "0"))
                .andExpect(status().is3xxRedirection());
        var assigned = page("/cases/" + id, agentName, Locale.ENGLISH);
        assertThat(assigned)
                .contains("Assigned", "value=\"start\"", "value=\"resolve\"", "value=\"wait\"")
                .doesNotContain("value=\"close\"", "value=\"triage\"");

        mvc.perform(post("/cases/" + id + "/messages")
                        .with(as(agentName))
                        .with(csrf())
                        .param("kind", "REPLY")
                        .param("body", "Sorry, we spoke to the courier."))
                .andExpect(status().is3xxRedirection());
        mvc.perform(post("/cases/" + id + "/messages")
                        .with(as(agentName))
                        .with(csrf())
                        .param("kind", "INTERNAL")
                        .param("body", "Courier company warned."))
                .andExpect(status().is3xxRedirection());
        var stale = mvc.perform(post("/cases/" + id + "/move")
                        .with(as(agentName))
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("action", "resolve")
                        .param("version", "0"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(stale).contains("Someone else changed this case");
        var version = db.select(FEEDBACK_CASE.VERSION)
                .from(FEEDBACK_CASE)
                .where(FEEDBACK_CASE.ID.eq(id))
                .fetchOne(FEEDBACK_CASE.VERSION);
        mvc.perform(post("/cases/" + id + "/move")
                        .with(as(agentName))
                        .with(csrf())
                        .param("action", "resolve")
                        .param("version", version.toString())
                        .param("comment", "Apologised and refunded the delivery"))
                .andExpect(status().is3xxRedirection());

        var resolved = page("/cases/" + id, agentName, Locale.ENGLISH);
        assertThat(resolved)
                .contains("Resolved", "Apologised and refunded", "value=\"close\"", "value=\"reopen\"")
                .contains("Conversation with the customer", "Sorry, we spoke to the courier.")
                .contains("Internal notes", "Courier company warned.")
                .contains("New → Assigned", "Assigned → Resolved");
        assertThat(resolved.indexOf("Courier company warned.")).isGreaterThan(resolved.indexOf("Internal notes"));
        var chinese = page("/cases/" + id, agentName, Locale.SIMPLIFIED_CHINESE);
        assertThat(chinese).contains("已解决", "内部备注", "投诉");
    }

    @Test
    void theQueuesShowEachCasesSlaAndTimeLeft() throws Exception {
        var customerId = customer(seller, "Queues " + unique(), "ORDINARY");
        var marker = "Queued " + unique();
        for (var hours : new int[] {-26, 2, 50}) {
            mvc.perform(post("/cases")
                            .with(as(agentName))
                            .with(csrf())
                            .param("customerId", customerId.toString())
                            .param("title", marker + " " + hours)
                            .param("kind", "INQUIRY"))
                    .andExpect(status().is3xxRedirection());
            // Only the resolution counts here, whatever an SLA policy planned for the first response.
            db.update(FEEDBACK_CASE)
                    .set(
                            FEEDBACK_CASE.RESOLUTION_DUE_AT,
                            TestClock.utcNow().plusHours(hours).plusMinutes(10))
                    .setNull(FEEDBACK_CASE.FIRST_RESPONSE_DUE_AT)
                    .where(FEEDBACK_CASE.TITLE.eq(marker + " " + hours))
                    .execute();
        }
        var all = page("/cases?queue=ALL&q=" + marker, agentName, Locale.ENGLISH);
        assertThat(all).contains("Breached · overdue by 1 d", "Due soon · 2 h", "On time · 2 d 2 h left");
        assertThat(all.indexOf(marker + " -26")).isLessThan(all.indexOf(marker + " 2"));
        var breached = page("/cases?queue=BREACHED&q=" + marker, agentName, Locale.ENGLISH);
        assertThat(breached).contains(marker + " -26").doesNotContain(marker + " 50");
        var chinese =
                page("/cases?queue=UNASSIGNED&q=" + marker + "&sort=CREATED", agentName, Locale.SIMPLIFIED_CHINESE);
        assertThat(chinese).contains("已超时 1 天", "剩余 2 天 2 小时", "未分派");
        mvc.perform(get("/cases").param("queue", "SIDEWAYS").with(as(agentName)))
                .andExpect(status().isBadRequest());
    }
}
