package dev.dossier.identity;

import static dev.dossier.db.Tables.UNKNOWN_SIGN_IN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.dossier.DossierTest;
import dev.dossier.support.TestUsers;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Signing in, lockout, first-time passwords, and what administrators do with users and teams. */
@DossierTest
@AutoConfigureMockMvc
class SignInAndAdministrationTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    UserDetailsService userDetails;

    @Autowired
    UserRepository repository;

    @Autowired
    UserManagement management;

    @Autowired
    DSLContext db;

    private MockHttpSession signIn(String username, String password) throws Exception {
        var session = new MockHttpSession();
        mvc.perform(post("/sign-in")
                        .session(session)
                        .with(csrf())
                        .param("username", username)
                        .param("password", password))
                .andExpect(redirectedUrl("/customers"));
        return session;
    }

    @Test
    void aUserSignsInWithTheirPasswordAndOut() throws Exception {
        var name = users.create(Role.SALES);
        var session = signIn(name, TestUsers.PASSWORD);
        mvc.perform(get("/customers").session(session)).andExpect(status().isOk());
        assertThat(repository.findByUsername(name).orElseThrow().getLastSignInAt())
                .isNotNull();
        mvc.perform(post("/sign-out").session(session).with(csrf())).andExpect(redirectedUrl("/sign-in?signed-out"));
    }

    @Test
    void aWrongPasswordSaysSoAndFiveLockTheAccount() throws Exception {
        var name = users.create(Role.SALES);
        for (int i = 0; i < 5; i++) {
            mvc.perform(post("/sign-in").with(csrf()).param("username", name).param("password", "wrong-" + i))
                    .andExpect(redirectedUrl("/sign-in?error&username=" + name));
        }
        mvc.perform(post("/sign-in").with(csrf()).param("username", name).param("password", TestUsers.PASSWORD))
                .andExpect(redirectedUrl("/sign-in?locked&username=" + name));
        var page = mvc.perform(get("/sign-in").param("locked", "").locale(Locale.ENGLISH))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("this account is locked");
        assertThat(repository.findByUsername(name).orElseThrow().getLockedUntil())
                .isNotNull();
    }

    @Test
    void anUnknownUserGetsTheSameAnswerAsAWrongPassword() throws Exception {
        mvc.perform(post("/sign-in")
                        .with(csrf())
                        .param("username", "nobody-here")
                        .param("password", "whatever-1"))
                .andExpect(redirectedUrl("/sign-in?error&username=nobody-here"));
    }

    @Test
    void aLockoutAnswersAnUnknownNameExactlyLikeARealAccount() throws Exception {
        var real = users.create(Role.SALES);
        var unknown = "nobody-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        // From an address of its own, so that the failures of other tests do not throttle it.
        RequestPostProcessor address = request -> {
            request.setRemoteAddr("10.77.0.1");
            return request;
        };
        for (int i = 0; i < 5; i++) {
            for (var name : List.of(real, unknown)) {
                mvc.perform(post("/sign-in")
                                .with(address)
                                .with(csrf())
                                .param("username", name)
                                .param("password", "wrong-" + i))
                        .andExpect(status().isFound())
                        .andExpect(redirectedUrl("/sign-in?error&username=" + name));
            }
        }
        for (var name : List.of(real, unknown)) {
            mvc.perform(post("/sign-in")
                            .with(address)
                            .with(csrf())
                            .param("username", name)
                            .param("password", "wrong-again"))
                    .andExpect(status().isFound())
                    .andExpect(redirectedUrl("/sign-in?locked&username=" + name));
        }
        mvc.perform(post("/sign-in")
                        .with(address)
                        .with(csrf())
                        .param("username", real)
                        .param("password", TestUsers.PASSWORD))
                .andExpect(redirectedUrl("/sign-in?locked&username=" + real));
        // The name is kept only as a hash.
        assertThat(db.fetchCount(UNKNOWN_SIGN_IN, UNKNOWN_SIGN_IN.NAME_HASH.eq(ApiTokens.hash(unknown))))
                .isEqualTo(1);
        assertThat(db.fetch("SELECT * FROM unknown_sign_in").formatCSV()).doesNotContain(unknown);
    }

    @Test
    void aFirstTimePasswordMustBeChangedBeforeAnythingElse() throws Exception {
        var name = users.create(Role.SALES);
        var id = repository.findByUsername(name).orElseThrow().getId();
        var temporary = management.resetPassword(id);
        var session = signIn(name, temporary);
        mvc.perform(get("/customers").session(session)).andExpect(redirectedUrl("/account/password"));
        var mismatch = mvc.perform(post("/account/password")
                        .session(session)
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("currentPassword", temporary)
                        .param("newPassword", "plum kettle rivers 83")
                        .param("confirmation", "another-password"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(mismatch).contains("The two new passwords differ.");
        mvc.perform(post("/account/password")
                        .session(session)
                        .with(csrf())
                        .param("currentPassword", temporary)
                        .param("newPassword", "plum kettle rivers 83")
                        .param("confirmation", "plum kettle rivers 83"))
                .andExpect(redirectedUrl("/customers"));
        mvc.perform(get("/customers").session(session)).andExpect(status().isOk());
        signIn(name, "plum kettle rivers 83");
    }

    @Test
    void administratorsCreateUsersWithRolesAndTeams() throws Exception {
        var admin = user(userDetails.loadUserByUsername(users.create(Role.ADMINISTRATOR)));
        var team = management.createTeam("华南大客户部 " + System.nanoTime(), null, null);
        var username = "wang.fang" + System.nanoTime() % 100000;
        mvc.perform(post("/admin/users")
                        .with(admin)
                        .with(csrf())
                        .param("username", username)
                        .param("displayName", "王芳")
                        .param("email", username + "@example.com")
                        .param("roles", "SALES", "MANAGER")
                        .param("teamId", team.toString())
                        .param("enabled", "true"))
                .andExpect(redirectedUrl("/admin/users"));
        var created = repository.findByUsername(username).orElseThrow();
        assertThat(created.getTeamId()).isEqualTo(team);
        assertThat(created.getMustChangePassword()).isTrue();
        assertThat(repository.roles(created.getId())).isEqualTo(Set.of(Role.SALES, Role.MANAGER));
        var invalid = mvc.perform(post("/admin/users")
                        .with(admin)
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("username", username)
                        .param("displayName", "")
                        .param("email", "bad"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(invalid)
                .contains(
                        "This user name is taken.",
                        "Required.",
                        "Not a valid email address.",
                        "Choose at least one role.");
    }

    @Test
    void administratorsRenameAndRearrangeTeamsButNeverInACircle() throws Exception {
        var admin = user(userDetails.loadUserByUsername(users.create(Role.ADMINISTRATOR)));
        var parent = management.createTeam("销售中心 " + System.nanoTime(), null, null);
        var child = management.createTeam("华东一部 " + System.nanoTime(), parent, null);
        var renamed = "华东大区 " + System.nanoTime();
        mvc.perform(post("/admin/teams/" + child)
                        .with(admin)
                        .with(csrf())
                        .param("name", renamed)
                        .param("parentId", parent.toString())
                        .param("version", "0"))
                .andExpect(redirectedUrl("/admin/teams"));
        var page = mvc.perform(get("/admin/teams").with(admin))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains(renamed);
        mvc.perform(post("/admin/teams/" + parent)
                        .with(admin)
                        .with(csrf())
                        .param("name", "循环")
                        .param("parentId", child.toString())
                        .param("version", "0"))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
                        .attribute("flashKey", "admin.teams.invalid"));
    }

    @Test
    void anAdministratorCannotLockThemselvesOut() throws Exception {
        var name = users.create(Role.ADMINISTRATOR);
        var me = userDetails.loadUserByUsername(name);
        var record = repository.findByUsername(name).orElseThrow();
        var page = mvc.perform(post("/admin/users/" + record.getId())
                        .with(user(me))
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("displayName", "Me")
                        .param("roles", "SALES")
                        .param("version", "0"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("You cannot disable your own account.", "You cannot remove your own administrator role.");
        assertThat(repository.roles(record.getId())).contains(Role.ADMINISTRATOR);
    }

    @Test
    void tokensAreShownOnceAndRevocableInThePages() throws Exception {
        var name = users.create(Role.SALES);
        var session = signIn(name, TestUsers.PASSWORD);
        var page = mvc.perform(
                        post("/account/tokens").session(session).with(csrf()).param("name", "报表同步"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).containsPattern("dsr_[0-9A-Za-z]{40}").contains("报表同步");
        var again = mvc.perform(get("/account/tokens").session(session))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(again).doesNotContainPattern("dsr_[0-9A-Za-z]{40}").contains("报表同步");
    }

    @Test
    void pagesFollowTheBrowsersLanguageAndTheUsersChoice() throws Exception {
        var chinese = mvc.perform(get("/sign-in").header("Accept-Language", "zh-CN,zh;q=0.9"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(chinese).contains("登录", "lang=\"zh-CN\"");
        var english = mvc.perform(get("/sign-in").header("Accept-Language", "en-US"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(english).contains("Sign in");
        var switched = mvc.perform(get("/sign-in").param("lang", "zh-CN").header("Accept-Language", "en-US"))
                .andReturn()
                .getResponse();
        assertThat(switched.getCookie("dossier-lang")).isNotNull();
        assertThat(switched.getContentAsString()).contains("登录");
    }

    @Test
    void pagesSendSecurityHeaders() throws Exception {
        var response = mvc.perform(get("/sign-in")).andReturn().getResponse();
        assertThat(response.getHeader("Content-Security-Policy"))
                .contains("script-src 'self'")
                .doesNotContain("unsafe-eval");
        assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.getHeader("X-Frame-Options")).isEqualTo("DENY");
    }
}
