package dev.dossier.identity;

import static dev.dossier.db.Tables.APP_USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.dossier.DossierTest;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The administrators' sign-in security page: two-factor sign-in required per role, the idle session timeout, and
 * who may not change them (or their own role). Uses the FINANCE role, which no other test signs in with, and puts
 * the policy back after each test.
 */
@DossierTest
@AutoConfigureMockMvc
@RecordApplicationEvents
class SignInPolicyTest {

    private static final Pattern KEY = Pattern.compile("id=\"totp-key\">([A-Z2-7 ]+)<");

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    UserDetailsService userDetails;

    @Autowired
    UserRepository repository;

    @Autowired
    SignInPolicy policy;

    @Autowired
    DSLContext db;

    @Autowired
    ApplicationEvents events;

    @AfterEach
    void restorePolicy() throws Exception {
        mvc.perform(post("/admin/security").with(admin()).with(csrf()).param("idleTimeoutMinutes", "30"))
                .andExpect(redirectedUrl("/admin/security"));
        assertThat(policy.rolesRequiringSecondFactor()).isEmpty();
    }

    @Test
    void aRoleThatRequiresTwoFactorSignInSendsItsUsersToEnrolFirst() throws Exception {
        var page = mvc.perform(get("/admin/security").with(admin()).locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains(
                        "Require two-factor sign-in",
                        "Idle session timeout (minutes)",
                        "id=\"lockout-failures\">5<",
                        "15 minutes");

        mvc.perform(post("/admin/security")
                        .with(admin())
                        .with(csrf())
                        .param("requireSecondFactor", "FINANCE")
                        .param("idleTimeoutMinutes", "30"))
                .andExpect(redirectedUrl("/admin/security"));
        assertThat(policy.rolesRequiringSecondFactor()).containsExactly(Role.FINANCE);
        assertThat(events.stream(IdentityEvents.PermissionChanged.class))
                .singleElement()
                .satisfies(e -> assertThat(e.role()).isEqualTo(Role.FINANCE))
                .satisfies(e -> assertThat(e.after()).isEqualTo("true"));

        var name = users.create(Role.FINANCE);
        var session = new MockHttpSession();
        mvc.perform(post("/sign-in")
                        .session(session)
                        .with(csrf())
                        .param("username", name)
                        .param("password", TestUsers.PASSWORD))
                .andExpect(redirectedUrl("/customers"));
        for (var path : new String[] {"/customers", "/account/tokens", "/customers/trash"}) {
            mvc.perform(get(path).session(session)).andExpect(redirectedUrl("/account/two-factor"));
        }
        var enrol = mvc.perform(get("/account/two-factor").session(session).locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(enrol).contains("Your role requires two-factor sign-in.");
        // Nor is there an API token to be had around it.
        mvc.perform(post("/api/v1/tokens")
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                .httpBasic(name, TestUsers.PASSWORD)))
                .andExpect(status().isForbidden());

        var matcher = KEY.matcher(enrol);
        assertThat(matcher.find()).isTrue();
        var secret = Totp.fromBase32(matcher.group(1).replace(" ", ""));
        mvc.perform(post("/account/two-factor")
                        .session(session)
                        .with(csrf())
                        .param("code", Totp.code(secret, Totp.step(TestClock.now()))))
                .andExpect(status().isOk());
        mvc.perform(get("/customers").session(session)).andExpect(status().isOk());

        // While the role requires it, it cannot be turned off.
        var refused = mvc.perform(post("/account/two-factor/disable")
                        .session(session)
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("password", TestUsers.PASSWORD))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(refused).contains("Your role requires two-factor sign-in: it cannot be turned off.");
        assertThat(repository.hasSecondFactor(
                        repository.findByUsername(name).orElseThrow().getId()))
                .isTrue();
    }

    @Test
    void aRequirementAppliesAtOnceToUsersSignedInAlready() throws Exception {
        var name = users.create(Role.FINANCE);
        var session = new MockHttpSession();
        mvc.perform(post("/sign-in")
                        .session(session)
                        .with(csrf())
                        .param("username", name)
                        .param("password", TestUsers.PASSWORD))
                .andExpect(redirectedUrl("/customers"));
        mvc.perform(get("/customers").session(session)).andExpect(status().isOk());

        mvc.perform(post("/admin/security")
                        .with(admin())
                        .with(csrf())
                        .param("requireSecondFactor", "FINANCE")
                        .param("idleTimeoutMinutes", "30"))
                .andExpect(redirectedUrl("/admin/security"));

        mvc.perform(get("/customers").session(session)).andExpect(redirectedUrl("/account/two-factor"));
    }

    @Test
    void anIdleSessionEndsAfterThePolicysMinutes() throws Exception {
        var name = users.create(Role.SALES);
        var session = new MockHttpSession();
        mvc.perform(post("/sign-in")
                        .session(session)
                        .with(csrf())
                        .param("username", name)
                        .param("password", TestUsers.PASSWORD))
                .andExpect(redirectedUrl("/customers"));
        assertThat(session.getMaxInactiveInterval()).isEqualTo(30 * 60);
        mvc.perform(get("/customers").session(session)).andExpect(status().isOk());

        // Shorter now: the session was last used 6 minutes ago, and 5 are allowed.
        mvc.perform(post("/admin/security").with(admin()).with(csrf()).param("idleTimeoutMinutes", "5"))
                .andExpect(redirectedUrl("/admin/security"));
        assertThat(events.stream(IdentityEvents.SignInPolicyChanged.class))
                .containsExactly(new IdentityEvents.SignInPolicyChanged(
                        "idle-timeout-minutes",
                        "30",
                        "5",
                        repository.findByUsername(TestUsers.ADMIN).orElseThrow().getId()));
        session.setAttribute(PendingSignIn.LAST_SEEN, TestClock.now().minusSeconds(4 * 60));
        mvc.perform(get("/customers").session(session)).andExpect(status().isOk());
        session.setAttribute(PendingSignIn.LAST_SEEN, TestClock.now().minusSeconds(6 * 60));

        mvc.perform(get("/customers").session(session)).andExpect(redirectedUrl("/sign-in?expired"));
        assertThat(session.isInvalid()).isTrue();
        var page = mvc.perform(get("/sign-in").param("expired", "").locale(Locale.ENGLISH))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Your session ended after a period without activity.");

        // A new sign-in gets the new timeout.
        var fresh = new MockHttpSession();
        mvc.perform(post("/sign-in")
                        .session(fresh)
                        .with(csrf())
                        .param("username", name)
                        .param("password", TestUsers.PASSWORD))
                .andExpect(redirectedUrl("/customers"));
        assertThat(fresh.getMaxInactiveInterval()).isEqualTo(5 * 60);
    }

    @Test
    void anInvalidTimeoutOrRoleChangesNothing() throws Exception {
        for (var minutes : new String[] {"0", "1441", "abc", ""}) {
            var page = mvc.perform(post("/admin/security")
                            .with(admin())
                            .with(csrf())
                            .locale(Locale.ENGLISH)
                            .param("requireSecondFactor", "FINANCE")
                            .param("idleTimeoutMinutes", minutes))
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            assertThat(page).contains("Enter a whole number of minutes from 1 to 1440.");
        }
        mvc.perform(post("/admin/security")
                        .with(admin())
                        .with(csrf())
                        .param("requireSecondFactor", "OWNER")
                        .param("idleTimeoutMinutes", "10"))
                .andExpect(status().isOk());
        assertThat(policy.rolesRequiringSecondFactor()).isEmpty();
        assertThat(policy.idleTimeoutMinutes()).isEqualTo(30);
    }

    @Test
    void someoneWhoIsNotAnAdministratorCannotChangeTheRulesOrTheirOwnRole() throws Exception {
        var name = users.create(Role.MANAGER);
        var me = repository.findByUsername(name).orElseThrow();
        var session = new MockHttpSession();
        mvc.perform(post("/sign-in")
                        .session(session)
                        .with(csrf())
                        .param("username", name)
                        .param("password", TestUsers.PASSWORD))
                .andExpect(redirectedUrl("/customers"));

        mvc.perform(get("/admin/security").session(session)).andExpect(status().isForbidden());
        mvc.perform(post("/admin/security").session(session).with(csrf()).param("idleTimeoutMinutes", "1440"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/admin/users/" + me.getId())
                        .session(session)
                        .with(csrf())
                        .param("username", name)
                        .param("displayName", me.getDisplayName())
                        .param("roles", "ADMINISTRATOR", "MANAGER")
                        .param("enabled", "true")
                        .param("version", me.getVersion().toString()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/admin/users/" + me.getId()).session(session)).andExpect(status().isForbidden());

        assertThat(repository.roles(me.getId())).containsExactly(Role.MANAGER);
        assertThat(db.select(APP_USER.VERSION)
                        .from(APP_USER)
                        .where(APP_USER.ID.eq(me.getId()))
                        .fetchOne(APP_USER.VERSION))
                .isEqualTo(me.getVersion());
        assertThat(policy.idleTimeoutMinutes()).isEqualTo(30);
        assertThat(events.stream(IdentityEvents.RolesChanged.class)
                        .filter(e -> !e.before().isEmpty()))
                .isEmpty();
        // Over the API there is no way to users or roles: a token of theirs reaches no such endpoint.
        var token = mvc.perform(post("/api/v1/tokens")
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                .httpBasic(name, TestUsers.PASSWORD)))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString()
                .replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        for (var path : new String[] {"/api/v1/users/" + me.getId(), "/api/v1/admin/users/" + me.getId()}) {
            var status = mvc.perform(post(path)
                            .header("Authorization", "Bearer " + token)
                            .contentType("application/json")
                            .content("{\"roles\":[\"ADMINISTRATOR\"]}"))
                    .andReturn()
                    .getResponse()
                    .getStatus();
            assertThat(status).as(path).isIn(403, 404, 405);
        }
        assertThat(repository.roles(me.getId())).containsExactly(Role.MANAGER);
    }

    @Test
    void anAdministratorResetsTheSecondFactorOfSomeoneWhoLostIt() throws Exception {
        var name = users.create(Role.SALES);
        var id = repository.findByUsername(name).orElseThrow().getId();
        db.update(APP_USER)
                .set(APP_USER.TOTP_SECRET, Totp.base32(Totp.newSecret()))
                .set(APP_USER.TOTP_ENABLED_AT, TestClock.utcNow())
                .where(APP_USER.ID.eq(id))
                .execute();
        mvc.perform(post("/sign-in").with(csrf()).param("username", name).param("password", TestUsers.PASSWORD))
                .andExpect(redirectedUrl("/sign-in/code"));

        var other = user(userDetails.loadUserByUsername(users.create(Role.MANAGER)));
        mvc.perform(post("/admin/security/reset-second-factor")
                        .with(other)
                        .with(csrf())
                        .param("username", name))
                .andExpect(status().isForbidden());
        assertThat(repository.hasSecondFactor(id)).isTrue();
        var unknown = mvc.perform(post("/admin/security/reset-second-factor")
                        .with(admin())
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("username", "nobody-" + name))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(unknown).contains("There is no user with this name.");

        mvc.perform(post("/admin/security/reset-second-factor")
                        .with(admin())
                        .with(csrf())
                        .param("username", name))
                .andExpect(redirectedUrl("/admin/security"));
        assertThat(repository.hasSecondFactor(id)).isFalse();
        assertThat(events.stream(IdentityEvents.SecondFactorDisabled.class))
                .containsExactly(new IdentityEvents.SecondFactorDisabled(
                        id,
                        repository.findByUsername(TestUsers.ADMIN).orElseThrow().getId()));
        mvc.perform(post("/sign-in").with(csrf()).param("username", name).param("password", TestUsers.PASSWORD))
                .andExpect(redirectedUrl("/customers"));
    }

    private org.springframework.test.web.servlet.request.RequestPostProcessor admin() {
        return user(userDetails.loadUserByUsername(TestUsers.ADMIN));
    }
}
