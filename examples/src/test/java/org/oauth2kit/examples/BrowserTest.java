package org.oauth2kit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.oauth2kit.examples.DemoOptions.Framework;
import org.oauth2kit.testkit.JsonFields;

/**
 * A real browser (headless Chromium) through the demo on every framework (servlet, Javalin,
 * JAX-RS, Micronaut, the JDK server): the landing page's link, the login form, the consent page,
 * and back to the client's redirect URI. Nothing listens there, so the code is read from the
 * address of the failed navigation. A browser sends what curl does not ({@code Origin} on every
 * form POST, {@code Referer}), which is why each framework gets the whole flow.
 *
 * <p>Every step waits for the page it expects (its title) before touching it: a click on a submit
 * button returns before the next page has loaded, and acting on the old page then is a race.
 *
 * <p>Chromium and ChromeDriver come from Debian's {@code chromium} and {@code chromium-driver}
 * ({@code ./test.sh} installs them); other paths can be given with {@code CHROMIUM_BIN} and
 * {@code CHROMEDRIVER_BIN}. Selenium is given both paths, so it never tries to download anything.
 */
@DisplayName("A real browser through the demo, on every framework")
@Timeout(300)
class BrowserTest {
    private static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver");
    private static final String CALLBACK = DemoConfig.REDIRECT_URI;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static Path profile;
    private static ChromeDriverService service;
    private static WebDriver browser;

