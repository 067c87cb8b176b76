package dev.dossier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.dossier.DossierTest;
import dev.dossier.feedback.measures.MeasuresFixtures;
import dev.dossier.identity.Role;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The service measures page in a real browser: a manager looks at a year of one team's cases in both languages. */
@DossierTest
@Tag("browser")
class ServiceMeasuresBrowserTest {

    private static final List<String> KINDS =
            List.of("DEFECT", "COMPLAINT", "EXPERIENCE", "SERVICE_QUALITY", "SUGGESTION", "INQUIRY");
    private static final List<String> PRIORITIES = List.of("LOW", "NORMAL", "NORMAL", "HIGH", "URGENT");
    private static final List<String> CATEGORIES =
            List.of("Billing", "Delivery", "Packaging", "App login", "Installation");

    private static BrowserSupport chromium;

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    DSLContext db;

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
    void aManagerReadsAYearOfServiceMeasures() {
        var team = users.team(null);
        var seller = users.createInTeam(team, Role.SALES);
        var fixtures = new MeasuresFixtures(db);
        var customers = List.of(
                fixtures.customer(seller, "CUSTOMER"),
                fixtures.customer(seller, "CUSTOMER"),
                fixtures.customer(seller, "AT_RISK"),
                fixtures.customer(seller, "WON_BACK"));
        var zone = TestClock.zone();
        var today = LocalDate.ofInstant(TestClock.now(), zone);
        var random = new Random(7);
        for (int i = 0; i < 160; i++) {
            var opened = today.minusDays(random.nextInt(360))
                    .atTime(9 + random.nextInt(9), random.nextInt(60))
                    .atZone(zone)
                    .toOffsetDateTime();
            var c = MeasuresFixtures.opened(
                    customers.get(random.nextInt(customers.size())),
                    opened,
                    KINDS.get((int) (KINDS.size() * Math.pow(random.nextDouble(), 1.5))),
                    PRIORITIES.get(random.nextInt(PRIORITIES.size())),
                    team,
                    CATEGORIES.get((int) (CATEGORIES.size() * Math.pow(random.nextDouble(), 2))));
            c.put("first_responded_at", opened.plusMinutes(5 + random.nextInt(110)));
            if (random.nextDouble() < 0.85) {
                c.put("resolved_at", opened.plusMinutes(60 + random.nextInt(60 * 14)));
                if (random.nextDouble() < 0.5) {
                    c.put("csat_score", 2 + random.nextInt(4));
                }
                c.put("reopen_count", random.nextDouble() < 0.08 ? 1 : 0);
            }
            fixtures.insert(c);
        }
        var manager = users.create(Role.MANAGER);
        for (var language : List.of("en-US", "zh-CN")) {
            try (var context = newContext(language)) {
                var page = context.newPage();
                signIn(page, manager);
                page.navigate("/reports/service?teamId=" + team);
                assertThat(page.locator("#service-kinds")).isVisible();
                assertThat(page.locator("#service-trend svg")).hasCount(1);
                assertThat(page.locator("#service-compliance svg")).hasCount(1);
                assertThat(page.locator("#service-times svg")).hasCount(1);
                assertThat(page.locator("#service-periods tbody tr")).hasCount(13);
                assertThat(page.locator("#service-categories")).containsText("Billing");
                BrowserSupport.screenshot(page, "service-measures-" + language);
            }
        }
    }

    private BrowserContext newContext(String locale) {
        var context = chromium.browser()
                .newContext(new Browser.NewContextOptions()
                        .setBaseURL("http://localhost:" + port)
                        .setLocale(locale)
                        .setViewportSize(1280, 900));
        context.setDefaultTimeout(10_000);
        return context;
    }

    private static void signIn(Page page, String username) {
        page.navigate("/sign-in");
        page.locator("input[name=username]").fill(username);
        page.locator("input[name=password]").fill(TestUsers.PASSWORD);
        page.keyboard().press("Enter");
        assertThat(page).hasURL(Pattern.compile(".*/customers$"));
    }
}
