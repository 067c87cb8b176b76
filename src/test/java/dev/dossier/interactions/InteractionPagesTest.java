package dev.dossier.interactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The log form on the timeline, the interaction pages and the report pages, with htmx and without. */
@DossierTest
@AutoConfigureMockMvc
@Tag("clock")
class InteractionPagesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    UserDetailsService userDetails;

    @Autowired
    DSLContext db;

    private RequestPostProcessor as(Role role) {
        return user(userDetails.loadUserByUsername(users.create(role)));
    }

    private String customer(RequestPostProcessor who, String name) throws Exception {
        var result = mvc.perform(post("/customers")
                        .with(who)
                        .with(csrf())
                        .param("type", "INDIVIDUAL")
                        .param("name", name)
                        .param("phones[0].type", "MOBILE")
                        .param("phones[0].number", InteractionFixtures.mobile())
                        .param("grade", "ORDINARY")
                        .param("lifecycleStage", "LEAD"))
                .andExpect(status().is3xxRedirection())
                .andReturn();
        return result.getResponse().getRedirectedUrl().substring("/customers/".length());
    }

    private String page(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    private int count(String customerId) {
        return db.fetchCount(
                dev.dossier.db.Tables.INTERACTION,
                dev.dossier.db.Tables.INTERACTION.CUSTOMER_ID.eq(UUID.fromString(customerId)));
    }

    private MockHttpServletRequestBuilder logForm(RequestPostProcessor who, String customerId, String summary) {
        return post("/interactions")
                .with(who)
                .with(csrf())
                .param("subject", "customer:" + customerId)
                .param("channel", "MEETING")
                .param("direction", "INBOUND")
                .param(
                        "startedAt",
                        LocalDateTime.ofInstant(TestClock.now(), TestClock.zone())
                                .minusHours(3)
                                .withNano(0)
                                .withSecond(0)
                                .toString())
                .param("durationMinutes", "45")
                .param("summary", summary)
                .param("outcome", "DEAL_PROGRESSED")
                .param("satisfaction", "5")
                .param("followUp", "yes");
    }

    @Test
    void theTimelineOffersTheFormAndLogsFromItWithAndWithoutJavaScript() throws Exception {
        var sales = as(Role.SALES);
        var id = customer(sales, "Pages " + UUID.randomUUID());
        var timeline = page(get("/customers/" + id).param("tab", "timeline").with(sales));
        assertThat(timeline).contains("Log interaction", "/interactions/new?subject=customer:" + id);

        var fragment = page(get("/interactions/new")
                .param("subject", "customer:" + id)
                .with(sales)
                .header("HX-Request", "true"));
        assertThat(fragment)
                .contains("name=\"summary\"", "hx-post=\"/interactions\"")
                .doesNotContain("<html");
        var whole =
                page(get("/interactions/new").param("subject", "customer:" + id).with(sales));
        assertThat(whole).contains("<html", "name=\"summary\"", "Meeting", "Deal progressed");

        var loggedResponse = mvc.perform(logForm(sales, id, "Agreed the pilot")
                        .header("HX-Request", "true")
                        .locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        // The timeline below the form reloads on this event.
        assertThat(loggedResponse.getHeader("HX-Trigger")).isEqualTo("timeline-changed");
        var logged = loggedResponse.getContentAsString(StandardCharsets.UTF_8);
        assertThat(logged)
                .contains("Interaction logged.", "Meeting · inbound · Deal progressed", "Agreed the pilot")
                .doesNotContain("<html");
        mvc.perform(logForm(sales, id, "Second meeting"))
                .andExpect(status().is3xxRedirection())
                .andExpect(result -> assertThat(result.getResponse().getRedirectedUrl())
                        .isEqualTo("/customers/" + id + "?tab=timeline"));
        var refreshed = page(get("/customers/" + id).param("tab", "timeline").with(sales));
        assertThat(refreshed).contains("Agreed the pilot", "Second meeting", "★5");
        assertThat(count(id)).isEqualTo(2);
    }

    @Test
    void aFormWithMistakesComesBackWithMessagesAndNothingIsSaved() throws Exception {
        var sales = as(Role.SALES);
        var id = customer(sales, "Mistakes " + UUID.randomUUID());
        var refused = mvc.perform(post("/interactions")
                        .with(sales)
                        .with(csrf())
                        .param("subject", "customer:" + id)
                        .param("channel", "CALL")
                        .param("direction", "OUTBOUND")
                        .param("startedAt", "2025-01-02T09:30")
                        .param("summary", "")
                        .param("outcome", "REACHED")
                        .param("satisfaction", "9")
                        .param("durationMinutes", "5000")
                        .header("HX-Request", "true")
                        .locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        assertThat(refused.getHeader("HX-Trigger")).isNull();
        var answer = refused.getContentAsString(StandardCharsets.UTF_8);
        assertThat(answer)
                .contains("Nothing was saved", "Required.", "From 1 to 5.", "Between 0 and 1440 minutes.")
                .doesNotContain("<html");
        var future = page(post("/interactions")
                .with(sales)
                .with(csrf())
                .param("subject", "customer:" + id)
                .param("channel", "CALL")
                .param("direction", "OUTBOUND")
                .param("summary", "Tomorrow")
                .param("outcome", "REACHED")
                .param(
                        "startedAt",
                        LocalDateTime.ofInstant(TestClock.now(), TestClock.zone())
                                .plusDays(1)
                                .withNano(0)
                                .withSecond(0)
                                .toString()));
        assertThat(future).contains("<html", "The start cannot lie in the future.");
        assertThat(count(id)).isZero();
    }

    @Test
    void anInteractionOpensEditsWithItsVersionAndIsDeleted() throws Exception {
        var sales = as(Role.SALES);
        var id = customer(sales, "Edit " + UUID.randomUUID());
        mvc.perform(logForm(sales, id, "Before")).andExpect(status().is3xxRedirection());
        var interactionId = db.select(dev.dossier.db.Tables.INTERACTION.ID)
                .from(dev.dossier.db.Tables.INTERACTION)
                .where(dev.dossier.db.Tables.INTERACTION.CUSTOMER_ID.eq(UUID.fromString(id)))
                .fetchOne(dev.dossier.db.Tables.INTERACTION.ID);
        var show = page(get("/interactions/" + interactionId).with(sales));
        assertThat(show).contains("Before", "Meeting · inbound · Deal progressed", "45 min", "★5");
        assertThat(page(get("/interactions/" + interactionId + "/edit").with(sales)))
                .contains("value=\"Before\"");

        var edited = post("/interactions/" + interactionId)
                .with(sales)
                .with(csrf())
                .param("version", "0")
                .param("subject", "customer:" + id)
                .param("channel", "CALL")
                .param("direction", "OUTBOUND")
                .param("startedAt", "2025-03-01T10:00")
                .param("summary", "After")
                .param("outcome", "REACHED");
        mvc.perform(edited).andExpect(status().is3xxRedirection());
        var stale = page(post("/interactions/" + interactionId)
                .with(sales)
                .with(csrf())
                .param("version", "0")
                .param("subject", "customer:" + id)
                .param("channel", "CALL")
                .param("direction", "OUTBOUND")
                .param("startedAt", "2025-03-01T10:00")
                .param("summary", "Lost edit")
                .param("outcome", "REACHED"));
        assertThat(stale).contains("Someone else changed this record");
        assertThat(page(get("/interactions/" + interactionId).with(sales)))
                .contains("After")
                .doesNotContain("Lost edit");
        assertThat(page(get("/interactions").param("channel", "CALL").with(sales)))
                .contains("After");

        var stranger = as(Role.SALES);
        mvc.perform(get("/interactions/" + interactionId).with(stranger)).andExpect(status().isNotFound());
        mvc.perform(post("/interactions/" + interactionId + "/delete")
                        .with(stranger)
                        .with(csrf())
                        .param("version", "1"))
                .andExpect(status().isNotFound());
        mvc.perform(post("/interactions/" + interactionId + "/delete")
                        .with(sales)
                        .with(csrf())
                        .param("version", "1"))
                .andExpect(status().is3xxRedirection());
        mvc.perform(get("/interactions/" + interactionId).with(sales)).andExpect(status().isNotFound());
    }

    @Test
    void theReportPagesShowTheirTabsAndOnlyExportersDownload() throws Exception {
        var manager = as(Role.MANAGER);
        var id = customer(manager, "Reports " + UUID.randomUUID());
        mvc.perform(logForm(manager, id, "Report me")).andExpect(status().is3xxRedirection());
        var channels = page(get("/reports/channels").with(manager));
        assertThat(channels)
                .contains(
                        "Channel effectiveness",
                        "channel-chart",
                        "Meeting",
                        "/reports/channels.csv",
                        "Follow-up success rate");
        assertThat(page(get("/reports/channels").param("period", "month").with(manager)))
                .contains("This month");
        // A period nobody worked in: every channel is drawn without a satisfaction, none at zero.
        var empty = page(get("/reports/channels")
                .param("period", "custom")
                .param("from", "1990-01-01")
                .param("to", "1990-01-31")
                .with(manager));
        var chart = org.springframework.web.util.HtmlUtils.htmlUnescape(
                java.util.regex.Pattern.compile("data-chart=\"([^\"]*)\"")
                        .matcher(empty)
                        .results()
                        .findFirst()
                        .orElseThrow()
                        .group(1));
        assertThat(chart).contains("\"satisfaction\":[null,null,null,null,null,null,null]");
        assertThat(page(get("/reports/follow-ups").with(manager))).contains("follow-up-chart", "Needing follow-up");
        var frequency = page(get("/reports/frequency").param("days", "30").with(manager));
        assertThat(frequency)
                .contains("Most contacted customers in the period", "Customers nobody contacted for 30 days");

        var csv = mvc.perform(get("/reports/channels.csv").with(manager).locale(Locale.SIMPLIFIED_CHINESE))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        assertThat(csv.getContentType()).startsWith("text/csv");
        var bytes = csv.getContentAsByteArray();
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("渠道", "会议");

        var sales = as(Role.SALES);
        assertThat(page(get("/reports/channels").with(sales))).doesNotContain("/reports/channels.csv");
        mvc.perform(get("/reports/channels.csv").with(sales)).andExpect(status().isForbidden());
        mvc.perform(get("/reports/frequency.csv").with(sales)).andExpect(status().isForbidden());
        mvc.perform(get("/reports/follow-ups.csv").with(sales)).andExpect(status().isForbidden());
    }
}
