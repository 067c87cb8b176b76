package dev.dossier.identity;

import static dev.dossier.db.Tables.APP_USER;
import static dev.dossier.db.Tables.RECOVERY_CODE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.dossier.DossierTest;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Two-factor sign-in over HTTP: enrolment on the account page, the code page after the password, wrong, replayed
 * and recovery codes, the lockout, new session ids, and issuing an API token with a code.
 */
@DossierTest
@AutoConfigureMockMvc
@RecordApplicationEvents
class TwoFactorSignInTest {

    private static final Pattern KEY = Pattern.compile("id=\"totp-key\">([A-Z2-7 ]+)<");
    private static final Pattern RECOVERY =
            Pattern.compile("<code>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})</code>");

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    DSLContext db;

    @Autowired
    ApplicationEvents events;

    @Autowired
    dev.dossier.keys.FieldCipher cipher;

    /** A user who has set up two-factor sign-in through the account page. */
    record Enrolled(String username, UUID id, byte[] secret, List<String> recoveryCodes) {}

    @Test
    void aUserSetsUpTwoFactorSignInAndThenNeedsTheCode() throws Exception {
        var user = enrol(users.create(Role.SALES));
        assertThat(recoveryHashes(user.id())).hasSize(10).doesNotContainAnyElementsOf(user.recoveryCodes());
        var stored = db.select(APP_USER.TOTP_SECRET)
                .from(APP_USER)
                .where(APP_USER.ID.eq(user.id()))
                .fetchOne(APP_USER.TOTP_SECRET);
        assertThat(stored)
                .as("the secret is kept encrypted")
                .startsWith("enc:")
                .doesNotContain(Totp.base32(user.secret()));
        assertThat(cipher.decrypt("app_user.totp_secret", stored)).isEqualTo(Totp.base32(user.secret()));
        assertThat(events.stream(IdentityEvents.SecondFactorEnabled.class))
                .containsExactly(new IdentityEvents.SecondFactorEnabled(user.id()));

        var lastSignIn = db.select(APP_USER.LAST_SIGN_IN_AT)
                .from(APP_USER)
                .where(APP_USER.ID.eq(user.id()))
                .fetchOne(APP_USER.LAST_SIGN_IN_AT);
        var session = new MockHttpSession();
        var before = session.getId();
        mvc.perform(post("/sign-in")
                        .session(session)
                        .with(csrf())
                        .param("username", user.username())
                        .param("password", TestUsers.PASSWORD))
                .andExpect(redirectedUrl("/sign-in/code"));
        var afterPassword = session.getId();
        assertThat(afterPassword).isNotEqualTo(before);
        // Not signed in yet: every page leads back to the code page.
        mvc.perform(get("/customers").session(session)).andExpect(redirectedUrl("/sign-in/code"));
        mvc.perform(get("/account/tokens").session(session)).andExpect(redirectedUrl("/sign-in/code"));
        mvc.perform(get("/api/v1/customers").session(session)).andExpect(status().isUnauthorized());
        assertThat(db.select(APP_USER.LAST_SIGN_IN_AT)
                        .from(APP_USER)
                        .where(APP_USER.ID.eq(user.id()))
                        .fetchOne(APP_USER.LAST_SIGN_IN_AT))
                .as("not signed in by the password alone")
                .isEqualTo(lastSignIn);

        var page = mvc.perform(get("/sign-in/code").session(session).locale(Locale.ENGLISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Enter the six-digit code");

        var wrong = mvc.perform(post("/sign-in/code")
                        .session(session)
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("code", wrongCode(user)))
                .andExpect(status().isUnprocessableContent())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(wrong).contains("That code is not right, or has been used already.");
        assertThat(events.stream(IdentityEvents.SecondFactorFailed.class))
                .containsExactly(new IdentityEvents.SecondFactorFailed(user.id(), "WRONG_CODE", false));
        mvc.perform(get("/customers").session(session)).andExpect(redirectedUrl("/sign-in/code"));

        var code = nextCode(user);
        mvc.perform(post("/sign-in/code").session(session).with(csrf()).param("code", code))
                .andExpect(redirectedUrl("/customers"));
        assertThat(session.getId()).isNotEqualTo(afterPassword).isNotEqualTo(before);
        mvc.perform(get("/customers").session(session)).andExpect(status().isOk());
        assertThat(events.stream(IdentityEvents.SecondFactorVerified.class))
                .containsExactly(new IdentityEvents.SecondFactorVerified(user.id(), "TOTP"));
        assertThat(db.select(APP_USER.FAILED_SIGN_INS)
                        .from(APP_USER)
                        .where(APP_USER.ID.eq(user.id()))
                        .fetchOne(APP_USER.FAILED_SIGN_INS))
                .isZero();

        // Signing out ends the session.
        mvc.perform(post("/sign-out").session(session).with(csrf())).andExpect(redirectedUrl("/sign-in?signed-out"));
        assertThat(session.isInvalid()).isTrue();

        // The same code again, in a new sign-in, is a replay.
        var again = passwordStep(user);
        mvc.perform(post("/sign-in/code").session(again).with(csrf()).param("code", code))
                .andExpect(status().isUnprocessableContent());
        assertThat(events.stream(IdentityEvents.SecondFactorFailed.class))
                .contains(new IdentityEvents.SecondFactorFailed(user.id(), "REPLAYED_CODE", false));
        mvc.perform(get("/customers").session(again)).andExpect(redirectedUrl("/sign-in/code"));
    }

    @Test
    void aRecoveryCodeWorksOnce() throws Exception {
        var user = enrol(users.create(Role.SALES));
        var recovery = user.recoveryCodes().get(3);

        var session = passwordStep(user);
        mvc.perform(post("/sign-in/code").session(session).with(csrf()).param("code", recovery.toUpperCase()))
                .andExpect(redirectedUrl("/customers"));
        mvc.perform(get("/customers").session(session)).andExpect(status().isOk());
        assertThat(events.stream(IdentityEvents.SecondFactorVerified.class))
                .containsExactly(new IdentityEvents.SecondFactorVerified(user.id(), "RECOVERY_CODE"));
        var account = mvc.perform(get("/account/two-factor").session(session).locale(Locale.ENGLISH))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(account).contains("Recovery codes left: 9");

        var second = passwordStep(user);
        mvc.perform(post("/sign-in/code").session(second).with(csrf()).param("code", recovery))
                .andExpect(status().isUnprocessableContent());
        mvc.perform(get("/customers").session(second)).andExpect(redirectedUrl("/sign-in/code"));
        assertThat(events.stream(IdentityEvents.SecondFactorFailed.class))
                .containsExactly(new IdentityEvents.SecondFactorFailed(user.id(), "WRONG_RECOVERY_CODE", false));
        // Another, unused one still works.
        mvc.perform(post("/sign-in/code")
                        .session(second)
                        .with(csrf())
                        .param("code", user.recoveryCodes().get(4)))
                .andExpect(redirectedUrl("/customers"));
    }

    @Test
    void wrongCodesCountTowardsTheLockoutEvenAcrossNewPasswordSignIns() throws Exception {
        var user = enrol(users.create(Role.SALES));
        var session = passwordStep(user);
        for (int i = 0; i < 3; i++) {
            mvc.perform(post("/sign-in/code").session(session).with(csrf()).param("code", wrongCode(user)))
                    .andExpect(status().isUnprocessableContent());
        }
        // A right password does not start the count again: only a right code does.
        session = passwordStep(user);
        mvc.perform(post("/sign-in/code").session(session).with(csrf()).param("code", wrongCode(user)))
                .andExpect(status().isUnprocessableContent());
        mvc.perform(post("/sign-in/code").session(session).with(csrf()).param("code", "zzzz-zzzz-zzzz-zzzz"))
                .andExpect(redirectedUrl("/sign-in?locked"));
        assertThat(db.select(APP_USER.LOCKED_UNTIL)
                        .from(APP_USER)
                        .where(APP_USER.ID.eq(user.id()))
                        .fetchOne(APP_USER.LOCKED_UNTIL))
                .isAfter(TestClock.utcNow());
        assertThat(events.stream(IdentityEvents.SecondFactorFailed.class).filter(e -> e.locked()))
                .hasSize(1);
        // Locked: neither the password nor a right code gets in now.
        mvc.perform(get("/customers").session(session)).andExpect(redirectedUrl("/sign-in"));
        mvc.perform(post("/sign-in")
                        .with(csrf())
                        .param("username", user.username())
                        .param("password", TestUsers.PASSWORD))
                .andExpect(redirectedUrl("/sign-in?locked&username=" + user.username()));
    }

    @Test
    void turningItOffNeedsThePassword() throws Exception {
        var user = enrol(users.create(Role.SALES));
        var session = passwordStep(user);
        mvc.perform(post("/sign-in/code").session(session).with(csrf()).param("code", nextCode(user)))
                .andExpect(redirectedUrl("/customers"));

        var refused = mvc.perform(post("/account/two-factor/disable")
                        .session(session)
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("password", "not-my-password"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(refused).contains("The password is not right.");
        assertThat(recoveryHashes(user.id())).hasSize(10);

        mvc.perform(post("/account/two-factor/disable")
                        .session(session)
                        .with(csrf())
                        .param("password", TestUsers.PASSWORD))
                .andExpect(redirectedUrl("/account/two-factor"));
        assertThat(recoveryHashes(user.id())).isEmpty();
        assertThat(events.stream(IdentityEvents.SecondFactorDisabled.class))
                .containsExactly(new IdentityEvents.SecondFactorDisabled(user.id(), user.id()));
        mvc.perform(post("/sign-in")
                        .with(csrf())
                        .param("username", user.username())
                        .param("password", TestUsers.PASSWORD))
                .andExpect(redirectedUrl("/customers"));
    }

    @Test
    void aWrongCodeAtEnrolmentTurnsNothingOn() throws Exception {
        var username = users.create(Role.SALES);
        var session = signIn(username);
        var page = mvc.perform(get("/account/two-factor").session(session))
                .andReturn()
                .getResponse()
                .getContentAsString();
        var key = key(page);
        assertThat(page).contains("data:image/svg+xml;base64,");
        // The page shows the same key until it is confirmed.
        assertThat(key(mvc.perform(get("/account/two-factor").session(session))
                        .andReturn()
                        .getResponse()
                        .getContentAsString()))
                .isEqualTo(key);
        var secret = Totp.fromBase32(key);
        var wrong = Totp.code(secret, Totp.step(TestClock.now()) + 5);
        var answer = mvc.perform(post("/account/two-factor")
                        .session(session)
                        .with(csrf())
                        .locale(Locale.ENGLISH)
                        .param("code", wrong))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(answer).contains("That code is not right");
        assertThat(db.select(APP_USER.TOTP_SECRET)
                        .from(APP_USER)
                        .where(APP_USER.USERNAME.eq(username))
                        .fetchOne(APP_USER.TOTP_SECRET))
                .isNull();
        assertThat(events.stream(IdentityEvents.SecondFactorEnabled.class)).isEmpty();
    }

    @Test
    void aTokenIsIssuedWithBasicCredentialsOnlyTogetherWithTheCode() throws Exception {
        var user = enrol(users.create(Role.SALES));

        mvc.perform(post("/api/v1/tokens").with(httpBasic(user.username(), TestUsers.PASSWORD)))
                .andExpect(status().isUnauthorized())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.type")
                        .value("urn:dossier:problem:second-factor-required"));
        mvc.perform(post("/api/v1/tokens")
                        .with(httpBasic(user.username(), TestUsers.PASSWORD))
                        .header("X-Dossier-Code", wrongCode(user)))
                .andExpect(status().isUnauthorized());
        assertThat(db.fetchCount(
                        dev.dossier.db.Tables.API_TOKEN, dev.dossier.db.Tables.API_TOKEN.USER_ID.eq(user.id())))
                .isZero();

        mvc.perform(post("/api/v1/tokens")
                        .with(httpBasic(user.username(), TestUsers.PASSWORD))
                        .header("X-Dossier-Code", nextCode(user)))
                .andExpect(status().isCreated());
        assertThat(db.fetchCount(
                        dev.dossier.db.Tables.API_TOKEN, dev.dossier.db.Tables.API_TOKEN.USER_ID.eq(user.id())))
                .isOne();
    }

    // ------------------------------------------------------------------ helpers

    private MockHttpSession signIn(String username) throws Exception {
        var session = new MockHttpSession();
        mvc.perform(post("/sign-in")
                        .session(session)
                        .with(csrf())
                        .param("username", username)
                        .param("password", TestUsers.PASSWORD))
                .andExpect(redirectedUrl("/customers"));
        return session;
    }

    private MockHttpSession passwordStep(Enrolled user) throws Exception {
        var session = new MockHttpSession();
        mvc.perform(post("/sign-in")
                        .session(session)
                        .with(csrf())
                        .param("username", user.username())
                        .param("password", TestUsers.PASSWORD))
                .andExpect(redirectedUrl("/sign-in/code"));
        return session;
    }

    /** Sets up two-factor sign-in as a person would: key from the page, code from the app. */
    private Enrolled enrol(String username) throws Exception {
        var session = signIn(username);
        var page = mvc.perform(get("/account/two-factor").session(session))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        var secret = Totp.fromBase32(key(page));
        var done = mvc.perform(post("/account/two-factor")
                        .session(session)
                        .with(csrf())
                        .param("code", Totp.code(secret, Totp.step(TestClock.now()))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        var codes = new ArrayList<String>();
        var matcher = RECOVERY.matcher(done);
        while (matcher.find()) {
            codes.add(matcher.group(1));
        }
        assertThat(codes).hasSize(10).doesNotHaveDuplicates();
        mvc.perform(post("/sign-out").session(session).with(csrf()));
        var id = db.select(APP_USER.ID)
                .from(APP_USER)
                .where(APP_USER.USERNAME.eq(username))
                .fetchOne(APP_USER.ID);
        return new Enrolled(username, id, secret, codes);
    }

    private static String key(String page) {
        var matcher = KEY.matcher(page);
        assertThat(matcher.find()).as("the page shows the key").isTrue();
        return matcher.group(1).replace(" ", "");
    }

    /** A code for a time step after the last one used: the next the app will show. */
    private String nextCode(Enrolled user) {
        var last = db.select(APP_USER.TOTP_LAST_STEP)
                .from(APP_USER)
                .where(APP_USER.ID.eq(user.id()))
                .fetchOne(APP_USER.TOTP_LAST_STEP);
        long now = Totp.step(TestClock.now());
        long step = last == null || last < now ? now : last + 1;
        assertThat(step).as("a step within the accepted window").isLessThanOrEqualTo(now + 1);
        return Totp.code(user.secret(), step);
    }

    /** Six digits that are none of the codes accepted now. */
    private static String wrongCode(Enrolled user) {
        long now = Totp.step(TestClock.now());
        var accepted = List.of(
                Totp.code(user.secret(), now - 1), Totp.code(user.secret(), now), Totp.code(user.secret(), now + 1));
        for (int i = 0; ; i++) {
            var candidate = String.format("%06d", (123456 + i * 7919) % 1_000_000);
            if (!accepted.contains(candidate)) {
                return candidate;
            }
        }
    }

    private List<String> recoveryHashes(UUID userId) {
        return db.select(RECOVERY_CODE.CODE_HASH)
                .from(RECOVERY_CODE)
                .where(RECOVERY_CODE.USER_ID.eq(userId))
                .fetch(RECOVERY_CODE.CODE_HASH);
    }
}
