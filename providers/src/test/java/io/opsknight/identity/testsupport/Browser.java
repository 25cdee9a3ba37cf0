package io.opsknight.identity.testsupport;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Debian's headless Chromium through Selenium; never downloads a browser. */
public final class Browser implements AutoCloseable {

    private final WebDriver driver;
    private final Path profile;

    public Browser() {
        if (!Chromium.present()) {
            throw new IllegalStateException(Chromium.missing());
        }
        try {
            profile = Files.createTempDirectory("opsknight-chromium");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Chromium.binary());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=1280,1000", "--lang=en",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(Chromium.driver()))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    public WebDriver driver() {
        return driver;
    }

    public Browser open(String url) {
        driver.get(url);
        return this;
    }

    public Browser type(By by, String text) {
        waitFor(by).clear();
        driver.findElement(by).sendKeys(text);
        return this;
    }

    public Browser click(By by) {
        waitFor(by).click();
        return this;
    }

    public org.openqa.selenium.WebElement waitFor(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Clicks a button that submits or navigates, waits for the next page, then for {@code awaited} on it. */
    public org.openqa.selenium.WebElement submit(By button, By awaited, Duration timeout) {
        org.openqa.selenium.WebElement html = driver.findElement(By.tagName("html"));
        click(button);
        awaitNextPage(html, timeout);
        return waitFor(awaited);
    }

    /**
     * Waits until the page whose root was {@code html} is replaced. Chromium sometimes answers a look at the gone
     * page's node with an inspector error ("does not belong to the document") instead of a stale reference,
     * which Selenium's staleness check rethrows; both mean the page was replaced.
     */
    public void awaitNextPage(org.openqa.selenium.WebElement html, Duration timeout) {
        new WebDriverWait(driver, timeout).until(d -> {
            try {
                html.isEnabled();
                return false;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return true;
            } catch (org.openqa.selenium.WebDriverException e) {
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw e;
            }
        });
    }

    public void waitForUrl(String fragment) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains(fragment));
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    public String source() {
        return driver.getPageSource();
    }

    @Override
    public void close() {
        driver.quit();
        try (var walk = Files.walk(profile)) {
            walk.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // best effort
        }
    }
}