    @BeforeAll
    static void startBrowser() throws Exception {
        for (String binary : new String[] {CHROMIUM, CHROMEDRIVER}) {
            assertThat(new File(binary).canExecute())
                    .as(binary + " is missing: the browser tests need Chromium and ChromeDriver. Run ./test.sh, "
                            + "or 'apt-get install chromium chromium-driver', or set CHROMIUM_BIN and CHROMEDRIVER_BIN")
                    .isTrue();
        }
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
    static void stopBrowser() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
            if (service != null) {
                service.stop();
            }
        } finally {
            if (profile != null) {
                try (Stream<Path> files = Files.walk(profile)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Nested
    @DisplayName("on the servlet adapter (Jetty)")
    class Servlet extends Flows {
        Servlet() {
            super(Framework.SERVLET);
        }
    }

    @Nested
    @DisplayName("on Javalin")
    class Javalin extends Flows {
        Javalin() {
            super(Framework.JAVALIN);
        }
    }

    @Nested
    @DisplayName("on JAX-RS (Jersey)")
    class Jaxrs extends Flows {
        Jaxrs() {
            super(Framework.JAXRS);
        }
    }

    @Nested
    @DisplayName("on Micronaut")
    class Micronaut extends Flows {
        Micronaut() {
            super(Framework.MICRONAUT);
        }
    }

    @Nested
    @DisplayName("on the JDK HttpServer")
    class Jdk extends Flows {
        Jdk() {
            super(Framework.JDK);
        }
    }

    @Nested
    @DisplayName("R48 on two demo processes behind a load balancer that alternates between them")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class TwoProcesses {
        private MemcachedProcess memcached;
        private RoundRobinProxy proxy;
        private Demo.Running a;
        private Demo.Running b;

        @BeforeAll
        void start() throws Exception {
            memcached = MemcachedProcess.start();
            int port;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                port = s.getLocalPort();
            }
            String issuer = "http://localhost:" + port; // the public name: the load balancer's
            String[] common = {"--store", "memcache", "--memcached", memcached.address(), "--node-secret",
                "one secret for every process", "--issuer", issuer, "--port", "0"};
            a = DemoLauncherTest.start(common);
            b = DemoLauncherTest.start(concat(common, "--framework", "servlet"));
            proxy = new RoundRobinProxy(List.of(a.baseUrl(), b.baseUrl()), port);
        }

        @AfterAll
        void stop() {
            for (AutoCloseable c : new AutoCloseable[] {proxy, a, b, memcached}) {
                try {
                    if (c != null) {
                        c.close();
                    }
                } catch (Exception ignored) {
                    // closing the rest matters more
                }
            }
        }

        @Test
        @DisplayName("a sign-in whose pages come from alternating processes ends at the client with a code")
        void signInAcrossProcesses() {
            String base = "http://localhost:" + proxy.port();
            browser.get(base + "/");
            browser.manage().deleteAllCookies();
            browser.get(base + "/authorize?response_type=code&client_id=abc&state=lb");
            signIn();
            browser.findElement(By.id("allow")).click();
            String landed = awaitCallback();
            assertThat(DemoHttp.queryParam(landed, "code")).isNotBlank();
            assertThat(DemoHttp.queryParam(landed, "state")).isEqualTo("lb");
            assertThat(proxy.served(0)).as("requests answered by the first process").isPositive();
            assertThat(proxy.served(1)).as("requests answered by the second process").isPositive();
        }

        private String[] concat(String[] a, String... more) {
            String[] all = java.util.Arrays.copyOf(a, a.length + more.length);
            System.arraycopy(more, 0, all, a.length, more.length);
            return all;
        }
    }

    /** The flows, against one framework's demo (started once for its tests). */    /** The flows, against one framework's demo (started once for its tests). */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Flows {
        private final Framework framework;
        private Demo.Running demo;

        Flows(Framework framework) {
            this.framework = framework;
        }

        @BeforeAll
        void startDemo() throws Exception {
            demo = DemoLauncherTest.start("--port", "0", "--framework", framework.name().toLowerCase(java.util.Locale.ROOT));
        }

        @AfterAll
        void stopDemo() {
            if (demo != null) {
                demo.close();
            }
        }

        @BeforeEach
        void signedOut() {
            browser.get(demo.baseUrl() + "/");
            awaitTitle("oauth2kit demo");
            browser.manage().deleteAllCookies();
        }

        @Test
        @DisplayName("landing page → login → consent → Allow: the browser lands on the redirect URI with a code, state and iss")
        void allow() throws Exception {
            browser.get(demo.baseUrl() + "/");
            awaitTitle("oauth2kit demo");
            browser.findElement(By.id("try-code")).click();
            signIn();

            assertThat(browser.findElement(By.tagName("main")).getText())
                    .contains("Signed in as alice").contains("abc").contains("read").contains("write");
            screenshot("consent-page-" + framework.name().toLowerCase(java.util.Locale.ROOT) + ".png");

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
            awaitText("This form has expired");
            assertThat(browser.getCurrentUrl()).startsWith(demo.baseUrl() + "/authorize");
            // the fresh form on that page works
            browser.findElement(By.id("allow")).click();
            assertThat(DemoHttp.queryParam(awaitCallback(), "code")).isNotBlank();
        }

        @Test
        @DisplayName("R58 device flow: a wrong code is told, then the code → sign-in → consent showing the code → Allow; the device's poll gets tokens")
        void deviceFlow() throws Exception {
            HttpResponse<String> codes = new DemoHttp(demo.baseUrl()).postForm("/device_authorization",
                    DemoHttp.form("client_id", DemoConfig.PUBLIC_CLIENT_ID, "scope", "read"));
            assertThat(codes.statusCode()).as(codes.body()).isEqualTo(200);
            String userCode = JsonFields.string(codes.body(), "user_code");
            String deviceCode = JsonFields.string(codes.body(), "device_code");

            browser.get(demo.baseUrl() + "/device");
            awaitTitle("Connect a device");
            browser.findElement(By.id("user_code")).sendKeys("BBBB-BBBB");
            browser.findElement(By.cssSelector("#device button")).click();
            awaitText("That code is not valid");
            browser.findElement(By.id("user_code")).sendKeys(userCode.toLowerCase(java.util.Locale.ROOT));
            browser.findElement(By.cssSelector("#device button")).click();
            signIn();
            assertThat(browser.findElement(By.id("user-code")).getText()).isEqualTo(userCode);
            browser.findElement(By.id("allow")).click();
            awaitTitle("Device connected");

            HttpResponse<String> tokens = new DemoHttp(demo.baseUrl()).postForm("/token", DemoHttp.form("grant_type",
                    "urn:ietf:params:oauth:grant-type:device_code", "device_code", deviceCode, "client_id",
                    DemoConfig.PUBLIC_CLIENT_ID));
            assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
            assertThat(JsonFields.string(tokens.body(), "access_token")).isNotBlank();
        }

        @Test
        @DisplayName("R58 device flow: Deny on the consent page; the device's poll hears access_denied")
        void deviceDenied() throws Exception {
            HttpResponse<String> codes = new DemoHttp(demo.baseUrl()).postForm("/device_authorization",
                    DemoHttp.form("client_id", DemoConfig.PUBLIC_CLIENT_ID));
            browser.get(JsonFields.string(codes.body(), "verification_uri_complete"));
            signIn();
            browser.findElement(By.id("deny")).click();
            awaitTitle("Device not connected");
            HttpResponse<String> poll = new DemoHttp(demo.baseUrl()).postForm("/token", DemoHttp.form("grant_type",
                    "urn:ietf:params:oauth:grant-type:device_code", "device_code",
                    JsonFields.string(codes.body(), "device_code"), "client_id", DemoConfig.PUBLIC_CLIENT_ID));
            assertThat(poll.statusCode()).isEqualTo(400);
            assertThat(JsonFields.string(poll.body(), "error")).isEqualTo("access_denied");
        }

        @Test
        @DisplayName("a wrong password is told on the login page")
        void wrongPassword() {
            browser.get(demo.baseUrl() + "/authorize?response_type=code&client_id=abc");
            awaitTitle("Sign in");
            browser.findElement(By.name("username")).sendKeys("alice");
            browser.findElement(By.name("password")).sendKeys("queen");
            browser.findElement(By.cssSelector("#login button")).click();
            awaitText("Wrong username or password");
            assertThat(browser.getTitle()).isEqualTo("Sign in");
        }

        @Test
        @DisplayName("an unknown client gets the demo's error page, and no redirect")
        void unknownClient() {
            browser.get(demo.baseUrl() + "/authorize?response_type=code&client_id=nobody");
            assertThat(browser.getCurrentUrl()).startsWith(demo.baseUrl());
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("This request cannot be completed");
        }
    }

    /** Signs in on the login page and waits for the consent page. */
    private static void signIn() {
        awaitTitle("Sign in");
        browser.findElement(By.name("username")).sendKeys(DemoConfig.USERNAME);
        browser.findElement(By.name("password")).sendKeys(DemoConfig.PASSWORD);
        browser.findElement(By.cssSelector("#login button")).click();
        awaitTitle("Allow access?");
    }

    private static void awaitTitle(String title) {
        new WebDriverWait(browser, WAIT).withMessage(() -> "page titled '" + title + "', but at "
                + browser.getCurrentUrl() + " titled '" + browser.getTitle() + "'")
                .until(b -> title.equals(b.getTitle()));
    }

    private static void awaitText(String text) {
        // the page may be replaced between finding <main> and reading it: try again then
        new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "'" + text + "' on the page at " + browser.getCurrentUrl())
                .until(b -> b.findElements(By.tagName("main")).stream().anyMatch(m -> m.getText().contains(text)));
    }

    /** Waits for the navigation to the (not running) client and returns the address it was sent to. */
    private static String awaitCallback() {
        new WebDriverWait(browser, WAIT).until(b -> b.getCurrentUrl().startsWith(CALLBACK));
        return browser.getCurrentUrl();
    }

    private static void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Paths.get("target", name), StandardCopyOption.REPLACE_EXISTING);
    }
}
