package dev.trinomesh.integration;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * A real headless Chromium, the system's (Debian's chromium and chromium-driver, found or installed by ./mesh test),
 * driven by Selenium through the system's ChromeDriver: Selenium is given the driver's path, so it never looks for
 * one to download. One browser per test class; {@link #signIn} starts each person with no cookies.
 */
final class Browser
        implements AutoCloseable
{
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ChromeDriver driver;
    private final URI portal;
    private final List<String> consoleErrors = new ArrayList<>();

    private Browser(ChromeDriver driver, URI portal)
    {
        this.driver = requireNonNull(driver, "driver is null");
        this.portal = requireNonNull(portal, "portal is null");
    }

    static Browser start(URI serviceUri)
    {
        String chromium = executable("MESH_TEST_CHROMIUM", "chromium", "/usr/bin/chromium");
        String chromedriver = executable("MESH_TEST_CHROMEDRIVER", "chromedriver", "/usr/bin/chromedriver");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(chromedriver).toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // --no-sandbox: Chromium refuses to run as root with its sandbox; --disable-dev-shm-usage: containers' /dev/shm is small.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=en-US");
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(driver, serviceUri.resolve("/portal/"));
    }

    /** The browser, by the environment ./mesh test sets, else where Debian installs it; never silently absent. */
    private static String executable(String variable, String name, String debianPath)
    {
        Optional<String> configured = Optional.ofNullable(System.getenv(variable)).filter(value -> !value.isBlank());
        String path = configured.orElse(debianPath);
        if (!Files.isExecutable(Path.of(path))) {
            throw new IllegalStateException("the portal's browser tests need %s at %s: install Debian's chromium and chromium-driver (sudo apt-get install chromium chromium-driver; ./mesh test does it when run as root), or set %s to its path"
                    .formatted(name, path, variable));
        }
        return path;
    }

    ChromeDriver driver()
    {
        return driver;
    }

    /** Signs {@code user} in through the sign-in form, with no cookie of anyone before. */
    void signIn(String user, String password)
    {
        driver.manage().deleteAllCookies();
        open("login");
        driver.findElement(By.id("user")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("form[action='/portal/login'] button[type=submit]")).click();
        waitFor("%s signed in".formatted(user), driver -> driver.findElements(By.cssSelector(".who strong")).stream().anyMatch(element -> element.getText().equals(user)));
    }

    /** Opens a portal page by its path below /portal/. */
    void open(String path)
    {
        driver.get(portal.resolve(path).toString());
        collectConsole();
    }

    WebElement find(String css)
    {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css)
    {
        return driver.findElements(By.cssSelector(css));
    }

    <T> T waitFor(String what, ExpectedCondition<T> condition)
    {
        return new WebDriverWait(driver, WAIT).withMessage(() -> "waiting for " + what + " on " + driver.getCurrentUrl()).until(condition);
    }

    /**
     * Saves what the browser shows as {@code docs/images/NAME.png} when the build asks for screenshots
     * ({@code -Dmesh.portal.screenshots=DIRECTORY}); the README shows them.
     */
    void screenshot(String name)
    {
        Optional<String> directory = Optional.ofNullable(System.getProperty("mesh.portal.screenshots")).filter(value -> !value.isBlank());
        if (directory.isEmpty()) {
            return;
        }
        try {
            Path target = Path.of(directory.orElseThrow()).resolve(name + ".png");
            Files.createDirectories(target.getParent());
            Files.write(target, driver.getScreenshotAs(OutputType.BYTES));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The accessibility rules (WCAG 2 A and AA) the current page breaks at a serious or critical impact. */
    List<String> seriousAccessibilityViolations()
    {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(driver);
        // A scan that checked nothing (no rule passed) would find nothing either.
        if (results.getPasses().isEmpty() || results.isErrored()) {
            throw new IllegalStateException("the accessibility scan of %s did not run: %s".formatted(driver.getCurrentUrl(), results.getErrorMessage()));
        }
        return results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .map(Browser::describe)
                .toList();
    }

    private static String describe(Rule rule)
    {
        return "%s (%s): %s at %s".formatted(rule.getId(), rule.getImpact(), rule.getHelp(),
                rule.getNodes().stream().limit(3).flatMap(node -> Stream.of(String.valueOf(node.getTarget()))).toList());
    }

    /** What the browser's console said of the Content-Security-Policy, or of scripts that failed, since the last call. */
    List<String> consoleErrors()
    {
        collectConsole();
        List<String> errors = List.copyOf(consoleErrors);
        consoleErrors.clear();
        return errors;
    }

    private void collectConsole()
    {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            // A 404 page's own status is logged too, and is no fault; refusals by the policy and uncaught errors are.
            if (entry.getMessage().contains("Content Security Policy") || entry.getMessage().contains("Refused to") || entry.getMessage().contains("Uncaught")) {
                consoleErrors.add(entry.getMessage());
            }
        }
    }

    @Override
    public void close()
    {
        driver.quit();
    }
}
