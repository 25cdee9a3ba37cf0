package io.opsknight.identity.rest;

import io.opsknight.identity.testsupport.Browser;
import io.opsknight.identity.testsupport.BrowserTest;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/** A person signs in through the realm's login page, which wears our theme. */
@OpsKnightIT
class LoginPageIT {

    @BrowserTest
    void signInThroughThemedLoginPage() {
        try (TestRealm realm = TestRealm.create(); Browser browser = new Browser()) {
            realm.createUser("grace@example.test", "Grace Hopper", "USER");
            browser.open(realm.url() + "/protocol/openid-connect/auth?client_id=" + TestRealm.TEST_CLIENT
                    + "&response_type=code&scope=openid&redirect_uri=" + TestRealm.REDIRECT_URI);

            browser.waitFor(By.id("username"));
            assertThat(browser.source()).contains("/opsknight/css/opsknight.css").contains("Sign in to OpsKnight");

            browser.type(By.id("username"), "grace@example.test")
                    .type(By.id("password"), TestRealm.PASSWORD)
                    .click(By.id("kc-login"));
            browser.waitForUrl("code=");
            assertThat(browser.url()).startsWith(TestRealm.REDIRECT_URI);
        }
    }
}
