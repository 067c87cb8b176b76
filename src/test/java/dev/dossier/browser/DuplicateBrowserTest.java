package dev.dossier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
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
 * Someone enters a customer who is already there, on a laptop and on a phone, in each language: the form shows the
 * customer already there as the mobile is typed, saving asks to confirm, and the two then wait in the review queue,
 * where they are marked not duplicates. Screenshots land in {@code <build directory>/screenshots}.
 */
@DossierTest
@Tag("browser")
class DuplicateBrowserTest {

    private static BrowserSupport chromium;

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
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

    @ParameterizedTest
    @CsvSource({"zh-CN,1280,900", "en-US,1280,900", "zh-CN,390,844", "en-US,390,844"})
    void aCustomerEnteredTwiceIsShownOnTheFormAndReviewedInTheQueue(String locale, int width, int height) {
        var shot = "duplicates-" + locale.substring(0, 2) + "-" + (width < 600 ? "phone" : "desktop");
        var random = ThreadLocalRandom.current();
        var name = "欧阳" + "明华晓峰志远".substring(random.nextInt(5), 6).substring(0, 1) + "东"
                + (char) ('甲' + random.nextInt(10)) + Integer.toString(random.nextInt(1 << 20), 36);
        var mobile = "136" + String.format("%08d", random.nextInt(100_000_000));
        var api = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        // Both customers belong to a seller of their own, so that the queue filtered by owner shows only theirs.
        var owner = users.id(users.create(Role.SALES)).toString();
        var first = api.post(
                "/api/v1/customers",
                ("{\"type\":\"INDIVIDUAL\",\"name\":\"%s\",\"ownerId\":\"%s\","
                                + "\"phones\":[{\"type\":\"MOBILE\",\"number\":\"%s\"}]}")
                        .formatted(name, owner, mobile));
        org.assertj.core.api.Assertions.assertThat(first.status())
                .as(first.body())
                .isEqualTo(201);

        try (var context = chromium.browser()
                .newContext(new Browser.NewContextOptions()
                        .setBaseURL("http://localhost:" + port)
                        .setLocale(locale)
                        .setViewportSize(width, height))) {
            context.setDefaultTimeout(15_000);
            var page = context.newPage();
            page.navigate("/sign-in");
            page.locator("#username").fill(TestUsers.ADMIN);
            page.locator("#password").fill(TestUsers.ADMIN_PASSWORD);
            page.keyboard().press("Enter");
            assertThat(page).hasURL(Pattern.compile(".*/customers$"));

            page.navigate("/customers/new?type=INDIVIDUAL");
            page.locator("#name").fill(name);
            var phone = page.locator("#phones-0-number");
            phone.fill(mobile.substring(0, 3) + " " + mobile.substring(3, 7) + " " + mobile.substring(7));
            phone.press("Tab");
            var warning = page.locator("#possible-duplicates .possible-duplicates");
            assertThat(warning).isVisible();
            assertThat(warning.locator("a")).hasText(name);
            assertThat(page.locator("body")).not().containsText("??");
            BrowserSupport.noSidewaysScroll(page);
            BrowserSupport.screenshot(page, shot + "-1-typed");

            page.locator("#ownerId").selectOption(owner);
            page.locator(".form-actions button.primary").click();
            var confirm = page.locator("input[name=confirmDuplicates]");
            assertThat(confirm).isVisible();
            BrowserSupport.screenshot(page, shot + "-2-confirm");
            confirm.check();
            page.locator(".form-actions button.primary").click();
            assertThat(page).hasURL(Pattern.compile(".*/customers/[0-9a-f-]{36}$"));
            // The dossier shows the record's quality: what this one, typed in a hurry, lacks.
            assertThat(page.locator("#record-quality meter")).isVisible();
            assertThat(page.locator("#record-quality li").first()).isVisible();
            BrowserSupport.screenshot(page, shot + "-2b-dossier");

            // The second one is matched once its registration is heard of.
            var row = page.locator(".duplicate-queue tbody tr")
                    .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText(name));
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(20))
                    .pollInterval(java.time.Duration.ofMillis(250))
                    .until(() -> {
                        page.navigate("/duplicates?owner=" + owner);
                        return row.count() > 0;
                    });
            assertThat(row).hasCount(1);
            assertThat(row.locator("li")).hasCount(2);
            BrowserSupport.noSidewaysScroll(page);
            BrowserSupport.screenshot(page, shot + "-3-queue");

            // The matching rules: a change shows its effect on the pairs found before anything is saved (the pair
            // above would go).
            page.navigate("/duplicates/rules");
            var preview = page.locator("#rules-preview");
            assertThat(preview.locator(".badge")).hasCount(2);
            page.locator("#threshold").fill("0.95");
            assertThat(preview.locator(".badge.warn")).not().hasText(Pattern.compile("^0 .*|.* 0 .*"));
            assertThat(page.locator("body")).not().containsText("??");
            BrowserSupport.noSidewaysScroll(page);
            BrowserSupport.screenshot(page, shot + "-4-rules");
            page.navigate("/duplicates?owner=" + owner);

            row.locator("a.button").click();
            assertThat(page.locator(".duplicate-members .card")).hasCount(2);
            assertThat(page.locator(".duplicate-pairs tbody tr")).hasCount(1);
            BrowserSupport.screenshot(page, shot + "-5-cluster");
            page.locator(".form-actions button").click();
            assertThat(page).hasURL(Pattern.compile(".*/duplicates$"));
            assertThat(page.locator(".flash")).isVisible();
            page.navigate("/duplicates?owner=" + owner);
            assertThat(row).hasCount(0);
        }
    }
}
