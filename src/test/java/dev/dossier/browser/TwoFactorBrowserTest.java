package dev.dossier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.nio.ByteBuffer;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A person turns on two-factor sign-in in a real browser: reads the key off the account page into an
 * authenticator (here, the test computes the codes), keeps the recovery codes, signs out, and signs in again with
 * password and code, first mistyping it.
 */
@DossierTest
@Tag("browser")
class TwoFactorBrowserTest {

    private static BrowserSupport chromium;

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @BeforeAll
    static void startBrowser() {
        chromium = BrowserSupport.launch();
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void aPersonTurnsOnTwoFactorSignInAndSignsInWithACode() throws Exception {
        var username = users.create(Role.SALES);
        try (var context = newContext()) {
            var page = context.newPage();
            page.navigate("/sign-in");
            signIn(page, username);
            assertThat(page).hasURL(Pattern.compile(".*/customers$"));

            // The account page, from the name in the top bar.
            page.locator(".usermenu .me").click();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Two-factor sign-in"))
                    .click();
            assertThat(page).hasURL(Pattern.compile(".*/account/two-factor$"));
            var qr = page.locator("img.qr");
            assertThat(qr).isVisible();
            assertTrue((Boolean) qr.evaluate("img => img.complete && img.naturalWidth > 0"), "the QR code is drawn");
            var key = page.locator("#totp-key").textContent().replace(" ", "").strip();
            assertTrue(key.matches("[A-Z2-7]{32}"), key);
            BrowserSupport.screenshot(page, "30-two-factor-enrol");

            var secret = base32(key);
            long step = TestClock.now().getEpochSecond() / 30;
            page.getByLabel("Code from the app").fill(code(secret, step));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Turn on two-factor sign-in"))
                    .click();
            assertThat(page.getByRole(AriaRole.STATUS)
                            .filter(new com.microsoft.playwright.Locator.FilterOptions()
                                    .setHasText("Two-factor sign-in is on.")))
                    .isVisible();
            assertThat(page.locator("#recovery-codes li")).hasCount(10);
            BrowserSupport.screenshot(page, "31-two-factor-recovery-codes");

            // Sign out, and in again: now the password is not enough.
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out"))
                    .click();
            assertThat(page).hasURL(Pattern.compile(".*/sign-in\\?signed-out$"));
            var before = sessionId(context);
            signIn(page, username);
            assertThat(page).hasURL(Pattern.compile(".*/sign-in/code$"));
            assertNotEquals(before, sessionId(context), "a new session id after the password");
            var afterPassword = sessionId(context);
            assertThat(page.getByLabel("Code")).isFocused();
            BrowserSupport.screenshot(page, "32-sign-in-code");

            // Straight to a page without the code: back to the code page.
            page.navigate("/customers");
            assertThat(page).hasURL(Pattern.compile(".*/sign-in/code$"));

            page.keyboard().type(wrong(secret, step));
            page.keyboard().press("Enter");
            assertThat(page.getByRole(AriaRole.ALERT)).hasText("That code is not right, or has been used already.");
            assertThat(page.getByLabel("Code")).hasAttribute("aria-invalid", "true");
            BrowserSupport.screenshot(page, "33-sign-in-code-wrong");

            page.getByLabel("Code").fill(code(secret, TestClock.now().getEpochSecond() / 30 + 1));
            page.getByLabel("Code").press("Enter");
            assertThat(page).hasURL(Pattern.compile(".*/customers$"));
            assertThat(page.getByRole(
                            AriaRole.HEADING,
                            new Page.GetByRoleOptions().setName("Customers").setExact(true)))
                    .isVisible();
            assertNotEquals(afterPassword, sessionId(context), "a new session id after the code");
            BrowserSupport.screenshot(page, "34-signed-in-with-code");

            // The account page says it is on; on a phone too.
            page.setViewportSize(390, 844);
            page.navigate("/account/two-factor");
            assertThat(page.getByText("Recovery codes left: 10")).isVisible();
            BrowserSupport.screenshot(page, "35-two-factor-on-390");
        }
    }

    private BrowserContext newContext() {
        var context = chromium.browser()
                .newContext(new Browser.NewContextOptions()
                        .setBaseURL("http://localhost:" + port)
                        .setLocale("en-US")
                        .setViewportSize(1280, 900));
        context.setDefaultTimeout(10_000);
        return context;
    }

    private static void signIn(Page page, String username) {
        page.getByLabel("User name").fill(username);
        page.getByLabel("Password").fill(TestUsers.PASSWORD);
        page.getByLabel("Password").press("Enter");
    }

    private static String sessionId(BrowserContext context) {
        return context.cookies().stream()
                .filter(c -> c.name.equals("JSESSIONID"))
                .map(c -> c.value)
                .findFirst()
                .orElse(null);
    }

    /** What an authenticator app computes (RFC 6238, HMAC-SHA1, six digits), written out on its own here. */
    private static String code(byte[] secret, long step) throws Exception {
        var mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret, "HmacSHA1"));
        var hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
        int offset = hash[19] & 0xf;
        int value = ((hash[offset] & 0x7f) << 24)
                | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8)
                | (hash[offset + 3] & 0xff);
        return String.format("%06d", value % 1_000_000);
    }

    private static String wrong(byte[] secret, long step) throws Exception {
        var candidate = 0;
        while (true) {
            var text = String.format("%06d", candidate);
            if (!text.equals(code(secret, step - 1))
                    && !text.equals(code(secret, step))
                    && !text.equals(code(secret, step + 1))
                    && !text.equals(code(secret, step + 2))) {
                return text;
            }
            candidate++;
        }
    }

    private static byte[] base32(String key) {
        var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var out = new java.io.ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : key.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        assertEquals(20, out.size());
        return out.toByteArray();
    }
}
