package dev.dossier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Access in a real browser: an administrator looks at a role's permissions; a service agent sees a customer's
 * phone masked until they ask to reveal it; a finance user does not see it at all.
 */
@DossierTest
@Tag("browser")
class AccessBrowserTest {

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
    void maskedUntilRevealedAndRolesEditedInThePages() {
        var number = "138" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        var admin = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        var created = admin.post(
                "/api/v1/customers",
                ApiClient.json(Map.of(
                        "type",
                        "INDIVIDUAL",
                        "name",
                        "林晓雨 " + number.substring(7),
                        "phones",
                        List.of(Map.of("type", "MOBILE", "number", number)))));
        var id = created.json().get("id").asString();
        var masked = number.substring(0, 3) + "****" + number.substring(7);

        try (var context = newContext()) {
            var page = context.newPage();
            signIn(page, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
            page.navigate("/admin/roles?role=SERVICE");
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("What the role may do")))
                    .isVisible();
            assertThat(page.getByLabel("Contact details · Masked, may reveal")).isChecked();
            BrowserSupport.screenshot(page, "access-01-roles");
        }

        var agent = users.create(Role.SERVICE);
        try (var context = newContext()) {
            var page = context.newPage();
            signIn(page, agent, TestUsers.PASSWORD);
            page.navigate("/customers/" + id);
            var reach = page.locator("#reach");
            assertThat(reach).containsText(masked);
            assertThat(reach).not().containsText(number.substring(3, 7) + number.substring(7));
            BrowserSupport.screenshot(page, "access-02-masked");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show in full"))
                    .click();
            assertThat(page.locator("#reach")).containsText(number.substring(0, 3));
            assertThat(page.locator("#reach")).not().containsText("****");
            BrowserSupport.screenshot(page, "access-03-revealed");
        }

        var finance = users.create(Role.FINANCE);
        try (var context = newContext()) {
            var page = context.newPage();
            signIn(page, finance, TestUsers.PASSWORD);
            page.navigate("/customers/" + id);
            assertThat(page.getByRole(
                            AriaRole.HEADING, new Page.GetByRoleOptions().setName("林晓雨 " + number.substring(7))))
                    .isVisible();
            assertThat(page.locator("#reach")).hasCount(0);
            assertThat(page.locator("body")).not().containsText(masked);
            BrowserSupport.screenshot(page, "access-04-hidden");
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

    private static void signIn(Page page, String username, String password) {
        page.navigate("/sign-in");
        page.getByLabel("User name").fill(username);
        page.getByLabel("Password").fill(password);
        page.keyboard().press("Enter");
        assertThat(page).hasURL(Pattern.compile(".*/customers$"));
    }
}
