package dev.dossier.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
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

/** The customer pages as a person uses them: forms that say what is wrong, stale edits refused, text escaped. */
@DossierTest
@AutoConfigureMockMvc
class CustomerPagesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    UserDetailsService userDetails;

    @Autowired
    CustomerRepository repository;

    private org.springframework.test.web.servlet.request.RequestPostProcessor salesUser() {
        return user(userDetails.loadUserByUsername(users.create(Role.SALES)));
    }

    private String createCompany(org.springframework.test.web.servlet.request.RequestPostProcessor who, String name)
            throws Exception {
        var result = mvc.perform(post("/customers")
                        .with(who)
                        .with(csrf())
                        .param("type", "COMPANY")
                        .param("name", name)
                        .param("industry", "RETAIL")
                        .param("phones[0].type", "WORK")
                        .param("phones[0].number", "021-6" + (1000000 + (int) (Math.random() * 8999999)))
                        .param("grade", "ORDINARY")
                        .param("lifecycleStage", "LEAD"))
                .andExpect(status().is3xxRedirection())
                .andReturn();
        var location = result.getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/customers/");
        return location.substring("/customers/".length());
    }

    @Test
    void signedOutVisitorsAreSentToSignIn() throws Exception {
        mvc.perform(get("/customers"))
                .andExpect(status().is3xxRedirection())
                .andExpect(header().string("Location", org.hamcrest.Matchers.endsWith("/sign-in")));
        mvc.perform(get("/sign-in"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("name=\"_csrf\"")));
    }

    @Test
    void aFormWithMistakesShowsEachBesideItsFieldAndSavesNothing() throws Exception {
        var who = salesUser();
        long before = repository.findAll(java.util.List.of()).size();
        var page = mvc.perform(post("/customers")
                        .with(who)
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("type", "COMPANY")
                        .param("name", "")
                        .param("phones[0].type", "MOBILE")
                        .param("phones[0].number", "12345")
                        .param("emails[0].type", "WORK")
                        .param("emails[0].address", "not-an-email")
                        .param("grade", "NO_SUCH_GRADE")
                        .param("postalCode", "ABC"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains(
                        "Nothing was saved",
                        "Not a valid phone number.",
                        "Not a valid email address.",
                        "Required.",
                        "Choose the company&#39;s industry.",
                        "Not a valid value.");
        assertThat(page).contains("value=\"12345\"").contains("value=\"not-an-email\"");
        assertThat(before).isZero();
    }

    @Test
    void errorsComeInChineseForChineseReaders() throws Exception {
        var page = mvc.perform(post("/customers")
                        .with(salesUser())
                        .with(csrf())
                        .locale(Locale.SIMPLIFIED_CHINESE)
                        .param("type", "INDIVIDUAL")
                        .param("name", "张三"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("电话", "保存");
        assertThat(page).doesNotContain("Give at least a phone");
    }

    @Test
    void namesAndRemarksAreShownAsTextNeverRun() throws Exception {
        var who = salesUser();
        var id = createCompany(who, "<script>alert('x')</script> Evil Ltd " + UUID.randomUUID());
        var page = mvc.perform(get("/customers/" + id).with(who))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .doesNotContain("<script>alert")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Evil Ltd");
    }

    @Test
    void thePreferredLanguageIsChosenOnTheFormShownOnTheDossierAndRefusedWhenUnsupported() throws Exception {
        var who = salesUser();
        var name = "Language Co " + UUID.randomUUID();
        var id = createCompany(who, name);
        var form = mvc.perform(get("/customers/" + id + "/edit").with(who).locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(form)
                .contains(
                        "name=\"preferredLanguage\"",
                        "value=\"en\"",
                        "value=\"zh-CN\"",
                        "The installation&#39;s default");

        var refused = mvc.perform(post("/customers/" + id)
                        .with(who)
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("type", "COMPANY")
                        .param("name", name)
                        .param("industry", "RETAIL")
                        .param("grade", "ORDINARY")
                        .param("lifecycleStage", "LEAD")
                        .param("preferredLanguage", "de")
                        .param("version", "0"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(refused).contains("Choose English or Chinese");
        assertThat(repository.find(UUID.fromString(id)).orElseThrow().details().preferredLanguage())
                .isNull();

        mvc.perform(post("/customers/" + id)
                        .with(who)
                        .with(csrf())
                        .param("type", "COMPANY")
                        .param("name", name)
                        .param("industry", "RETAIL")
                        .param("grade", "ORDINARY")
                        .param("lifecycleStage", "LEAD")
                        .param("preferredLanguage", "zh-CN")
                        .param("version", "0"))
                .andExpect(status().is3xxRedirection());
        assertThat(repository.find(UUID.fromString(id)).orElseThrow().details().preferredLanguage())
                .isEqualTo("zh-CN");
        var dossier = mvc.perform(get("/customers/" + id).with(who).locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(dossier).contains("Preferred language", "简体中文");
        var edit = mvc.perform(get("/customers/" + id + "/edit").with(who).locale(Locale.ENGLISH))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(edit).containsPattern("value=\"zh-CN\"\\s+selected");
    }

    @Test
    void anEditOnAStaleVersionIsRefusedWithAWayToReload() throws Exception {
        var who = salesUser();
        var name = "Stale Edit Co " + UUID.randomUUID();
        var id = createCompany(who, name);
        // Someone else saves first (version 0 -> 1).
        mvc.perform(post("/customers/" + id)
                        .with(who)
                        .with(csrf())
                        .param("type", "COMPANY")
                        .param("name", name + " A")
                        .param("industry", "RETAIL")
                        .param("grade", "VIP")
                        .param("lifecycleStage", "LEAD")
                        .param("version", "0"))
                .andExpect(status().is3xxRedirection());
        var page = mvc.perform(post("/customers/" + id)
                        .with(who)
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("type", "COMPANY")
                        .param("name", name + " B")
                        .param("industry", "RETAIL")
                        .param("grade", "ORDINARY")
                        .param("lifecycleStage", "LEAD")
                        .param("version", "0"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Someone else changed this record", "/customers/" + id + "/edit");
        var saved = repository.find(UUID.fromString(id)).orElseThrow();
        assertThat(saved.details().name()).isEqualTo(name + " A");
        assertThat(saved.details().grade()).isEqualTo(Grade.VIP);
    }

    @Test
    void theDossierShowsItsHistoryFieldByField() throws Exception {
        var who = salesUser();
        var name = "History Co " + UUID.randomUUID();
        var id = createCompany(who, name);
        mvc.perform(post("/customers/" + id)
                        .with(who)
                        .with(csrf())
                        .param("type", "COMPANY")
                        .param("name", name)
                        .param("industry", "RETAIL")
                        .param("grade", "VIP")
                        .param("lifecycleStage", "CUSTOMER")
                        .param("version", "0"))
                .andExpect(status().is3xxRedirection());
        var history = mvc.perform(get("/customers/" + id)
                        .param("tab", "history")
                        .with(who)
                        .locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(history).contains("changed", "Grade", "Ordinary", "VIP", "Lifecycle stage", "Lead", "Customer");
        var fragment = mvc.perform(get("/customers/" + id)
                        .param("tab", "history")
                        .header("HX-Request", "true")
                        .with(who))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(fragment).doesNotContain("<html").contains("history");
    }

    @Test
    void trashAndRestore() throws Exception {
        var who = salesUser();
        var name = "Trash Co " + UUID.randomUUID();
        var id = createCompany(who, name);
        mvc.perform(post("/customers/" + id + "/delete").with(who).with(csrf()).param("version", "0"))
                .andExpect(status().is3xxRedirection());
        var link = "href=\"/customers/" + id + "\"";
        assertThat(mvc.perform(get("/customers").param("q", name).with(who))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .doesNotContain(link);
        assertThat(mvc.perform(get("/customers/trash").with(who))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains(link);
        // Only administrators delete permanently.
        mvc.perform(post("/customers/" + id + "/purge").with(who).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(post("/customers/" + id + "/restore").with(who).with(csrf()).param("version", "1"))
                .andExpect(status().is3xxRedirection());
        assertThat(mvc.perform(get("/customers").param("q", name).with(who))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains(link);
    }

    @Test
    void formsWithoutTheCsrfTokenAreRefused() throws Exception {
        mvc.perform(post("/customers")
                        .with(salesUser())
                        .param("type", "COMPANY")
                        .param("name", "No token"))
                .andExpect(status().isForbidden());
    }

    @Test
    void onlyAdministratorsManageUsers() throws Exception {
        mvc.perform(get("/admin/users").with(salesUser())).andExpect(status().isForbidden());
        var admin = user(userDetails.loadUserByUsername(users.create(Role.ADMINISTRATOR)));
        mvc.perform(get("/admin/users").with(admin)).andExpect(status().isOk());
    }

    @Test
    void theListChoosesColumnsAndRemembersThem() throws Exception {
        var who = salesUser();
        var result = mvc.perform(
                        get("/customers").param("cols", "email", "industry").with(who))
                .andExpect(status().isOk())
                .andReturn();
        assertThat(result.getResponse().getCookie("dossier-columns").getValue()).isEqualTo("email.industry");
        assertThat(result.getResponse().getContentAsString())
                .contains("<th scope=\"col\">Email</th>")
                .doesNotContain("<th scope=\"col\">Owner</th>");
    }

    @Test
    void theListFiltersByTheAddressAndAnswersHtmxWithItsResultsOnly() throws Exception {
        var who = salesUser();
        var name = "Filtered Co " + UUID.randomUUID();
        var id = createCompany(who, name);
        var link = "href=\"/customers/" + id + "\"";
        var matching = get("/customers")
                .param("q", name)
                .param("type", "COMPANY")
                .param("grade", "ORDINARY")
                .param("lifecycleStage", "LEAD")
                .param("industry", "RETAIL")
                .with(who)
                .locale(Locale.ENGLISH);

        assertThat(mvc.perform(matching)
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("<html", link);
        assertThat(mvc.perform(get("/customers")
                                .param("q", name)
                                .param("grade", "VIP")
                                .with(who))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .doesNotContain(link);
        var results = mvc.perform(matching.header("HX-Request", "true").header("HX-Target", "results"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(results).contains("id=\"results\"", link).doesNotContain("<html");
        assertThat(mvc.perform(get("/customers/count")
                                .param("q", name)
                                .param("industry", "RETAIL")
                                .with(who)
                                .locale(Locale.ENGLISH))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("1 customer");

        // A value that is not an option is a bad request, not an empty list.
        mvc.perform(get("/customers").param("grade", "SUPER").with(who)).andExpect(status().isBadRequest());
        mvc.perform(get("/customers/count").param("ownerId", "nobody").with(who))
                .andExpect(status().isBadRequest());
    }

    @Test
    void aNewRowForAnotherPhoneComesAsAFragment() throws Exception {
        var fragment = mvc.perform(get("/customers/form-row")
                        .param("kind", "phone")
                        .param("index", "2")
                        .with(salesUser()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(fragment).contains("name=\"phones[2].number\"", "index=3").doesNotContain("<html");
    }
}
