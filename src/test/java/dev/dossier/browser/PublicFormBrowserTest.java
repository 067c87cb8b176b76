package dev.dossier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.options.SelectOption;
import dev.dossier.DossierTest;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The public feedback form on a phone, in Chinese: filled in by a visitor, answered with a case number. */
@DossierTest
@Tag("browser")
class PublicFormBrowserTest {

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

    @Test
    void aVisitorSendsFeedbackFromAPhoneAndGetsACaseNumber() {
        var options = new Browser.NewContextOptions()
                .setBaseURL("http://localhost:" + port)
                .setLocale("zh-CN")
                .setViewportSize(390, 844)
                .setIsMobile(true)
                .setHasTouch(true)
                .setDeviceScaleFactor(2);
        try (var context = chromium.browser().newContext(options)) {
            context.setDefaultTimeout(10_000);
            var page = context.newPage();
            page.navigate("/public/feedback?lang=zh-CN");
            assertThat(page.locator("h1")).hasText("意见反馈");
            // Nothing sticks out sideways on a narrow screen.
            var overflow = (Boolean) page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth");
            org.assertj.core.api.Assertions.assertThat(overflow).isTrue();
            page.getByLabel("您的姓名").fill("王小明");
            page.getByLabel("手机号码")
                    .fill("139"
                            + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000)));
            page.getByLabel("反馈类型").selectOption(new SelectOption().setValue("DEFECT"));
            page.getByLabel("标题").fill("净水器漏水 " + UUID.randomUUID().toString().substring(0, 6));
            page.getByLabel("具体情况").fill("使用两周后底部漏水。<b>请尽快处理</b>");
            BrowserSupport.screenshot(page, "public-form-01-filled-phone");
            // A person takes a few seconds; the form does not take submissions sooner than that.
            page.waitForTimeout(3500);
            page.getByRole(
                            com.microsoft.playwright.options.AriaRole.BUTTON,
                            new com.microsoft.playwright.Page.GetByRoleOptions().setName("提交"))
                    .click();
            assertThat(page.locator(".case-number")).containsText(Pattern.compile("C-\\d{6}"));
            BrowserSupport.screenshot(page, "public-form-02-thanks-phone");
        }
    }
}
