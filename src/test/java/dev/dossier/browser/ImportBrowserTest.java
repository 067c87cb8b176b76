package dev.dossier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.dossier.DossierTest;
import dev.dossier.support.TestUsers;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A manager imports a spreadsheet through the wizard, on a laptop and on a phone, in each language: uploads a GBK
 * file saved by Excel, checks the columns guessed from its Chinese headers, changes one with the keyboard, previews,
 * imports, follows the progress, finds the rejected row with its reason, and undoes the import. Screenshots land in
 * {@code <build directory>/screenshots}.
 */
@DossierTest
@Tag("browser")
class ImportBrowserTest {

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
    @CsvSource({"en-US,1280,900", "zh-CN,1280,900", "zh-CN,390,844", "en-US,390,844"})
    void aManagerImportsASpreadsheetThroughTheWizard(String locale, int width, int height) throws Exception {
        var shot = "import-" + locale.substring(0, 2) + "-" + (width < 600 ? "phone" : "desktop");
        var tag = UUID.randomUUID().toString().substring(0, 6);
        var file = Files.createTempFile("客户", ".csv");
        var prefix = "139" + String.format("%02d", Math.floorMod(tag.hashCode(), 100));
        Files.writeString(
                file,
                String.join(
                        "\r\n",
                        "姓名,手机,公司,客户等级,备注说明,行业",
                        "周杰" + tag + "," + prefix + "123401,,VIP,,",
                        "吴婷" + tag + "," + prefix + "123402,星河科技有限公司" + tag + ",重要,,制造业",
                        "无号码" + tag + ",,,,,",
                        ""),
                Charset.forName("GBK"));
        try (var context = context(locale, width, height)) {
            var page = signedIn(context);

            page.locator("a[href='/imports']").click();
            assertThat(page).hasURL(Pattern.compile(".*/imports$"));
            page.locator("#import-file").setInputFiles(file);
            BrowserSupport.screenshot(page, shot + "-1-upload");
            page.locator("form.import-upload button[type=submit]").click();
            assertThat(page).hasURL(Pattern.compile(".*/imports/[0-9a-f-]+$"));

            // The columns are guessed; the one the file calls 备注说明 is chosen with the keyboard.
            assertThat(page.locator("#field-0")).hasValue("NAME");
            assertThat(page.locator("#field-1")).hasValue("MOBILE");
            assertThat(page.locator("#field-2")).hasValue("COMPANY");
            assertThat(page.locator("#field-3")).hasValue("GRADE");
            assertThat(page.locator("#field-4")).hasValue("");
            assertThat(page.locator("#field-5")).hasValue("INDUSTRY");
            page.locator("#field-4").focus();
            page.locator("#field-4").selectOption("REMARKS");
            assertThat(page.locator("body")).not().containsText("??");
            BrowserSupport.screenshot(page, shot + "-2-columns");

            page.locator("button[name=action][value=preview]").click();
            assertThat(page.locator(".import-result .count-created")).hasText("2");
            assertThat(page.locator(".import-result .count-invalid")).hasText("1");
            assertThat(page.locator("#field-4")).hasValue("REMARKS");
            BrowserSupport.screenshot(page, shot + "-3-preview");

            page.locator("button[name=action][value=start]").click();
            assertThat(page.locator(".import-result .count-created")).hasText("2");
            assertThat(page.locator(".import-problems")).containsText("4");
            // The row without a number, named by the file's own header.
            assertThat(page.locator(".import-problems")).containsText("手机");
            assertThat(page.locator("a[href$='/report']")).isVisible();
            assertThat(page.locator("body")).not().containsText("??");
            BrowserSupport.screenshot(page, shot + "-4-done");
            BrowserSupport.noSidewaysScroll(page);

            var importPage = page.url();
            page.locator("a[href='/customers']").last().click();
            page.locator("#list-q").fill("周杰" + tag);
            // Filling the box types no key: Enter searches (other tests' customers fill the first page).
            page.locator("#list-q").press("Enter");
            assertThat(page.locator("#results")).containsText("周杰" + tag);

            // Undone: the two customers go to the trash.
            page.navigate(importPage);
            page.onDialog(dialog -> dialog.accept());
            page.locator("form.import-undo button[type=submit]").click();
            assertThat(page.locator(".count-undone")).hasText("2");
            assertThat(page.locator("body")).not().containsText("??");
            BrowserSupport.screenshot(page, shot + "-5-undone");
            page.navigate(
                    "/customers?q=" + java.net.URLEncoder.encode("周杰" + tag, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(page.locator(".customers-table")).not().containsText("周杰" + tag);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @ParameterizedTest
    @CsvSource({"en-US,1280,900", "zh-CN,1280,900", "zh-CN,390,844", "en-US,390,844"})
    void aManagerBringsInTheHistoryOfTheOldSystemAfterItsCustomers(String locale, int width, int height)
            throws Exception {
        var shot = "import-history-" + locale.substring(0, 2) + "-" + (width < 600 ? "phone" : "desktop");
        var tag = UUID.randomUUID().toString().substring(0, 6);
        // The customers came first, each keeping its id in the old system.
        var api = new dev.dossier.support.ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        var customers = "客户编号,姓名,邮箱\nK1-" + tag + ",郑爽" + tag + ",zs" + tag + "@example.cn\nK2-" + tag + ",冯刚" + tag
                + ",fg" + tag + "@example.cn\n";
        var uploaded = api.send(api.request("/api/v1/imports?fileName=c.csv")
                        .header("Content-Type", "text/csv")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(customers))
                        .build())
                .json();
        var id = uploaded.get("id").asString();
        api.put(
                "/api/v1/imports/" + id,
                "{\"columns\":[{\"index\":0,\"field\":\"REFERENCE\"},{\"index\":1,\"field\":\"NAME\"},"
                        + "{\"index\":2,\"field\":\"EMAIL\"}],"
                        + "\"onDuplicate\":\"SKIP\",\"ownerRule\":\"IMPORTER\",\"version\":%d}"
                                .formatted(uploaded.get("version").asInt()),
                null);
        api.post("/api/v1/imports/" + id + "/start", "{}");
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(
                        () -> api.get("/api/v1/imports/" + id)
                                .json()
                                .get("state")
                                .asString(),
                        "DONE"::equals);
        var file = Files.createTempFile("跟进记录", ".csv");
        Files.writeString(
                file,
                String.join(
                        "\r\n",
                        "记录编号,客户编号,跟进时间,跟进方式,主题,跟进内容,结果",
                        "R1-" + tag + ",K1-" + tag + ",2024/3/5 10:30,电话,询价,询问二季度的报价,已接通",
                        "R2-" + tag + ",K2-" + tag + ",2024/3/6 15:00,拜访,上门演示,,需跟进",
                        "R3-" + tag + ",K9-" + tag + ",2024/3/7 09:00,邮件,寄送资料,,",
                        ""),
                Charset.forName("GBK"));
        try (var context = context(locale, width, height)) {
            var page = signedIn(context);

            // From the interactions list, the import page opens with interactions chosen.
            page.navigate("/interactions");
            page.locator("a[href='/imports?kind=INTERACTIONS']").click();
            assertThat(page.locator("input[name=kind][value=INTERACTIONS]")).isChecked();
            page.locator("#import-file").setInputFiles(file);
            BrowserSupport.screenshot(page, shot + "-1-upload");
            page.locator("form.import-upload button[type=submit]").click();
            assertThat(page).hasURL(Pattern.compile(".*/imports/[0-9a-f-]+$"));

            assertThat(page.locator(".import-kind")).isVisible();
            assertThat(page.locator("#field-0")).hasValue("REFERENCE");
            assertThat(page.locator("#field-1")).hasValue("CUSTOMER_REFERENCE");
            assertThat(page.locator("#field-2")).hasValue("STARTED_AT");
            assertThat(page.locator("#field-3")).hasValue("CHANNEL");
            assertThat(page.locator("#field-4")).hasValue("SUMMARY");
            assertThat(page.locator("#field-5")).hasValue("CONTENT");
            assertThat(page.locator("#field-6")).hasValue("OUTCOME");
            assertThat(page.locator("input[name=ownerRule]")).hasCount(0);
            assertThat(page.locator("body")).not().containsText("??");
            BrowserSupport.screenshot(page, shot + "-2-columns");

            page.locator("button[name=action][value=start]").click();
            assertThat(page.locator(".import-result .count-created")).hasText("2");
            assertThat(page.locator(".import-result .count-invalid")).hasText("1");
            assertThat(page.locator(".import-problems")).containsText("K9-" + tag);
            assertThat(page.locator("body")).not().containsText("??");
            BrowserSupport.screenshot(page, shot + "-3-done");
            BrowserSupport.noSidewaysScroll(page);
            assertThat(page.locator(".import-result a[href='/interactions']")).isVisible();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private BrowserContext context(String locale, int width, int height) {
        var context = chromium.browser()
                .newContext(new Browser.NewContextOptions()
                        .setBaseURL("http://localhost:" + port)
                        .setLocale(locale)
                        .setViewportSize(width, height));
        context.setDefaultTimeout(15_000);
        return context;
    }

    /** A page of the context, with the administrator signed in. */
    private static Page signedIn(BrowserContext context) {
        var page = context.newPage();
        page.navigate("/sign-in");
        page.locator("#username").fill(TestUsers.ADMIN);
        page.locator("#password").fill(TestUsers.ADMIN_PASSWORD);
        page.keyboard().press("Enter");
        assertThat(page).hasURL(Pattern.compile(".*/customers$"));
        return page;
    }
}
