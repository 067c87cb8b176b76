package dev.dossier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import dev.dossier.DossierTest;
import dev.dossier.support.TestUsers;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * An administrator sets up service levels in each language: adds the recommended policies and reads the matrix,
 * creates a work calendar, pastes the National Day holidays and make-up days, and previews a due time. Screenshots
 * land in {@code <build directory>/screenshots}.
 */
@DossierTest
@Tag("browser")
@TestPropertySource(properties = "dossier.sla.poll=1h")
class SlaAdminBrowserTest {

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
    void anAdministratorSetsUpServiceLevels(String locale) {
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

            page.navigate("/admin/sla-policies");
            page.locator("form[action$='/admin/sla-policies/recommended'] button")
                    .click();
            assertThat(page.locator(".flash")).isVisible();
            assertThat(page.locator("#sla-policies tbody tr").first()).isVisible();
            page.locator("#matrix-priority").selectOption("URGENT");
            page.locator("#sla-matrix form button").click();
            assertThat(page).hasURL(Pattern.compile(".*priority=URGENT.*"));
            assertThat(page.locator("body")).not().containsText("??");
            BrowserSupport.screenshot(page, "sla-" + tag + "-policies");

            page.navigate("/admin/work-calendars");
            page.locator("#calendar-name").fill("China " + tag);
            page.locator("#calendar-hours").fill("MON-FRI 09:00-12:00,13:30-18:00");
            page.locator("#calendar-form button[type=submit]").click();
            assertThat(page).hasURL(Pattern.compile(".*/admin/work-calendars/[0-9a-f-]+$"));
            page.locator("#paste-dates").fill("2026-10-01..2026-10-07");
            page.locator("#paste-name").fill("National Day");
            page.locator("#paste-days button[type=submit]").click();
            page.locator("#paste-dates").fill("2026-09-27, 2026-10-10");
            page.locator("#paste-kind").selectOption("WORKDAY");
            page.locator("#paste-days button[type=submit]").click();
            assertThat(page.locator("#calendar-days"))
                    .hasValue(Pattern.compile(
                            "2026-09-27 WORKDAY.*2026-10-01 HOLIDAY National Day.*2026-10-10 WORKDAY", Pattern.DOTALL));
            page.locator("#preview-minutes").fill("600");
            page.locator("#calendar-preview button[type=submit]").click();
            assertThat(page.locator("#calendar-preview .preview")).containsText("20");
            assertThat(page.locator("body")).not().containsText("??");
            BrowserSupport.screenshot(page, "sla-" + tag + "-calendar");

            page.navigate("/admin/work-calendars");
            BrowserSupport.screenshot(page, "sla-" + tag + "-calendars");
        }
    }
}
