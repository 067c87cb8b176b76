package dev.dossier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.dossier.DossierTest;
import dev.dossier.support.TestUsers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A person's way through Dossier in a real browser: sign in, create a company, add a contact (first with a
 * mistake), find the company again by pinyin initials and by the contact's name, change it, read its history,
 * and read it in Chinese. Screenshots of every step land in {@code <build directory>/screenshots}.
 */
@DossierTest
@Tag("browser")
class CustomerJourneyBrowserTest {

    private static final Pattern DOSSIER_URL = Pattern.compile(".*/customers/[0-9a-f-]{36}(\\?.*)?$");
    private static final Pattern CONTACTS_URL = Pattern.compile(".*/customers/[0-9a-f-]{36}\\?tab=contacts$");

    private static BrowserSupport chromium;

    /** What a person would notice is wrong, but need not stop the journey: reported together at its end. */
    private final List<String> problems = new ArrayList<>();

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

    @Test
    void aPersonCreatesFindsAndRevisesACompany() {
        var random = ThreadLocalRandom.current();
        var suffix = Integer.toString(random.nextInt(36 * 36 * 36, 36 * 36 * 36 * 36), 36)
                .toUpperCase();
        var company = "星河数据科技有限公司 " + suffix;
        var last4 = String.format("%04d", random.nextInt(10_000));
        var workPhone = "021-6888 " + last4;
        var email = "info-" + suffix.toLowerCase() + "@xinghe-data.example.cn";
        var contact = "欧阳明轩";
        var mobile = "138 0013 " + String.format("%04d", random.nextInt(10_000));

        try (var context = newContext()) {
            var page = context.newPage();

            // 1. Anyone who is not signed in lands on the sign-in page.
            page.navigate("/");
            assertThat(page).hasURL(Pattern.compile(".*/sign-in$"));
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Dossier")))
                    .isVisible();
            BrowserSupport.screenshot(page, "01-sign-in");

            // 2. Sign in with the keyboard: the user name field has the focus already.
            signIn(page);
            assertThat(page).hasURL(Pattern.compile(".*/customers$"));
            assertThat(page.getByRole(
                            AriaRole.HEADING,
                            new Page.GetByRoleOptions().setName("Customers").setExact(true)))
                    .isVisible();
            assertThat(page.locator(".result-count")).containsText(Pattern.compile("No customers|\\d+ customers?"));
            BrowserSupport.screenshot(page, "02-customers");

            // 3. A new company.
            page.getByRole(
                            AriaRole.LINK,
                            new Page.GetByRoleOptions().setName("New company").setExact(true))
                    .click();
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("New company")))
                    .isVisible();
            assertThat(page.getByLabel("Company name")).isFocused();
            page.getByLabel("Company name").fill(company);
            page.getByLabel("Industry").selectOption("IT_SOFTWARE");
            page.locator("#phones-0-type").selectOption("WORK");
            page.locator("#phones-0-number").fill(workPhone);
            page.locator("#emails-0-address").fill(email);
            page.getByLabel("Tags").fill("重点客户, 上海");
            BrowserSupport.screenshot(page, "03-new-company-form");
            save(page);

            assertThat(page).hasURL(DOSSIER_URL);
            var dossierUrl = page.url();
            assertThat(page.locator("#customer-name")).hasText(company);
            assertThat(page.getByRole(AriaRole.STATUS)
                            .filter(new Locator.FilterOptions().setHasText("Customer created.")))
                    .isVisible();
            assertThat(page.locator("#tab-panel")).containsText("021 6888 " + last4);
            assertThat(page.locator("#tab-panel")).containsText(email);
            assertThat(page.locator("#tab-panel")).containsText("IT and software");
            assertThat(page.locator(".dossier-head")).containsText("重点客户");
            BrowserSupport.screenshot(page, "04-dossier-created");

