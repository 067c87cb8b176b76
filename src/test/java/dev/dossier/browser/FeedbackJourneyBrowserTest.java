package dev.dossier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import dev.dossier.DossierTest;
import dev.dossier.identity.Role;
import dev.dossier.shared.ConsentCheck;
import dev.dossier.support.ApiClient;
import dev.dossier.support.Consents;
import dev.dossier.support.TestUsers;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * From the customer's report to the fix and back, in a real browser and a real mailbox: a customer sends the public
 * feedback form from a phone, in Chinese; a service agent finds the case in the unassigned queue, triages it, takes
 * it, replies, resolves it; the customer gets the satisfaction link by email and answers it once; a manager sees
 * the answer on the service measures page. Screenshots land in {@code <build directory>/screenshots/feedback-*.png}.
 */
@DossierTest
@Tag("browser")
class FeedbackJourneyBrowserTest {

    private static final Pattern RAW_KEY = Pattern.compile("\\?\\?[^?\\s]+\\?\\?");
    private static final Pattern CASE_NUMBER = Pattern.compile("C-\\d{6,}");
    private static final Pattern SURVEY_PATH = Pattern.compile("/public/surveys/[A-Za-z0-9_-]+");
    private static final String SCRIPT = "<script>window.__x=1</script>";

    static final int SMTP_PORT = freePort();
    static final GreenMail SMTP = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    static {
        SMTP.start();
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
        registry.add("dossier.mail.poll", () -> "1s");
        registry.add("dossier.base-url", () -> "https://crm.example.com");
        registry.add("dossier.feedback.form.min-fill", () -> "1s");
    }

