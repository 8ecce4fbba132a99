package it.console;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A fresh headless Chromium (Debian's chromium and chromedriver) for each test of the console,
 * registered with {@code @RegisterExtension}: it opens before each test, keeps a screenshot and the
 * page source of a failed test under {@code ${it.build-dir}/console-failures}, and closes after.
 */
public final class Browser
    implements BeforeEachCallback, AfterTestExecutionCallback, AfterEachCallback {

  public static final String BASE = System.getProperty("it.base-url", "http://localhost:9080");

  private Path profile;
  private ChromeDriver driver;
  private WebDriverWait wait;

  public ChromeDriver driver() {
    return driver;
  }

  /** Explicit waits of up to 30 s that ignore elements replaced by an Ajax update meanwhile. */
  public WebDriverWait waiting() {
    return wait;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    profile = Files.createTempDirectory("console-it-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--window-size=1440,1000",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    wait.ignoring(StaleElementReferenceException.class);
  }

  @Override
  public void afterTestExecution(ExtensionContext context) throws IOException {
    if (context.getExecutionException().isEmpty() || driver == null) {
      return;
    }
    Path dir = Path.of(System.getProperty("it.build-dir", "target"), "console-failures");
    Files.createDirectories(dir);
    String name =
        context.getRequiredTestClass().getSimpleName()
            + "."
            + context.getRequiredTestMethod().getName();
    Files.copy(
        driver.getScreenshotAs(OutputType.FILE).toPath(),
        dir.resolve(name + ".png"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(
        dir.resolve(name + ".html"),
        driver.getCurrentUrl() + "\n" + driver.getPageSource(),
        StandardCharsets.UTF_8);
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  /** Logs in on the email-first login page (email, Next, password, Log in). */
  public void login(String email, String password) {
    driver.get(BASE + "/login");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login:email"))).sendKeys(email);
    driver.findElement(By.id("login:next")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login:password")))
        .sendKeys(password);
    submitPage(By.id("login:submit"));
  }

  /**
   * Clicks a button that posts the whole page (a form with {@code ajax="false"}, such as the login
   * page's) and waits until the answer's page has loaded. Otherwise what the test does next races
   * the post: a page it opens can be replaced by the post's redirect (seen in CI), and an element
   * it waits for can be found on the old page, which Chrome then reports as "not in the document"
   * rather than stale. The mark set here is gone once another document is loaded.
   */
  public void submitPage(By button) {
    ((JavascriptExecutor) driver).executeScript("window.pcPagePosted = true;");
    driver.findElement(button).click();
    wait.until(
        d -> {
          try {
            return Boolean.TRUE.equals(
                ((JavascriptExecutor) d)
                    .executeScript(
                        "return window.pcPagePosted === undefined"
                            + " && document.readyState === 'complete';"));
          } catch (WebDriverException navigating) {
            return false;
          }
        });
  }

  /**
   * Logs in and opens Organization Settings → Access Security → {@code page} (a sub-menu such as
   * "Single Sign-On"), waiting until {@code readyId} shows.
   */
  public void openAccessSecurity(String email, String password, String page, String readyId) {
    login(email, password);
    WebDriverWait wait = waiting();
    wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//a[contains(@id,':settings')]")))
        .click();
    wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Access Security"))).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.linkText(page))).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(readyId)));
  }

  /** Saves what the browser shows as {@code ${it.build-dir}/<fileName>}. */
  public Path screenshot(String fileName) throws IOException {
    Path file = Path.of(System.getProperty("it.build-dir", "target"), fileName);
    Files.createDirectories(file.getParent());
    Files.copy(
        driver.getScreenshotAs(OutputType.FILE).toPath(),
        file,
        StandardCopyOption.REPLACE_EXISTING);
    return file;
  }
}
