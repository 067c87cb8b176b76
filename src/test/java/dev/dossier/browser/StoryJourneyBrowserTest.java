package dev.dossier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.shared.Formats;
import dev.dossier.support.ApiClient;
import dev.dossier.support.TestClock;
import dev.dossier.support.TestUsers;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A customer's story in a real browser: a seller logs a call, writes a needs analysis (first with a required
 * section empty), gives a colleague a follow-up and mentions them in a comment; the colleague finds the mention and
 * the task behind the bell, in their notifications and among their tasks, and reads it all again in Chinese.
 * Screenshots of every step land in {@code <build directory>/screenshots/story-*.png}.
 */
@DossierTest
@Tag("browser")
class StoryJourneyBrowserTest {

    /** A message key Thymeleaf could not resolve, as it shows it: {@code ??key_locale??}. */
    private static final Pattern RAW_KEY = Pattern.compile("\\?\\?[^?\\s]+\\?\\?");

    private static final Pattern NOTE_URL = Pattern.compile(".*/notes/[0-9a-f-]{36}$");
    private static final String SCRIPT = "<script>window.__x=1</script>";

    private static BrowserSupport chromium;

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    Formats formats;

    /** Script errors of any page of the journey: none may happen. */
    private final List<String> pageErrors = new CopyOnWriteArrayList<>();

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
    void aSellerAndAColleagueFollowOneCustomersStory() {
        var team = users.team(null);
        var seller = users.createInTeam(team, Role.SALES);
        var colleague = users.createInTeam(team, Role.SERVICE);
        var sellerName = "Test " + seller;
        var colleagueName = "Test " + colleague;
        var suffix = UUID.randomUUID().toString().substring(0, 6);
        var company = "云帆物流有限公司 " + suffix;
        var created = new ApiClient(port)
                .signIn(seller, TestUsers.PASSWORD)
                .post(
                        "/api/v1/customers",
                        ApiClient.json(Map.of("type", "COMPANY", "name", company, "industry", "MANUFACTURING")));
        assertEquals(201, created.status(), created.body());
        var customerId = created.json().get("id").asString();
        var timelineUrl = "/customers/" + customerId + "?tab=timeline";

        var callSummary = "Asked about cold-chain capacity " + suffix;
        var background = "Regional carrier with 40 trucks, growing in Jiangsu.";
        var painPoints = "Temperature logs are kept on paper.";
        var when = "Decision before the end of the quarter.";
        var taskTitle = "Prepare the offer " + suffix;
        var mention = "@" + colleague + " please prepare the offer";
        var tomorrow = LocalDate.ofInstant(TestClock.now(), formats.zone()).plusDays(1);
        String noteUrl;

        var context = newContext();
        var page = newPage(context);
        try {
            signIn(page, seller);

            // 1. The timeline: nothing yet; log an outbound call.
            page.navigate(timelineUrl);
            assertThat(page.locator("#customer-name")).hasText(company);
            assertThat(tab(page, "Timeline")).hasAttribute("aria-selected", "true");
            assertThat(page.locator("#timeline")).containsText("Nothing has been recorded about this customer yet.");
            shot(page, "story-01-timeline-empty");

            action(page, "Log interaction").click();
            var form = page.locator("#timeline-form");
            settled(page);
            assertThat(form.getByRole(AriaRole.HEADING)).hasCount(0); // the fragment, not a whole page
            assertThat(form.getByLabel("Channel")).hasValue("CALL");
            form.getByLabel("Channel").selectOption("CALL");
            form.getByLabel("Direction").selectOption("OUTBOUND");
            form.getByLabel("Summary").fill(callSummary);
            form.getByLabel("Details").fill("They ship frozen food to Shanghai twice a week.");
            form.getByLabel("Outcome").selectOption("NEEDS_FOLLOW_UP");
            form.getByLabel("Customer satisfaction").selectOption("4");
            shot(page, "story-02-interaction-form");
            form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Log interaction"))
                    .click();
            assertThat(form.getByRole(AriaRole.STATUS)).hasText("Interaction logged.");
            settled(page);
            assertThat(form.locator(".interaction-logged")).containsText(callSummary);
            assertThat(form.locator(".interaction-logged")).containsText("Call · outbound · Needs follow-up");
            // The timeline below the form lists the call at once, without reloading the page.
            var call = entry(page, callSummary);
            assertThat(call).hasCount(1);
            assertThat(call.locator(".kind-badge")).hasText("Interaction");
            assertThat(call.locator(".timeline-title")).hasText("Call · outbound · Needs follow-up");
            assertThat(call.locator(".timeline-meta")).containsText(sellerName);
            assertThat(page.locator("#timeline .timeline-empty")).hasCount(0);
            shot(page, "story-03-interaction-logged");
            // The confirmation's link shows the whole timeline page again.
            form.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Show the timeline"))
                    .click();
            assertThat(page).hasURL(Pattern.compile(".*/customers/" + customerId + "\\?tab=timeline$"));
            assertThat(page.locator("#timeline-form")).isEmpty();
            assertThat(entry(page, callSummary)).hasCount(1);
            shot(page, "story-04-timeline-call");

            // 2. A needs analysis: a required section left empty is pointed out, then the note is saved.
            action(page, "Write note").click();
            var note = page.locator("#note-form");
            assertThat(note.getByRole(AriaRole.HEADING)).hasText("Write a note about " + company);
            settled(page);
            page.waitForResponse(
                    r -> r.url().contains("/notes/new?"),
                    () -> note.getByLabel("Template").selectOption(new SelectOption().setLabel("Needs analysis")));
            settled(page);
            assertThat(section(page, "Pain points")).isVisible();
            assertThat(section(page, "Decision process")).isVisible();
            note.getByLabel("Category").selectOption("NEEDS");
            section(page, "Background").fill(background);
            section(page, "Timeline").fill(when);
            shot(page, "story-05-note-form");
            note.getByRole(
                            AriaRole.BUTTON,
                            new Locator.GetByRoleOptions().setName("Save").setExact(true))
                    .click();
            assertThat(note.getByRole(AriaRole.ALERT))
                    .hasText("Nothing was saved. Please correct the fields marked below.");
            var painField = page.locator(".note-section-field")
                    .filter(new Locator.FilterOptions()
                            .setHas(page.locator("label", new Page.LocatorOptions().setHasText("Pain points"))));
            assertThat(painField.locator(".field-error"))
                    .hasText("A note cannot be saved with a required section empty: fill in \"Pain points\".");
            assertThat(section(page, "Pain points")).hasAttribute("aria-invalid", "true");
            assertThat(section(page, "Background")).hasValue(background); // what was typed stays
            assertThat(section(page, "Timeline")).hasValue(when);
            assertThat(page.locator("#note-form .field-error")).hasCount(1);
            settled(page);
            shot(page, "story-06-note-required-section-empty");
            section(page, "Pain points").fill(painPoints);
            note.getByRole(
                            AriaRole.BUTTON,
                            new Locator.GetByRoleOptions().setName("Save").setExact(true))
                    .click();
            assertThat(page).hasURL(NOTE_URL);
            noteUrl = page.url();
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                    .hasText("Needs analysis · Needs");
            assertThat(page.locator(".note-body")).containsText(painPoints);
            shot(page, "story-07-note-saved");
            page.getByRole(
                            AriaRole.LINK,
                            new Page.GetByRoleOptions().setName(company).setExact(true))
                    .click();
            assertThat(page).hasURL(Pattern.compile(".*/customers/" + customerId + ".*"));
            if (!page.url().contains("tab=timeline")) {
                tab(page, "Timeline").click();
            }
            var noteEntry = page.locator("#timeline .timeline-item.kind-note");
            assertThat(noteEntry).hasCount(1);
            assertThat(noteEntry.locator(".timeline-title")).hasText("Needs analysis · Needs");
            assertThat(noteEntry.locator(".kind-badge")).hasText("Note");
            shot(page, "story-08-timeline-note");

            // 3. A follow-up for the colleague, due tomorrow.
            action(page, "New task").click();
            var task = page.locator("#task-form");
            assertThat(task.getByRole(AriaRole.HEADING)).hasText("New task");
            settled(page);
            task.getByLabel("Title", new Locator.GetByLabelOptions().setExact(true))
                    .fill(taskTitle);
            task.getByLabel("Description").fill("Cold-chain monitoring, 40 trucks.");
            assertThat(task.getByLabel("Kind")).hasValue("FOLLOW_UP");
            assertThat(task.getByLabel("Due date")).hasValue(tomorrow.toString());
            task.getByLabel("Assignee", new Locator.GetByLabelOptions().setExact(true))
                    .selectOption(new SelectOption().setLabel(colleagueName));
            shot(page, "story-09-task-form");
            task.getByRole(
                            AriaRole.BUTTON,
                            new Locator.GetByRoleOptions().setName("Save").setExact(true))
                    .click();
            assertThat(page).hasURL(Pattern.compile(".*/customers/" + customerId + "\\?tab=timeline$"));
            var taskEntry = entry(page, taskTitle);
            assertThat(taskEntry).hasCount(1);
            assertThat(taskEntry.locator(".timeline-title")).hasText("Follow-up: " + taskTitle);
            assertThat(taskEntry.locator(".timeline-meta")).containsText(tomorrow.toString());
            assertThat(page.locator("#timeline .timeline-item")).hasCount(3);
            // Newest first: the task (due tomorrow) above the note above the call.
            assertThat(page.locator("#timeline .timeline-item .kind-badge"))
                    .hasText(new String[] {"Task", "Note", "Interaction"});
            shot(page, "story-10-timeline-task");

            // 4. A comment on the note mentions the colleague; markup in a comment is shown as text.
            noteEntry.locator(".timeline-title").click();
            assertThat(page).hasURL(noteUrl);
            var comments = page.locator("#comments-panel");
            assertThat(comments.getByText("No comments yet.")).isVisible();
            settled(page);
            comments.getByLabel("Add a comment").fill(mention);
            comments.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Post comment"))
                    .click();
            assertThat(page.locator("#comments-panel .comment-body")).hasText(new String[] {mention});
            assertThat(page.locator("#comments-panel .comment-meta").first()).containsText(sellerName);
            assertThat(page.locator("#comments-panel").getByLabel("Add a comment"))
                    .hasValue("");
            settled(page);
            shot(page, "story-11-comment-mention");

            page.locator("#comments-panel").getByLabel("Add a comment").fill(SCRIPT);
            page.locator("#comments-panel")
                    .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Post comment"))
                    .click();
            assertThat(page.locator("#comments-panel .comment-body")).hasText(new String[] {mention, SCRIPT});
            assertEquals(null, page.evaluate("() => window.__x ?? null"), "a script in a comment must not run");
            page.reload(); // the whole page, rendered by the server this time
            assertThat(page.locator("#comments-panel .comment-body")).hasText(new String[] {mention, SCRIPT});
            assertThat(page.locator("#comments-panel script")).hasCount(0);
            assertEquals(null, page.evaluate("() => window.__x ?? null"), "a script in a comment must not run");
            shot(page, "story-12-comment-markup-as-text");

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out"))
                    .click();
            assertThat(page).hasURL(Pattern.compile(".*/sign-in.*"));
        } catch (AssertionError | RuntimeException e) {
            failed(page, e);
            throw e;
        } finally {
            context.close();
        }

        context = newContext();
        page = newPage(context);
        try {
            signIn(page, colleague);

            // 5. The colleague: the bell counts the mention and the assignment; both are listed; so is the task.
            var bell = page.locator("#bell");
            var unread = 0;
            for (int attempt = 0; attempt < 20; attempt++) { // notices are delivered after the commit
                // The header's bell asks for its count once the page has loaded and replaces itself with the answer.
                page.locator("#bell[hx-trigger='every 60s']").waitFor();
                unread = bell.locator(".count").count() == 0
                        ? 0
                        : Integer.parseInt(bell.locator(".count").innerText());
                if (unread >= 2) {
                    break;
                }
                page.waitForTimeout(250);
                page.reload();
            }
            assertTrue(unread >= 2, "the bell shows " + unread + " unread notifications");
            assertThat(bell).hasAttribute("aria-label", unread + " unread notifications");
            shot(page, "story-13-bell");

            bell.click();
            assertThat(page).hasURL(Pattern.compile(".*/notifications$"));
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Notifications")))
                    .isVisible();
            var notices = page.locator("#notices .notice");
            var mentionNotice = notices.filter(new Locator.FilterOptions().setHasText("mentioned you"));
            assertThat(mentionNotice).hasCount(1);
            assertThat(mentionNotice).containsText(sellerName + " mentioned you on");
            assertThat(mentionNotice).containsText(mention);
            assertThat(mentionNotice).hasClass(Pattern.compile(".*\\bunread\\b.*"));
            var taskNotice = notices.filter(new Locator.FilterOptions().setHasText("gave you a task"));
            assertThat(taskNotice).hasCount(1);
            assertThat(taskNotice).containsText(sellerName + " gave you a task: " + taskTitle + ", due " + tomorrow);
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Unread (" + unread + ")")))
                    .isVisible();
            shot(page, "story-14-notifications");

            // The mention leads to the note and its comment; it is then read.
            mentionNotice.locator(".notice-text").click();
            assertThat(page).hasURL(noteUrl);
            assertThat(page.locator("#comments-panel .comment-body").first()).hasText(mention);
            page.locator("#bell[hx-trigger='every 60s']").waitFor();
            assertThat(page.locator("#bell .count")).hasText(Integer.toString(unread - 1));
            shot(page, "story-15-mention-opened");

            page.navigate("/tasks");
            assertThat(page.locator("nav.tabs a[aria-current=page]")).containsText("My tasks");
            var row = page.locator("table.tasks-table tbody tr")
                    .filter(new Locator.FilterOptions().setHasText(taskTitle));
            assertThat(row).hasCount(1);
            assertThat(row).containsText(company);
            assertThat(row).containsText(colleagueName);
            assertThat(row).containsText(tomorrow.toString());
            shot(page, "story-16-my-tasks");

            // 6. The same in Chinese.
            page.getByRole(
                            AriaRole.LINK,
                            new Page.GetByRoleOptions().setName("中文").setExact(true))
                    .click();
            assertThat(page.locator("html")).hasAttribute("lang", "zh-CN");
            assertThat(page.getByRole(
                            AriaRole.HEADING,
                            new Page.GetByRoleOptions().setName("任务").setExact(true)))
                    .isVisible();
            page.navigate(timelineUrl);
            assertThat(page.locator("html")).hasAttribute("lang", "zh-CN");
            assertThat(page.locator("#customer-name")).hasText(company);
            assertThat(tab(page, "动态")).hasAttribute("aria-selected", "true");
            assertThat(page.locator("#timeline .timeline-item .kind-badge")).hasText(new String[] {"任务", "备注", "互动"});
            assertThat(page.locator(".timeline-actions")).containsText("新建任务");
            shot(page, "story-17-timeline-zh");

            page.navigate("/notifications");
            assertThat(page.getByRole(
                            AriaRole.HEADING,
                            new Page.GetByRoleOptions().setName("通知").setExact(true)))
                    .isVisible();
            assertThat(page.locator("#notices .notice")).hasCount(2);
            assertThat(page.locator("#notices .notice.unread")).hasCount(1);
            assertThat(page.locator("#notices .notice.unread")).containsText("给你分配了任务");
            shot(page, "story-18-notifications-zh");
        } catch (AssertionError | RuntimeException e) {
            failed(page, e);
            throw e;
        } finally {
            context.close();
        }
        if (!pageErrors.isEmpty()) {
            fail("script errors in the pages:\n- " + String.join("\n- ", pageErrors));
        }
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

    private Page newPage(BrowserContext context) {
        var page = context.newPage();
        page.onPageError(error -> pageErrors.add(page.url() + ": " + error));
        page.onDialog(dialog -> {
            pageErrors.add(page.url() + ": unexpected dialog " + dialog.message());
            dialog.dismiss();
        });
        return page;
    }

    /** Keeps the page a failing step left behind as {@code story-failure.png}. */
    private static void failed(Page page, Throwable failure) {
        try {
            BrowserSupport.screenshot(page, "story-failure");
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void signIn(Page page, String username) {
        page.navigate("/sign-in");
        page.getByLabel("User name").fill(username);
        page.getByLabel("Password").fill(TestUsers.PASSWORD);
        page.keyboard().press("Enter");
        assertThat(page).hasURL(Pattern.compile(".*/customers$"));
    }

    /**
     * Waits until htmx has answered and settled: content it swapped in only gets its own htmx behaviour (such as the
     * note form's template picker) when settling ends, some milliseconds after it is shown.
     */
    private static void settled(Page page) {
        page.waitForFunction(
                "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')");
    }

    /** A screenshot of the step, after checking the page shows no unresolved message key. */
    private static void shot(Page page, String step) {
        var text = page.locator("body").innerText();
        var raw = RAW_KEY.matcher(text);
        if (raw.find()) {
            BrowserSupport.screenshot(page, step);
            fail(step + ": the page shows an unresolved message key " + raw.group());
        }
        BrowserSupport.screenshot(page, step);
    }

    private static Locator tab(Page page, String name) {
        return page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName(name));
    }

    /** One of the timeline's action buttons above the list. */
    private static Locator action(Page page, String name) {
        return page.locator(".timeline-actions")
                .getByRole(
                        AriaRole.LINK,
                        new Locator.GetByRoleOptions().setName(name).setExact(true));
    }

    private static Locator entry(Page page, String text) {
        return page.locator("#timeline .timeline-item").filter(new Locator.FilterOptions().setHasText(text));
    }

    /**
     * A section's text box in the note form, found by the section's title (a plain title: Playwright hands the
     * pattern to JavaScript, which knows no {@code \Q…\E} quoting).
     */
    private static Locator section(Page page, String title) {
        return page.locator("#note-form .note-section-field")
                .filter(new Locator.FilterOptions()
                        .setHas(page.locator(
                                "label > span:first-child",
                                new Page.LocatorOptions().setHasText(Pattern.compile("^" + title + "$")))))
                .locator("textarea");
    }
}
