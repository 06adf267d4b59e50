package org.consilium.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.consilium.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Browser tests drive Debian's Chromium through Playwright (never a downloaded browser) against the shared
 * integration-test application.
 */
@IntegrationTest
abstract class BrowserTest {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CONSILIUM_CHROMIUM", "/usr/bin/chromium"));
    static final String PASSWORD = "consilium-demo";

    static Playwright playwright;
    static Browser browser;

    @LocalServerPort
    int port;

    @BeforeAll
    static void launchBrowser() {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException("Chromium is needed for the UI tests: install Debian's chromium "
                    + "(apt-get install chromium) or set CONSILIUM_CHROMIUM to its path; looked at " + CHROMIUM);
        }
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run")));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    Page signIn(String email) {
        return signIn(email, new Browser.NewContextOptions().setAcceptDownloads(true));
    }

    Page signIn(String email, Browser.NewContextOptions options) {
        Page page = signedIn(email, options);
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Cases").setExact(true)))
                .isVisible();
        return page;
    }

    /** Signs in through the form and waits to leave the sign-in page, wherever the account lands. */
    Page signedIn(String email, Browser.NewContextOptions options) {
        BrowserContext context = browser.newContext(options);
        Page page = context.newPage();
        page.navigate(url("/login"));
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password").fill(PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
        page.waitForURL(address -> !address.contains("/login"));
        return page;
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }
}