            // 4. Contacts: a mistake in the phone number is pointed out and nothing is saved.
            openTab(page, "Contacts");
            assertThat(page).hasURL(Pattern.compile(".*tab=contacts.*"));
            assertThat(page.getByText("No contacts yet.")).isVisible();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Add contact"))
                    .click();
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Add contact")))
                    .isVisible();
            page.getByLabel("Name").fill(contact);
            page.getByLabel("Job title").fill("采购总监");
            page.getByLabel("Decision role").selectOption("DECISION_MAKER");
            page.locator("#phones-0-number").fill("12345");
            save(page);

            assertThat(page.getByRole(AriaRole.ALERT))
                    .hasText("Nothing was saved. Please correct the fields marked below.");
            var phoneRow = page.locator(".point-row")
                    .filter(new Locator.FilterOptions().setHas(page.locator("#phones-0-number")));
            assertThat(phoneRow.locator(".field-error")).hasText("Not a valid phone number.");
            assertThat(page.locator("#phones-0-number")).hasAttribute("aria-invalid", "true");
            assertThat(page.locator("#phones-0-number")).hasValue("12345");
            assertThat(page.getByLabel("Name")).hasValue(contact);
            // What was typed comes back as it was, with one empty row to add more, not an extra one per attempt.
            expect(
                    "after a failed save the form shows the typed phone and one empty phone row",
                    () -> assertThat(page.locator("input[type=tel]")).hasCount(2));
            expect(
                    "after a failed save the form shows one empty email row, not one more per attempt",
                    () -> assertThat(page.locator("input[type=email]")).hasCount(1));
            BrowserSupport.screenshot(page, "05-contact-form-invalid-phone");

