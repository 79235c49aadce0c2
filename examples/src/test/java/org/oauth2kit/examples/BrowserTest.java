package org.oauth2kit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser (headless Chromium) through the default demo: the landing page's link, the
 * login form, the consent page, and back to the client's redirect URI. Nothing listens there, so
 * the code is read from the address of the failed navigation.
 *
 * <p>Chromium and ChromeDriver come from Debian's {@code chromium} and {@code chromium-driver}
 * ({@code ./test.sh} installs them); other paths can be given with {@code CHROMIUM_BIN} and
 * {@code CHROMEDRIVER_BIN}. Selenium is given both paths, so it never tries to download anything.
 */
@DisplayName("A real browser through the default demo")
@Timeout(180)
class BrowserTest {
    private static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver");
    private static final String CALLBACK = DemoConfig.REDIRECT_URI;

    private static Demo.Running demo;
    private static Path profile;
    private static ChromeDriverService service;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        for (String binary : new String[] {CHROMIUM, CHROMEDRIVER}) {
            assertThat(new File(binary).canExecute())
                    .as(binary + " is missing: the browser tests need Chromium and ChromeDriver. Run ./test.sh, "
                            + "or 'apt-get install chromium chromium-driver', or set CHROMIUM_BIN and CHROMEDRIVER_BIN")
                    .isTrue();
        }
        demo = DemoLauncherTest.start("--port", "0");
        profile = Files.createTempDirectory("oauth2kit-chromium");
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(30))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1000,900", "--user-data-dir=" + profile);
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
            if (service != null) {
                service.stop();
            }
        } finally {
            if (demo != null) {
                demo.close();
            }
            if (profile != null) {
                try (Stream<Path> files = Files.walk(profile)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @BeforeEach
    void signedOut() {
        browser.get(demo.baseUrl() + "/");
        browser.manage().deleteAllCookies();
    }

    @Test
    @DisplayName("landing page → login → consent → Allow: the browser lands on the redirect URI with a code, state and iss")
    void allow() throws Exception {
        browser.get(demo.baseUrl() + "/");
        assertThat(browser.getTitle()).isEqualTo("oauth2kit demo");
        browser.findElement(By.id("try-code")).click();
        signIn();

        assertThat(browser.getTitle()).isEqualTo("Allow access?");
        assertThat(browser.findElement(By.tagName("main")).getText())
                .contains("Signed in as alice").contains("abc").contains("read").contains("write");
        screenshot("consent-page.png");

        browser.findElement(By.id("allow")).click();
        String landed = awaitCallback();
        assertThat(DemoHttp.queryParam(landed, "code")).isNotBlank();
        assertThat(DemoHttp.queryParam(landed, "state")).isEqualTo("demo");
        assertThat(DemoHttp.queryParam(landed, "iss")).isEqualTo(demo.issuer());
    }

    @Test
    @DisplayName("Deny: the browser lands on the redirect URI with error=access_denied")
    void deny() {
        browser.get(demo.baseUrl() + "/authorize?response_type=code&client_id=abc&state=d1");
        signIn();
        browser.findElement(By.id("deny")).click();
        String landed = awaitCallback();
        assertThat(DemoHttp.queryParam(landed, "error")).isEqualTo("access_denied");
        assertThat(DemoHttp.queryParam(landed, "state")).isEqualTo("d1");
        assertThat(DemoHttp.queryParam(landed, "code")).isNull();
    }

    @Test
    @DisplayName("CSRF: Allow with a forged token is refused with the consent page again, and nothing reaches the client")
    void forgedToken() {
        browser.get(demo.baseUrl() + "/authorize?response_type=code&client_id=abc&state=c1");
        signIn();
        ((JavascriptExecutor) browser).executeScript(
                "document.querySelector('input[name=csrf_token]').value = 'forged.token'");
        browser.findElement(By.id("allow")).click();
        assertThat(browser.getCurrentUrl()).startsWith(demo.baseUrl() + "/authorize");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("This form has expired");
        // the fresh form on that page works
        browser.findElement(By.id("allow")).click();
        assertThat(DemoHttp.queryParam(awaitCallback(), "code")).isNotBlank();
    }

    @Test
    @DisplayName("a wrong password is told on the login page")
    void wrongPassword() {
        browser.get(demo.baseUrl() + "/authorize?response_type=code&client_id=abc");
        browser.findElement(By.name("username")).sendKeys("alice");
        browser.findElement(By.name("password")).sendKeys("queen");
        browser.findElement(By.cssSelector("#login button")).click();
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Wrong username or password");
    }

    @Test
    @DisplayName("an unknown client gets the demo's error page, and no redirect")
    void unknownClient() {
        browser.get(demo.baseUrl() + "/authorize?response_type=code&client_id=nobody");
        assertThat(browser.getCurrentUrl()).startsWith(demo.baseUrl());
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("This request cannot be completed");
    }

    private static void signIn() {
        assertThat(browser.getTitle()).isEqualTo("Sign in");
        browser.findElement(By.name("username")).sendKeys(DemoConfig.USERNAME);
        browser.findElement(By.name("password")).sendKeys(DemoConfig.PASSWORD);
        browser.findElement(By.cssSelector("#login button")).click();
    }

    /** Waits for the navigation to the (not running) client and returns the address it was sent to. */
    private static String awaitCallback() {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(b -> b.getCurrentUrl().startsWith(CALLBACK));
        return browser.getCurrentUrl();
    }

    private static void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Paths.get("target", name), StandardCopyOption.REPLACE_EXISTING);
    }
}
