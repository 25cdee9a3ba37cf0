package io.opsknight.identity.apitoken;

import io.opsknight.identity.testsupport.Browser;
import io.opsknight.identity.testsupport.BrowserTest;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.Tokens;
import org.openqa.selenium.By;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An admin creates a token on the account page, a script trades it, and after revocation it is refused. */
@OpsKnightIT
class ApiTokenAccountPageIT {

    @BrowserTest
    void adminCreatesOnThePageAScriptExchangesItAndRevokingEndsIt() {
        try (TestRealm realm = TestRealm.create(); Browser browser = new Browser()) {
            realm.createUser("ops-admin@example.test", "Ops Admin", "ADMIN");
            browser.open(realm.apiUrl() + "/account");
            browser.waitFor(By.id("username"));
            browser.type(By.id("username"), "ops-admin@example.test").type(By.id("password"), TestRealm.PASSWORD).click(By.id("kc-login"));
            browser.waitFor(By.id("opsknight-account"));

            browser.type(By.id("apiTokenName"), "deploy <bot>").click(By.id("api-token-create-submit"));
            String token = browser.waitFor(By.id("api-token-value")).getText().strip();
            assertThat(token).startsWith("okp_");
            assertThat(browser.driver().findElement(By.id("api-token-warning")).isDisplayed()).isTrue();
            assertThat(browser.driver().findElement(By.id("api-token-list")).getText()).contains("deploy <bot>");

            // One curl: the token for a short-lived access token, which the API takes.
            Http.Reply exchanged = Http.form(realm.tokenUrl(), Map.of("grant_type", "urn:opsknight:params:oauth:grant-type:api-token",
                    "client_id", "opsknight-api", "api_token", token));
            assertThat(exchanged.status()).as(exchanged.toString()).isEqualTo(200);
            assertThat(realm.api(Tokens.from(exchanged).accessToken()).get("/me").status()).isEqualTo(200);

            // Shown once: a reload does not show it again.
            browser.open(realm.apiUrl() + "/account");
            browser.waitFor(By.id("api-token-list"));
            assertThat(browser.source()).doesNotContain(token);

            browser.click(By.cssSelector("#api-token-list form button[type=submit]"));
            // Wait for the answer to the revoke post, not the page it was sent from.
            new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(30))
                    .until(d -> d.getPageSource().contains("The token was revoked"));
            Http.Reply refused = Http.form(realm.tokenUrl(), Map.of("grant_type", "urn:opsknight:params:oauth:grant-type:api-token",
                    "client_id", "opsknight-api", "api_token", token));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().path("error").asText()).isEqualTo("invalid_grant");
        }
    }

    @BrowserTest
    void nonAdminsDoNotSeeTheSection() {
        try (TestRealm realm = TestRealm.create(); Browser browser = new Browser()) {
            realm.createUser("ops-user@example.test", "Ops User", "USER");
            browser.open(realm.apiUrl() + "/account");
            browser.waitFor(By.id("username"));
            browser.type(By.id("username"), "ops-user@example.test").type(By.id("password"), TestRealm.PASSWORD).click(By.id("kc-login"));
            browser.waitFor(By.id("opsknight-account"));
            assertThat(browser.driver().findElements(By.id("api-token-create"))).isEmpty();
        }
    }
}
