package dev.dossier.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.TestUsers;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The privacy pages as a privacy officer uses them, and a sales user who may not. */
@DossierTest
@AutoConfigureMockMvc
class PrivacyPagesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    UserDetailsService userDetails;

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
                        .param("phones[0].number", PrivacyFixtures.mobile())
                        .param("grade", "ORDINARY")
                        .param("lifecycleStage", "LEAD"))
                .andExpect(status().is3xxRedirection())
                .andReturn();
        return result.getResponse().getRedirectedUrl().substring("/customers/".length());
    }

    @Test
    void anOfficerRecordsAndWithdrawsConsentsAndWorksARequestOnThePages() throws Exception {
        var officer = as(Role.MANAGER);
        var id = customer(officer, "Pages " + UUID.randomUUID());
        var show = mvc.perform(get("/customers/" + id).with(officer))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(show).contains("/privacy/customers/" + id + "/consents");

        mvc.perform(post("/privacy/customers/" + id + "/consents")
                        .with(officer)
                        .with(csrf())
                        .param("purpose", "MARKETING")
                        .param("scope", "Newsletter")
                        .param("channel", "PAPER"))
                .andExpect(status().is3xxRedirection());
        var panel = mvc.perform(get("/privacy/customers/" + id + "/consents")
                        .with(officer)
                        .header("HX-Request", "true")
                        .locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(panel).contains("Newsletter", "In force").doesNotContain("<html");

        var bad = mvc.perform(post("/privacy/customers/" + id + "/consents")
                        .with(officer)
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("purpose", "")
                        .param("channel", "PAPER"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(bad).contains("nothing was saved", "Required.");

        var created = mvc.perform(post("/privacy/requests")
                        .with(officer)
                        .with(csrf())
                        .param("customerId", id)
                        .param("kind", "ACCESS")
                        .param("channel", "EMAIL")
                        .param("requesterName", "Walk-in")
                        .param("destination", "ABROAD"))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        var page = mvc.perform(get(created).with(officer).locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Walk-in", "15 days left", "Identity verified");

        // A step on a stale version says so and changes nothing.
        mvc.perform(post(created + "/steps")
                        .with(officer)
                        .with(csrf())
                        .param("action", "VERIFY")
                        .param("version", "0")
                        .param("method", "ID card"))
                .andExpect(status().is3xxRedirection());
        var stale = mvc.perform(post(created + "/steps")
                        .with(officer)
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("action", "START")
                        .param("version", "0"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(stale).contains("Someone else changed this record");
        mvc.perform(post(created + "/steps")
                        .with(officer)
                        .with(csrf())
                        .param("action", "START")
                        .param("version", "1"))
                .andExpect(status().is3xxRedirection());
        // Abroad without consent: the page says why instead of downloading.
        var refused = mvc.perform(get(created + "/export").with(officer).locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(refused).contains("has not consented to Transfer abroad");

        var list = mvc.perform(
                        get("/privacy").param("kind", "ACCESS").with(officer).locale(Locale.SIMPLIFIED_CHINESE))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(list).contains("Walk-in", "查阅与复制", "剩余 15 天");
        mvc.perform(get("/privacy/retention").with(officer)).andExpect(status().isOk());
        mvc.perform(get("/privacy/requests/new").param("customerId", id).with(officer))
                .andExpect(status().isOk());
    }

    @Test
    void aSalesUserIsRefusedOnEveryPrivacyPage() throws Exception {
        var sales = as(Role.SALES);
        var id = customer(sales, "Sales " + UUID.randomUUID());
        for (var path : new String[] {
            "/privacy", "/privacy/retention", "/privacy/requests/new", "/privacy/customers/" + id + "/consents"
        }) {
            mvc.perform(get(path).with(sales)).andExpect(status().isForbidden());
        }
        mvc.perform(post("/privacy/customers/" + id + "/consents")
                        .with(sales)
                        .with(csrf())
                        .param("purpose", "MARKETING")
                        .param("channel", "PAPER"))
                .andExpect(status().isForbidden());
        var show = mvc.perform(get("/customers/" + id).with(sales))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(show).doesNotContain("/privacy/customers/");
    }
}
