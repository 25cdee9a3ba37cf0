package io.opsknight.identity.lifecycle;

import io.opsknight.identity.testsupport.Browser;
import io.opsknight.identity.testsupport.BrowserTest;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person who is not ACTIVE learns why at sign-in, but only after a correct password: someone
 * guessing addresses learns nothing beyond what Keycloak itself shows for disabled accounts.
 */
@OpsKnightIT
class StatusLoginIT {

    @Test
    void directGrantSaysInvitedOrDeactivatedOnlyAfterTheCorrectPassword() throws InterruptedException {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            String leaverId = realm.createUser("lee@example.test", "Lee Leaver", "USER");
            LifecycleFixtures.invitedUser(realm, "ivy@example.test", "Ivy Invited", "USER");
            assertThat(realm.apiAs("ada@example.test").post("/users/" + leaverId + "/deactivate", null).status()).isEqualTo(200);

            Http.Reply invited = realm.passwordGrant("ivy@example.test", TestRealm.PASSWORD);
            assertThat(invited.status()).isEqualTo(400);
            assertThat(invited.json().path("error").asText()).isEqualTo("invalid_grant");
            assertThat(invited.json().path("error_description").asText()).contains("not activated").contains("invitation");

            Http.Reply deactivated = realm.passwordGrant("lee@example.test", TestRealm.PASSWORD);
            assertThat(deactivated.status()).isEqualTo(400);
            assertThat(deactivated.json().path("error_description").asText()).contains("deactivated").contains("admin");

            for (String email : new String[]{"ivy@example.test", "lee@example.test", "nobody@example.test"}) {
                Http.Reply wrong = realm.passwordGrant(email, "Wrong-Password-123");
                assertThat(wrong.status()).isEqualTo(400);
                assertThat(wrong.json().path("error_description").asText()).as(email).isEqualTo("Invalid user credentials");
            }
            assertThat(realm.passwordGrant("ada@example.test", TestRealm.PASSWORD).status()).isEqualTo(200);
            // The wrong guesses at disabled accounts count for brute-force protection like any other.
            // (Keycloak records failures asynchronously: poll briefly.)
            Object failures = null;
            for (int i = 0; i < 50 && !Integer.valueOf(1).equals(failures); i++) {
                failures = realm.resource().attackDetection().bruteForceUserStatus(leaverId).get("numFailures");
                Thread.sleep(100);
            }
            assertThat(failures).isEqualTo(1);
        }
    }

    @BrowserTest
    void browserLoginShowsTheDeactivatedAndTheInvitedPage() {
        try (TestRealm realm = TestRealm.create(); Browser browser = new Browser()) {
            realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            String leaverId = realm.createUser("lee@example.test", "Lee Leaver", "USER");
            LifecycleFixtures.invitedUser(realm, "ivy@example.test", "Ivy Invited", "USER");
            assertThat(realm.apiAs("ada@example.test").post("/users/" + leaverId + "/deactivate", null).status()).isEqualTo(200);

            // A wrong password gives the ordinary error, not the status page.
            signIn(browser, realm, "lee@example.test", "Wrong-Password-123");
            browser.waitFor(By.cssSelector("[id^=input-error-]"));
            assertThat(browser.driver().findElements(By.id("opsknight-account-status"))).isEmpty();
            assertThat(browser.source()).doesNotContain("deactivated");

            signIn(browser, realm, "lee@example.test", TestRealm.PASSWORD);
            WebElement page = browser.waitFor(By.id("opsknight-account-status"));
            assertThat(page.getAttribute("data-status")).isEqualTo("DISABLED");
            assertThat(page.getText()).contains("deactivated").contains("contact your admin");
            assertThat(browser.driver().getTitle() + browser.source()).contains("Your account is deactivated");
            assertThat(browser.url()).doesNotContain("code=");

            // Back to sign in, then the invited person.
            browser.click(By.id("opsknight-back-to-login"));
            browser.waitFor(By.id("username"));
            signIn(browser, realm, "ivy@example.test", TestRealm.PASSWORD);
            page = browser.waitFor(By.id("opsknight-account-status"));
            assertThat(page.getAttribute("data-status")).isEqualTo("INVITED");
            assertThat(page.getText()).contains("invitation link").contains("resend");
            assertThat(browser.url()).doesNotContain("code=");

            // An ACTIVE user still signs in through the same flow.
            browser.click(By.id("opsknight-back-to-login"));
            browser.waitFor(By.id("username"));
            signIn(browser, realm, "ada@example.test", TestRealm.PASSWORD);
            browser.waitForUrl("code=");
        }
    }

    private static void signIn(Browser browser, TestRealm realm, String email, String password) {
        if (browser.driver().findElements(By.id("username")).isEmpty()) {
            browser.open(realm.url() + "/protocol/openid-connect/auth?client_id=" + TestRealm.TEST_CLIENT
                    + "&response_type=code&scope=openid&redirect_uri=" + TestRealm.REDIRECT_URI);
        }
        browser.type(By.id("username"), email).type(By.id("password"), password).click(By.id("kc-login"));
    }
}