            page.locator("#phones-0-number").fill(mobile);
            page.locator("#phones-0-number").press("Enter");
            expect(
                    "Enter in a field of the contact form saves it",
                    () -> assertThat(page).hasURL(CONTACTS_URL));
            if (!CONTACTS_URL.matcher(page.url()).matches()) {
                save(page);
            }
            assertThat(page).hasURL(CONTACTS_URL);
            assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("Contact added.")))
                    .isVisible();
            var contactRows = page.locator("#tab-panel tbody tr");
            assertThat(contactRows).hasCount(1); // the first, invalid attempt saved nothing
            assertThat(contactRows.first()).containsText(contact);
            assertThat(contactRows.first()).containsText("采购总监");
            assertThat(contactRows.first()).containsText("Decision maker");
            assertThat(contactRows.first()).containsText(mobile);
            assertThat(tab(page, "Contacts")).containsText("1");
            BrowserSupport.screenshot(page, "06-contacts-tab");

            // 5. Quick search from the top bar (Alt+K): by the contact's name...
            quickSearch(page, contact);
            assertThat(page.getByText("Results for \"" + contact + "\".")).isVisible();
            assertThat(resultLink(page, company)).isVisible();
            BrowserSupport.screenshot(page, "07-search-contact-name");

            // ...and by the pinyin initials of the company's name (星河数据 → xhsj); then open it.
            quickSearch(page, "xhsj");
            assertThat(page).hasURL(Pattern.compile(".*/customers\\?q=xhsj$"));
            assertThat(page.getByText("Results for \"xhsj\".")).isVisible();
            assertThat(resultLink(page, company)).isVisible();
            BrowserSupport.screenshot(page, "08-search-pinyin-initials");
            resultLink(page, company).click();
            assertThat(page).hasURL(dossierUrl);
            assertThat(page.locator("#customer-name")).hasText(company);

            // 6. Edit: the company becomes a VIP prospect.
            page.locator("#edit-customer").click();
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Edit " + company)))
                    .isVisible();
            assertThat(page.getByLabel("Grade")).hasValue("POTENTIAL");
            page.getByLabel("Grade").selectOption("VIP");
            page.getByLabel("Lifecycle stage").selectOption("PROSPECT");
            BrowserSupport.screenshot(page, "09-edit-form");
            save(page);
            assertThat(page).hasURL(dossierUrl);
            assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("Changes saved.")))
                    .isVisible();
            assertThat(page.locator(".dossier-head .badges")).containsText("VIP");
            assertThat(page.locator(".dossier-head .badges")).containsText("Prospect");
            BrowserSupport.screenshot(page, "10-dossier-saved");

            // 7. History: the change with the values before and after.
            openTab(page, "History");
            assertThat(page).hasURL(Pattern.compile(".*tab=history.*"));
            var gradeChange = changeRow(page, "Grade");
            assertThat(gradeChange.first().locator("td").nth(0)).hasText("Potential");
            assertThat(gradeChange.first().locator("td").nth(1)).hasText("VIP");
            var stageChange = changeRow(page, "Lifecycle stage");
            assertThat(stageChange.first().locator("td").nth(0)).hasText("Lead");
            assertThat(stageChange.first().locator("td").nth(1)).hasText("Prospect");
            BrowserSupport.screenshot(page, "11-history");

            // 8. The same dossier in Chinese.
            page.getByRole(
                            AriaRole.LINK,
                            new Page.GetByRoleOptions().setName("中文").setExact(true))
                    .click();
            assertThat(page.locator("html")).hasAttribute("lang", "zh-CN");
            assertThat(page.locator("#customer-name")).hasText(company);
            assertThat(tab(page, "概览")).isVisible();
            assertThat(tab(page, "联系人")).isVisible();
            assertThat(page.locator(".dossier-head .badges")).containsText("意向客户");
            assertThat(page.getByRole(
                            AriaRole.LINK,
                            new Page.GetByRoleOptions().setName("编辑").setExact(true)))
                    .isVisible();
            BrowserSupport.screenshot(page, "12-dossier-zh");
            openTab(page, "变更记录");
            assertThat(changeRow(page, "客户等级").first().locator("td").nth(1)).hasText("VIP");
            assertThat(changeRow(page, "生命周期阶段").first().locator("td").nth(1)).hasText("意向客户");
            BrowserSupport.screenshot(page, "13-history-zh");
            page.locator("#edit-customer").click();
            assertThat(page.getByText("客户等级", new Page.GetByTextOptions().setExact(true)))
                    .isVisible();
            BrowserSupport.screenshot(page, "14-edit-form-zh");

            // 9. A phone-sized screen: the list, the latest changes first (other tests' customers share the database).
            page.setViewportSize(390, 844);
            page.navigate("/customers?sort=-updated");
            assertThat(resultLink(page, company)).isVisible();
            BrowserSupport.screenshot(page, "15-customers-390-zh");
            page.navigate(dossierUrl);
            assertThat(page.locator("#customer-name")).hasText(company);
            BrowserSupport.screenshot(page, "16-dossier-390-zh");
            page.getByRole(
                            AriaRole.LINK,
                            new Page.GetByRoleOptions().setName("English").setExact(true))
                    .click();
            assertThat(page.locator("html")).hasAttribute("lang", "en");
            page.navigate("/customers?sort=-updated");
            assertThat(resultLink(page, company)).isVisible();
            BrowserSupport.screenshot(page, "17-customers-390");
        }
        assertNoProblems();
    }

    @Test
    void markupTypedIntoANameIsShownAsText() {
        var typed = "<img src=x onerror=alert(1)> <script>alert(2)</script> Ltd "
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
        List<String> dialogs = new CopyOnWriteArrayList<>();
        try (var context = newContext()) {
            var page = context.newPage();
            page.onDialog(dialog -> {
                dialogs.add(dialog.type() + ": " + dialog.message());
                dialog.dismiss();
            });
            page.navigate("/sign-in");
            signIn(page);
            assertThat(page).hasURL(Pattern.compile(".*/customers$"));

            page.getByRole(
                            AriaRole.LINK,
                            new Page.GetByRoleOptions().setName("New company").setExact(true))
                    .click();
            page.getByLabel("Company name").fill(typed);
            page.getByLabel("Industry").selectOption("OTHER");
            save(page);

            assertThat(page).hasURL(DOSSIER_URL);
            assertThat(page.locator("#customer-name")).hasText(typed);
            assertEquals(typed, page.locator("#customer-name").textContent());
            assertThat(page.locator("main img[src='x']")).hasCount(0);
            assertTrue(page.title().startsWith(typed), page.title());
            BrowserSupport.screenshot(page, "20-markup-in-name-dossier");

            openTab(page, "History");
            assertThat(page.locator(".history .history-head").first()).containsText(typed);

            quickSearch(page, typed.substring(typed.lastIndexOf(' ') + 1));
            assertThat(resultLink(page, typed)).hasText(typed);
            assertThat(page.locator("main img[src='x']")).hasCount(0);
            BrowserSupport.screenshot(page, "21-markup-in-name-list");
        }
        assertEquals(List.of(), dialogs, "no script typed into a name may run");
        assertNoProblems();
    }

    private BrowserContext newContext() {
        var context = chromium.browser()
                .newContext(new Browser.NewContextOptions()
                        .setBaseURL("http://localhost:" + port)
                        .setLocale("en-US")
                        .setTimezoneId("Asia/Shanghai")
                        .setViewportSize(1280, 900));
        context.setDefaultTimeout(10_000);
        return context;
    }

    private static void signIn(Page page) {
        assertThat(page.getByLabel("User name")).isFocused();
        page.keyboard().type(TestUsers.ADMIN);
        page.keyboard().press("Tab");
        assertThat(page.getByLabel("Password")).isFocused();
        page.keyboard().type(TestUsers.ADMIN_PASSWORD);
        page.keyboard().press("Enter");
    }

    private static void save(Page page) {
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Save").setExact(true))
                .click();
    }

    /** Opens a dossier tab; the tab list then shows that tab as the selected one. */
    private void openTab(Page page, String name) {
        tab(page, name).click();
        assertThat(page).hasURL(Pattern.compile(".*[?&]tab=.*"));
        expect("the tab list shows \"" + name + "\" as the selected tab after opening it", () -> {
            assertThat(tab(page, name)).hasAttribute("aria-selected", "true");
            assertThat(page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setSelected(true)))
                    .hasCount(1);
        });
    }

    /** Checks something a person would notice, keeps going if it is wrong, and reports it when the test ends. */
    private void expect(String what, Runnable check) {
        PlaywrightAssertions.setDefaultAssertionTimeout(1_500);
        try {
            check.run();
        } catch (AssertionError e) {
            var message = String.valueOf(e.getMessage()).lines().limit(3).toList();
            problems.add(what + " (" + String.join(" / ", message) + ")");
        } finally {
            PlaywrightAssertions.setDefaultAssertionTimeout(5_000);
        }
    }

    private void assertNoProblems() {
        if (!problems.isEmpty()) {
            fail(problems.size() + " problem(s) a person would notice:\n- " + String.join("\n- ", problems));
        }
    }

    private static Locator tab(Page page, String name) {
        return page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName(name));
    }

    private static void quickSearch(Page page, String text) {
        page.keyboard().press("Alt+K");
        var search = page.locator("#quick-search");
        assertThat(search).isFocused();
        page.keyboard().type(text);
        page.keyboard().press("Enter");
        // Every kind of record is searched; the customers open in their list, with its filters.
        assertThat(page).hasURL(Pattern.compile(".*/search\\?q=.*"));
        page.locator("#group-customer ~ .group-links a[href^='/customers?q=']").click();
        assertThat(page).hasURL(Pattern.compile(".*/customers\\?q=.*"));
    }

    private static Locator resultLink(Page page, String name) {
        return page.locator("#results")
                .getByRole(
                        AriaRole.LINK,
                        new Locator.GetByRoleOptions().setName(name).setExact(true));
    }

    private static Locator changeRow(Page page, String field) {
        return page.locator("table.changes tbody tr")
                .filter(new Locator.FilterOptions()
                        .setHas(page.getByRole(
                                AriaRole.ROWHEADER,
                                new Page.GetByRoleOptions().setName(field).setExact(true))));
    }
}
