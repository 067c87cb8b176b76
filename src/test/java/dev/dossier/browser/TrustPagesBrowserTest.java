package dev.dossier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.options.AriaRole;
import dev.dossier.DossierTest;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The pages that keep customer information safe, as an administrator sees them in each language: the audit trail,
 * privacy requests and retention, backups, encryption, sign-in security, and a customer's consents. Each must render
 * with its heading and without an error; screenshots land in {@code <build directory>/screenshots}.
 */
@DossierTest
@Tag("browser")
class TrustPagesBrowserTest {

    private static BrowserSupport chromium;

    @LocalServerPort
    int port;

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

    @ParameterizedTest
    @ValueSource(strings = {"en-US", "zh-CN"})
    void everyTrustPageRendersInEachLanguage(String locale) {
        var admin = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        var created = admin.post(
                "/api/v1/customers",
                ApiClient.json(Map.of(
                        "type",
                        "INDIVIDUAL",
                        "name",
                        "周慧敏",
                        "phones",
                        List.of(Map.of(
                                "type",
                                "MOBILE",
                                "number",
                                "139"
                                        + (10_000_000
                                                + java.util.concurrent.ThreadLocalRandom.current()
                                                        .nextInt(89_999_999)))))));
        var id = created.json().get("id").asString();
        var tag = locale.substring(0, 2);

        try (var context = chromium.browser()
                .newContext(new Browser.NewContextOptions()
                        .setBaseURL("http://localhost:" + port)
                        .setLocale(locale)
                        .setViewportSize(1280, 900))) {
            context.setDefaultTimeout(10_000);
            var page = context.newPage();
            page.navigate("/sign-in");
            page.locator("#username").fill(TestUsers.ADMIN);
            page.locator("#password").fill(TestUsers.ADMIN_PASSWORD);
            page.keyboard().press("Enter");
            assertThat(page).hasURL(Pattern.compile(".*/customers$"));

            var pages = Map.of(
                    "audit",
                    "/audit",
                    "privacy",
                    "/privacy",
                    "retention",
                    "/privacy/retention",
                    "backups",
                    "/admin/backups",
                    "encryption",
                    "/admin/encryption",
                    "security",
                    "/admin/security",
                    "roles",
                    "/admin/roles?role=MANAGER",
                    "consents",
                    "/privacy/customers/" + id + "/consents",
                    "sharing",
                    "/customers/" + id + "?tab=sharing",
                    "new-request",
                    "/privacy/requests/new");
            for (var entry : new java.util.TreeMap<>(pages).entrySet()) {
                var response = page.navigate(entry.getValue());
                org.junit.jupiter.api.Assertions.assertEquals(200, response.status(), entry.getValue());
                assertThat(page.getByRole(AriaRole.HEADING).first()).isVisible();
                assertThat(page.locator("body")).not().containsText("??");
                BrowserSupport.screenshot(page, "trust-" + tag + "-" + entry.getKey());
            }
        }
    }
}
