package dev.dossier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import dev.dossier.DossierTest;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestUsers;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Someone exports a filtered customer list in the background, on a laptop and on a phone, in each language: the
 * Exports page shows it writing, then ready, and downloads the file. Screenshots land in
 * {@code <build directory>/screenshots}.
 */
@DossierTest
@Tag("browser")
class ExportBrowserTest {

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
    @CsvSource({"zh-CN,1280,900", "en-US,1280,900", "zh-CN,390,844", "en-US,390,844"})
    void aFilteredListIsExportedInTheBackgroundAndDownloaded(String locale, int width, int height) {
        var shot = "export-" + locale.substring(0, 2) + "-" + (width < 600 ? "phone" : "desktop");
        var tag = "x" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        var api = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        for (var name : new String[] {"导出客户甲", "导出客户乙"}) {
            var answer = api.post(
                    "/api/v1/customers",
                    ("{\"type\":\"INDIVIDUAL\",\"name\":\"%s%s\",\"tags\":[\"%s\"],"
                                    + "\"phones\":[{\"type\":\"MOBILE\",\"number\":\"135%08d\"}]}")
                            .formatted(
                                    name, tag, tag, ThreadLocalRandom.current().nextInt(100_000_000)));
            org.assertj.core.api.Assertions.assertThat(answer.status())
                    .as(answer.body())
                    .isEqualTo(201);
        }

        try (var context = chromium.browser()
                .newContext(new Browser.NewContextOptions()
                        .setBaseURL("http://localhost:" + port)
                        .setLocale(locale)
                        .setViewportSize(width, height)
                        .setAcceptDownloads(true))) {
            context.setDefaultTimeout(15_000);
            var page = context.newPage();
            page.navigate("/sign-in");
            page.locator("#username").fill(TestUsers.ADMIN);
            page.locator("#password").fill(TestUsers.ADMIN_PASSWORD);
            page.keyboard().press("Enter");
            assertThat(page).hasURL(Pattern.compile(".*/customers$"));

            page.navigate("/customers?tag=" + tag);
            var links = page.locator(".export-links");
            assertThat(links).isVisible();
            assertThat(links.locator("form.background-export button")).hasCount(2);
            BrowserSupport.noSidewaysScroll(page);
            BrowserSupport.screenshot(page, shot + "-1-list");

            links.locator("form.background-export button").first().click();
            assertThat(page).hasURL(Pattern.compile(".*/exports$"));
            assertThat(page.locator(".flash")).isVisible();
            var first = page.locator(".exports-table tbody tr").first();
            assertThat(first.locator("td").nth(1)).containsText("tag=" + tag);
            // The table refreshes itself until the file is ready.
            assertThat(first.locator("a[download]")).isVisible();
            assertThat(first.locator("td").nth(3)).hasText("2");
            assertThat(page.locator("body")).not().containsText("??");
            BrowserSupport.screenshot(page, shot + "-2-ready");
            BrowserSupport.noSidewaysScroll(page);

            var download =
                    page.waitForDownload(() -> first.locator("a[download]").click());
            org.assertj.core.api.Assertions.assertThat(download.suggestedFilename())
                    .isEqualTo("customers.csv");
        }
    }
}
