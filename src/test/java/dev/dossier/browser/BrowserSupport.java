package dev.dossier.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.LoadState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Starts the system's Chromium (the Debian package at /usr/bin/chromium) through Playwright, without ever
 * downloading a browser, and keeps the screenshots of the browser tests.
 *
 * <p>Without Chromium the browser tests are skipped on a developer's machine, but fail on CI
 * ({@code CI=true}), where they must always run.
 */
final class BrowserSupport implements AutoCloseable {

    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of(System.getProperty("dossier.build.directory", "target"), "screenshots");

    private final Playwright playwright;
    private final Browser browser;

    private BrowserSupport(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    /** Launches headless Chromium; skips the calling test (fails it on CI) when Chromium is not installed. */
    static BrowserSupport launch() {
        if (!Files.isExecutable(CHROMIUM)) {
            var message = "Chromium not installed: apt-get install -y chromium fonts-noto-cjk";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message + " (CI must run the browser tests)");
            }
            Assumptions.assumeTrue(false, message);
        }
        var playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            var browser = playwright
                    .chromium()
                    .launch(new BrowserType.LaunchOptions()
                            .setExecutablePath(CHROMIUM)
                            .setHeadless(true)
                            .setArgs(List.of(
                                    "--no-sandbox",
                                    "--disable-gpu",
                                    "--disable-background-networking",
                                    "--disable-component-update",
                                    "--disable-sync",
                                    "--no-first-run")));
            return new BrowserSupport(playwright, browser);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    Browser browser() {
        return browser;
    }

    /** Fails when the page is wider than the window (tables and the main navigation may scroll on their own). */
    static void noSidewaysScroll(Page page) {
        var overflow = (Boolean)
                page.evaluate("() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1");
        org.assertj.core.api.Assertions.assertThat(overflow)
                .as(
                        "the page scrolls sideways: %s",
                        page.evaluate(
                                "() => [...document.querySelectorAll('body *')]"
                                        + ".filter(e => !e.closest('.mainnav, .table-wrap') && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
                                        + ".slice(0, 6).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"))
                .isFalse();
    }

    /** A full-page screenshot named after the step, such as {@code 01-sign-in.png}. */
    static Path screenshot(Page page, String step) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var file = SCREENSHOTS.resolve(step + ".png");
        page.waitForLoadState(LoadState.LOAD);
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            playwright.close();
        }
    }
}
