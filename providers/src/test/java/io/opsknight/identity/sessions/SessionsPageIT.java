package io.opsknight.identity.sessions;

import io.opsknight.identity.testsupport.Browser;
import io.opsknight.identity.testsupport.BrowserTest;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.Tokens;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.Duration;

import static io.opsknight.identity.sessions.SessionFixtures.FIREFOX_ON_LINUX;
import static org.assertj.core.api.Assertions.assertThat;

/** The Sessions section of the account page in Chromium: list, current marked, Revoke, Revoke all others. */
@OpsKnightIT
class SessionsPageIT {

    private static void submit(Browser browser, By button) {
        browser.submit(button, By.id("opsknight-account"), Duration.ofSeconds(30));
    }

    @BrowserTest
    void personSeesDevicesRevokesOneAndAllOthersAndStaysSignedIn() {
        try (TestRealm realm = TestRealm.create(); Browser browser = new Browser()) {
            realm.createUser("pia@example.test", "Pia Page", "USER");
            Tokens firefox = SessionFixtures.login(realm, "pia@example.test", FIREFOX_ON_LINUX, false);
            Tokens script = SessionFixtures.login(realm, "pia@example.test", null, false);
            String firefoxSid = firefox.access().path("sid").asText();

            browser.open(realm.apiUrl() + "/account");
            browser.waitFor(By.id("username"));
            browser.type(By.id("username"), "pia@example.test").type(By.id("password"), TestRealm.PASSWORD).click(By.id("kc-login"));
            browser.waitFor(By.id("opsknight-sessions"));

            assertThat(browser.driver().findElements(By.cssSelector("#opsknight-sessions tbody tr"))).hasSize(3);
            WebElement current = browser.driver().findElement(By.cssSelector("tr.opsknight-session-current"));
            assertThat(current.getText()).contains("This session").contains("Chrome");
            assertThat(current.findElements(By.tagName("button"))).as("no Revoke on the current row").isEmpty();
            WebElement firefoxRow = browser.driver().findElement(By.cssSelector("tr[data-session-id='" + firefoxSid + "']"));
            assertThat(firefoxRow.getText()).contains("Firefox 121").contains("Linux").contains(TestRealm.TEST_CLIENT);

            submit(browser, By.cssSelector("tr[data-session-id='" + firefoxSid + "'] button"));
            assertThat(browser.source()).contains("The session was revoked; that device is signed out.");
            assertThat(realm.refresh(firefox.refreshToken()).status()).isEqualTo(400);
            assertThat(browser.driver().findElements(By.cssSelector("tr[data-session-id='" + firefoxSid + "']"))).isEmpty();
            assertThat(realm.refresh(script.refreshToken()).status()).isEqualTo(200);

            submit(browser, By.id("opsknight-sessions-revoke-others"));
            assertThat(browser.source()).contains("Revoked 1 other session(s)");
            assertThat(realm.refresh(script.refreshToken()).status()).isEqualTo(400);
            assertThat(browser.driver().findElements(By.cssSelector("#opsknight-sessions tbody tr"))).hasSize(1);
            assertThat(browser.driver().findElement(By.id("opsknight-sessions-no-others")).isDisplayed()).isTrue();

            // Still signed in: the page opens again without a login.
            browser.open(realm.apiUrl() + "/account");
            browser.waitFor(By.cssSelector("tr.opsknight-session-current"));
        }
    }
}
