package io.opsknight.identity.profile;

import io.opsknight.identity.testsupport.Browser;
import io.opsknight.identity.testsupport.BrowserTest;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.keycloak.representations.idm.RoleRepresentation;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a person and an admin see, in Chromium: Keycloak's admin console (user details) and account console
 * (personal info) show the OpsKnight User Profile with resolved labels in English and German, no raw
 * {@code ${...}} and no message key like {@code opsknightName}; so do our account page and setup page.
 * <p>
 * In the suite it checks German (the language that showed raw keys before; each console page costs ~15 s).
 * With {@code -Dit.screenshots=<dir>} it checks English too, our account page and the setup page, and saves a PNG
 * of each page there: docs/screenshots/ holds the committed ones
 * ({@code mvn verify -pl providers -Dit.test=ConsoleLabelsIT -Dit.screenshots=$PWD/docs/screenshots}).
 */
@OpsKnightIT
class ConsoleLabelsIT {

    /** A message key of ours shown as text: opsknightName, opsknightDigest.HIGH, ... */
    private static final Pattern RAW_KEY = Pattern.compile("\\bopsknight[A-Z][A-Za-z]*(\\.[A-Z]+)?\\b");
    private static final String SCREENSHOTS = System.getProperty("it.screenshots", "");
    private static final List<String> LOCALES = SCREENSHOTS.isBlank() ? List.of("de") : List.of("en", "de");

    private static final Map<String, List<String>> PROFILE_LABELS = Map.of(
            "en", List.of("Time zone", "Phone number", "Incident digest", "Email notifications"),
            "de", List.of("Zeitzone", "Telefonnummer", "Vorfall-Zusammenfassung", "Benachrichtigung per E-Mail"));

    @BrowserTest
    void adminConsoleUserDetails() {
        try (TestRealm realm = TestRealm.create()) {
            String user = realm.createUser("rita@example.test", "Rita Responder", "RESPONDER");
            // A realm admin of the test realm signs in to the realm's own admin console.
            String admin = realm.createUser("console@example.test", "Console Admin", "ADMIN");
            String realmManagement = realm.resource().clients().findByClientId("realm-management").get(0).getId();
            RoleRepresentation realmAdmin = realm.resource().clients().get(realmManagement).roles().get("realm-admin").toRepresentation();
            realm.resource().users().get(admin).roles().clientLevel(realmManagement).add(List.of(realmAdmin));
            for (String locale : LOCALES) {
                setLocale(realm, admin, locale);
                try (Browser browser = new Browser()) {
                    browser.open(realm.url().replace("/realms/", "/admin/") + "/console/#/" + realm.name() + "/users/" + user + "/settings");
                    signIn(browser, "console@example.test", locale);
                    String text = waitForText(browser, PROFILE_LABELS.get(locale).get(0));
                    assertResolved(text, locale, "admin console");
                    screenshot(browser, "admin-console-user-" + locale, 2000);
                }
            }
        }
    }

    @BrowserTest
    void accountConsolePersonalInfo() {
        try (TestRealm realm = TestRealm.create()) {
            String pia = realm.createUser("pia@example.test", "Pia Person", "USER");
            for (String locale : LOCALES) {
                setLocale(realm, pia, locale);
                try (Browser browser = new Browser()) {
                    browser.open(realm.url() + "/account/");
                    signIn(browser, "pia@example.test", locale);
                    String text = waitForText(browser, PROFILE_LABELS.get(locale).get(0));
                    assertResolved(text, locale, "account console");
                    screenshot(browser, "account-console-personal-info-" + locale, 1800);
                }
            }
        }
    }

    /** Our own pages; in the suite AccountPageIT checks the German account page for raw keys. */
    @BrowserTest
    @EnabledIfSystemProperty(named = "it.screenshots", matches = ".+")
    void accountPageAndSetupPage() {
        try (TestRealm realm = TestRealm.create()) {
            try (Browser browser = new Browser()) {
                browser.open(realm.apiUrl() + "/setup");
                browser.waitFor(By.tagName("form"));
                assertThat(RAW_KEY.matcher(bodyText(browser)).find()).as(bodyText(browser)).isFalse();
                assertThat(bodyText(browser)).doesNotContain("${");
                screenshot(browser, "setup-page-en", 1000);
            }
            realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            for (String locale : List.of("en", "de")) {
                try (Browser browser = new Browser()) {
                    browser.open(realm.apiUrl() + "/account?kc_locale=" + locale);
                    browser.waitFor(By.id("username"));
                    browser.type(By.id("username"), "ada@example.test").type(By.id("password"), TestRealm.PASSWORD).click(By.id("kc-login"));
                    browser.waitFor(By.id("opsknight-account"));
                    String text = bodyText(browser);
                    assertThat(RAW_KEY.matcher(text).find()).as(text).isFalse();
                    assertThat(text).doesNotContain("${").contains(locale.equals("de") ? "Zeitzone" : "Time zone");
                    screenshot(browser, "account-page-" + locale, 1900);
                }
            }
        }
    }

    /** The consoles speak the signed-in user's language (their {@code locale} attribute, "Select a locale"). */
    private static void setLocale(TestRealm realm, String userId, String locale) {
        org.keycloak.representations.idm.UserRepresentation user = realm.resource().users().get(userId).toRepresentation();
        user.singleAttribute("locale", locale);
        realm.resource().users().get(userId).update(user);
    }

    /** Keycloak's login page of the realm, in the given language. */
    private static void signIn(Browser browser, String username, String locale) {
        browser.waitFor(By.id("username"));
        String url = browser.url();
        browser.open(url + (url.contains("?") ? "&" : "?") + "kc_locale=" + locale);
        browser.waitFor(By.id("username"));
        browser.type(By.id("username"), username).type(By.id("password"), TestRealm.PASSWORD).click(By.id("kc-login"));
    }

    /** Waits until the single-page console rendered the label (the form renders in one pass). */
    private static String waitForText(Browser browser, String label) {
        try {
            new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(60))
                    .until(d -> bodyText(browser).contains(label));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("'" + label + "' not shown at " + browser.url() + ":\n" + bodyText(browser), e);
        }
        return bodyText(browser);
    }

    private static void assertResolved(String text, String locale, String where) {
        Matcher raw = RAW_KEY.matcher(text);
        assertThat(raw.find()).as("%s (%s) shows the raw key %s:%n%s", where, locale, raw.find(0) ? raw.group() : "", text).isFalse();
        assertThat(text).as("%s (%s)", where, locale).doesNotContain("${");
        for (String label : PROFILE_LABELS.get(locale)) {
            assertThat(text).as("%s (%s)", where, locale).contains(label);
        }
    }

    /** The page's visible text (read by script: a single-page console replaces its elements while it renders). */
    private static String bodyText(Browser browser) {
        Object text = ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                .executeScript("return document.body ? document.body.innerText : '';");
        return text == null ? "" : text.toString();
    }

    private static void screenshot(Browser browser, String name, int height) {
        if (SCREENSHOTS.isBlank()) {
            return;
        }
        browser.driver().manage().window().setSize(new Dimension(1280, height));
        try {
            Thread.sleep(1500); // lets the console finish its layout after the resize: only for the picture
            Path dir = Files.createDirectories(Path.of(SCREENSHOTS));
            Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser.driver()).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
