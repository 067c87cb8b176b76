package dev.dossier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import dev.dossier.DossierTest;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Someone searches from the top bar, on a laptop and on a phone, in each language: the suggestions appear as they
 * type, grouped by kind with the words marked, are walked with the arrow keys and closed with Escape; Enter opens
 * the page of all results, where a hit leads to its record. Screenshots land in {@code <build directory>/screenshots}.
 */
@DossierTest
@Tag("browser")
class SearchBrowserTest {

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
    void someoneSearchesEverythingFromTheTopBar(String locale, int width, int height) {
        var shot = "search-" + locale.substring(0, 2) + "-" + (width < 600 ? "phone" : "desktop");
        var tag = word();
        var api = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        var customer = new LinkedHashMap<String, Object>();
        customer.put("type", "COMPANY");
        customer.put("industry", "RETAIL");
        customer.put("name", "星河商贸" + tag);
        var customerId = created(api.post("/api/v1/customers", ApiClient.json(customer)));
        var interaction = new LinkedHashMap<String, Object>();
        interaction.put("subject", "customer:" + customerId);
        interaction.put("channel", "CALL");
        interaction.put("direction", "INBOUND");
        interaction.put("startedAt", TestClock.utcNow().minusHours(3).toString());
        interaction.put("summary", "退款进度 " + tag);
        interaction.put("content", "客户来电询问退款进度，希望本周内到账，并要求补开发票。Asked about the refund.");
        interaction.put("outcome", "REACHED");
        var interactionId = created(api.post("/api/v1/interactions", ApiClient.json(interaction)));
        created(api.post(
                "/api/v1/cases",
                ApiClient.json(Map.of(
                        "customerId",
                        customerId,
                        "title",
                        "Refund delayed " + tag,
                        "description",
                        "退款超过七天仍未到账。",
                        "kind",
                        "COMPLAINT"))));

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
            page.waitForLoadState(com.microsoft.playwright.options.LoadState.LOAD);

            // Suggestions as one types, a group per kind.
            page.keyboard().press("Alt+K");
            assertThat(page.locator("#quick-search")).isFocused();
            page.keyboard().type(tag, new com.microsoft.playwright.Keyboard.TypeOptions().setDelay(20));
            var suggestions = page.locator("#search-suggestions");
            assertThat(suggestions).hasClass(Pattern.compile(".*\\bopen\\b.*"));
            assertThat(suggestions.locator(".suggestion-group")).hasCount(3);
            assertThat(suggestions.locator("mark").first()).hasText(tag);
            assertThat(page.locator("#quick-search")).hasAttribute("aria-expanded", "true");
            assertThat(page.locator("body")).not().containsText("??");
            BrowserSupport.screenshot(page, shot + "-1-suggestions");

            // The arrow keys walk them; Escape closes them and goes back to the field.
            page.keyboard().press("ArrowDown");
            assertThat(suggestions.locator("a.suggestion").first()).isFocused();
            page.keyboard().press("ArrowDown");
            assertThat(suggestions.locator("a.suggestion").nth(1)).isFocused();
            page.keyboard().press("Escape");
            assertThat(page.locator("#quick-search")).isFocused();
            assertThat(suggestions).not().hasClass(Pattern.compile(".*\\bopen\\b.*"));

            // Enter opens every result; a hit opens its record.
            page.keyboard().press("Enter");
            assertThat(page).hasURL(Pattern.compile(".*/search\\?q=.*"));
            assertThat(page.locator(".search-group")).hasCount(3);
            assertThat(page.locator("#group-interaction")).isVisible();
            assertThat(page.locator("body")).not().containsText("??");
            BrowserSupport.noSidewaysScroll(page);
            BrowserSupport.screenshot(page, shot + "-2-results");

            page.locator("#search-q").fill("退款 " + tag);
            page.locator("#search-q").press("Enter");
            var hits = page.locator("#hits-interaction .hit");
            assertThat(hits).hasCount(1);
            assertThat(hits.first().locator(".hit-snippet mark").first()).hasText("退款");
            assertThat(page.locator("#hits-case .hit-snippet mark").first()).hasText("退款");
            BrowserSupport.noSidewaysScroll(page);
            BrowserSupport.screenshot(page, shot + "-3-marked");
            hits.first().locator("a.hit-title").click();
            assertThat(page).hasURL(Pattern.compile(".*/interactions/" + interactionId + "$"));

            // The administrator sees the index and asks every instance to rebuild it.
            page.navigate("/admin/search");
            assertThat(page.locator("dl.details")).isVisible();
            assertThat(page.locator("body")).not().containsText("??");
            BrowserSupport.noSidewaysScroll(page);
            page.locator("form[action='/admin/search/rebuild'] button").click();
            assertThat(page.locator(".flash")).isVisible();
            BrowserSupport.screenshot(page, shot + "-4-index");
        }
    }

    private static String created(ApiClient.Answer answer) {
        org.assertj.core.api.Assertions.assertThat(answer.status())
                .as(answer.body())
                .isEqualTo(201);
        return answer.json().get("id").asString();
    }

    private static String word() {
        var random = ThreadLocalRandom.current();
        var letters = new StringBuilder("x");
        for (int i = 0; i < 6; i++) {
            letters.append((char) ('a' + random.nextInt(26)));
        }
        return letters.toString();
    }
}