    private static BrowserSupport chromium;

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

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
        SMTP.stop();
    }

    @Test
    void aCustomersComplaintIsResolvedAndRated() throws Exception {
        var suffix = UUID.randomUUID().toString().substring(0, 6);
        var manager = users.create(Role.MANAGER);
        var team = users.team(null);
        var agent = users.createInTeam(team, Role.SERVICE);
        var api = new ApiClient(port).signIn(manager, TestUsers.PASSWORD);
        var productName = "冷链温控箱 " + suffix;
        var product = api.post("/api/v1/products", ApiClient.json(Map.of("code", "CT-" + suffix, "name", productName)));
        assertEquals(201, product.status(), product.body());
        var productId = product.json().get("id").asString();
        var phone = "139" + String.format("%08d", Math.floorMod(suffix.hashCode(), 100_000_000));
        var email = "zhou-" + suffix + "@example.com";
        var customerName = "周晓梅 " + suffix;
        var customer = api.post(
                "/api/v1/customers",
                ApiClient.json(Map.of(
                        "type",
                        "INDIVIDUAL",
                        "name",
                        customerName,
                        "phones",
                        List.of(Map.of("number", phone)),
                        "emails",
                        List.of(Map.of("address", email)))));
        assertEquals(201, customer.status(), customer.body());
        // Complaints are answered within 4 business hours and resolved within 2 business days.
        var admin = new ApiClient(port).signIn(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        // She agreed to be asked about our service, so the satisfaction survey may reach her.
        Consents.give(admin, customer.json().get("id").asString(), ConsentCheck.SERVICE_COMMUNICATION);
        var policy = admin.post(
                "/api/v1/sla-policies",
                ApiClient.json(Map.of(
                        "name",
                        "Complaints " + suffix,
                        "kind",
                        "COMPLAINT",
                        "firstResponseMinutes",
                        240,
                        "resolutionMinutes",
                        960,
                        "warnBeforeMinutes",
                        60)));
        assertEquals(201, policy.status(), policy.body());
        try {
            journey(suffix, manager, agent, productId, productName, phone, email, customerName);
        } finally {
            admin.delete("/api/v1/sla-policies/" + policy.json().get("id").asString());
        }
    }

    private void journey(
            String suffix,
            String manager,
            String agent,
            String productId,
            String productName,
            String phone,
            String email,
            String customerName)
            throws Exception {
        var title = "温控箱显示温度不准 " + suffix;
        var resolution = "Replaced the sensor; calibrated and tested at -18 °C.";

        // 1. The customer, on a phone, without an account, in Chinese.
        var phoneContext = chromium.browser()
                .newContext(new Browser.NewContextOptions()
                        .setBaseURL("http://localhost:" + port)
                        .setLocale("zh-CN")
                        .setTimezoneId("Asia/Shanghai")
                        .setViewportSize(390, 844)
                        .setIsMobile(true)
                        .setHasTouch(true));
        phoneContext.setDefaultTimeout(10_000);
        String caseNumber;
        var mobile = newPage(phoneContext);
        try {
            mobile.navigate("/public/feedback?lang=zh-CN");
            assertThat(mobile.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                    .hasText("意见反馈");
            mobile.getByLabel("您的姓名").fill("周晓梅");
            mobile.getByLabel("手机号码").fill(phone);
            mobile.getByLabel("反馈类型").selectOption("COMPLAINT");
            mobile.getByLabel("产品（选填）").selectOption(productId);
            mobile.getByLabel("标题").fill(title);
            mobile.getByLabel("具体情况").fill("冷冻柜里的温控箱显示 -18 °C，实测 -9 °C。" + SCRIPT);
            shot(mobile, "feedback-01-public-form");
            // A person takes longer than the form's minimum fill time.
            mobile.waitForTimeout(1200);
            mobile.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("提交"))
                    .click();
            assertThat(mobile.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                    .hasText("谢谢");
            var thanks = mobile.locator("body").innerText();
            var number = CASE_NUMBER.matcher(thanks);
            assertTrue(number.find(), thanks);
            caseNumber = number.group();
            shot(mobile, "feedback-02-public-thanks");
        } finally {
            phoneContext.close();
        }

        // 2. The service agent triages, takes, answers and resolves the case.
        var desk = newContext("en-US");
        var page = newPage(desk);
        String caseUrl;
        try {
            signIn(page, agent);
            page.navigate("/cases?queue=UNASSIGNED");
            var row = page.locator("tr").filter(new Locator.FilterOptions().setHasText(caseNumber));
            assertThat(row).hasCount(1);
            assertThat(row).containsText(title);
            assertThat(row).containsText(customerName); // matched by the phone number, no new lead
            assertThat(row.locator(".sla")).hasCount(1); // a complaint has a promise to keep, with time left
            shot(page, "feedback-03-unassigned-queue");
            row.getByRole(AriaRole.LINK).first().click();
            caseUrl = page.url();
            var body = page.locator(".case-page");
            assertThat(body).containsText(SCRIPT); // shown as text, never run
            assertThat(body).containsText(productName);
            assertThat(page.locator(".case-status")).hasText("New");

            var triage = page.locator("form.triage-form");
            triage.locator("select[name=priority]").selectOption("HIGH");
            triage.locator("input[name=category]").fill("Temperature control");
            triage.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Triage"))
                    .click();
            assertThat(page.locator(".case-status")).hasText("Triaged");

            var assign = page.locator("form.assign-form");
            assign.locator("select[name=assignee]").selectOption(new SelectOption().setLabel("Test " + agent));
            assign.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Assign"))
                    .click();
            assertThat(page.locator(".case-status")).hasText("Assigned");

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start work"))
                    .click();
            assertThat(page.locator(".case-status")).hasText("In progress");
            shot(page, "feedback-04-case-in-progress");

            var resolve = page.locator("form.resolve-form");
            resolve.getByLabel("Resolution").fill(resolution);
            resolve.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Resolve"))
                    .click();
            assertThat(page.locator(".case-status")).hasText("Resolved");
            assertThat(page.locator(".case-page")).containsText(resolution);
            // Every step is in the history, with who made it.
            var history = page.locator(".case-page").innerText();
            for (var step : List.of("New", "Triaged", "Assigned", "In progress", "Resolved")) {
                assertTrue(history.contains(step), step);
            }
            shot(page, "feedback-05-case-resolved");
        } finally {
            desk.close();
        }

        // 3. The customer's mailbox holds the satisfaction link; it can be answered once.
        var mail = awaitMail(email, caseNumber);
        var link = SURVEY_PATH.matcher(text(mail));
        assertTrue(link.find(), text(mail));
        var surveyPath = link.group();
        var survey = newContext("zh-CN");
        var answer = newPage(survey);
        try {
            answer.navigate(surveyPath);
            answer.locator("label.score-option")
                    .filter(new Locator.FilterOptions().setHasText("5"))
                    .click();
            answer.locator("#survey-comment").fill("处理很快，谢谢！");
            shot(answer, "feedback-06-csat");
            answer.locator("form button[type=submit]").click();
            assertThat(answer.locator("h1")).not().hasText("");
            shot(answer, "feedback-07-csat-thanks");
            answer.navigate(surveyPath);
            assertThat(answer.locator("form button[type=submit]")).hasCount(0);
            shot(answer, "feedback-08-csat-used");
        } finally {
            survey.close();
        }

        // 4. The manager sees the answer on the case and on the service measures page.
        var office = newContext("en-US");
        var view = newPage(office);
        try {
            signIn(view, manager);
            view.navigate(caseUrl);
            assertThat(view.locator(".case-page")).containsText("5");
            view.navigate("/reports/service?productId=" + productId);
            assertThat(view.locator("#figure-csat strong")).hasText("5.00");
            assertThat(view.locator("#figure-csat")).containsText("1");
            view.waitForFunction("() => document.querySelector('#service-trend canvas, #service-trend svg')");
            shot(view, "feedback-09-service-measures");
        } finally {
            office.close();
        }
        assertEquals(List.of(), pageErrors);
    }

    private BrowserContext newContext(String locale) {
        var context = chromium.browser()
                .newContext(new Browser.NewContextOptions()
                        .setBaseURL("http://localhost:" + port)
                        .setLocale(locale)
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

    private static void signIn(Page page, String username) {
        page.navigate("/sign-in");
        page.getByLabel("User name").fill(username);
        page.getByLabel("Password").fill(TestUsers.PASSWORD);
        page.keyboard().press("Enter");
        assertThat(page).hasURL(Pattern.compile(".*/customers$"));
    }

    /** A screenshot of the step, after checking the page shows no unresolved message key. */
    private static void shot(Page page, String step) {
        var text = page.locator("body").innerText();
        var raw = RAW_KEY.matcher(text);
        BrowserSupport.screenshot(page, step);
        if (raw.find()) {
            fail(step + ": the page shows an unresolved message key " + raw.group());
        }
    }

    private static MimeMessage awaitMail(String to, String text) {
        return await().alias("an email to " + to + " mentioning " + text)
                .atMost(java.time.Duration.ofSeconds(30))
                .until(
                        () -> {
                            for (var message : SMTP.getReceivedMessages()) {
                                if (message.getAllRecipients()[0].toString().equals(to)
                                        && text(message).contains(text)) {
                                    return message;
                                }
                            }
                            return null;
                        },
                        java.util.Objects::nonNull);
    }

    /** The decoded text of an email, whatever transfer encoding it was sent in. */
    private static String text(MimeMessage message) throws Exception {
        var content = message.getContent();
        if (content instanceof jakarta.mail.Multipart multipart) {
            var text = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                text.append(multipart.getBodyPart(i).getContent()).append('\n');
            }
            return text.toString();
        }
        return String.valueOf(content);
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
