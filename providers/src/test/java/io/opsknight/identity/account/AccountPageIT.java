package io.opsknight.identity.account;

import io.opsknight.identity.testsupport.Browser;
import io.opsknight.identity.testsupport.BrowserTest;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import org.keycloak.representations.idm.UserRepresentation;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.Select;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The account page in Chromium: sign-in through the realm's login page, forms, CSRF, escaping, German. */
@OpsKnightIT
class AccountPageIT {

    private static final String MARKUP_NAME = "<b>Bold</b> & \"Co\"";

    private static void signIn(Browser browser, TestRealm realm, String email, String password) {
        browser.open(realm.apiUrl() + "/account");
        browser.waitFor(By.id("username"));
        assertThat(browser.url()).contains("/protocol/openid-connect/auth").contains("code_challenge_method=S256")
                .contains("client_id=opsknight-account");
        browser.type(By.id("username"), email).type(By.id("password"), password).click(By.id("kc-login"));
        browser.waitFor(By.id("opsknight-account"));
        assertThat(browser.url()).isEqualTo(realm.apiUrl() + "/account");
    }

    /** Clicks a submit button and waits for the next page (the old page's elements go stale). */
    private static void submit(Browser browser, By button) {
        browser.submit(button, By.id("opsknight-account"), java.time.Duration.ofSeconds(30));
    }

    @BrowserTest
    void signInChangeDigestSeeItSavedAndNameIsText() {
        try (TestRealm realm = TestRealm.create(); Browser browser = new Browser()) {
            String id = realm.createUser("ada@example.test", "Ada", "USER");
            signIn(browser, realm, "ada@example.test", TestRealm.PASSWORD);
            browser.type(By.id("name"), MARKUP_NAME);
            submit(browser, By.id("profile-save"));
            // The realm's User Profile refuses markup in a name, with its own message; what was typed
            // comes back as text in the field, not interpreted, and nothing was saved.
            assertThat(browser.source()).contains("Value contains invalid character.").doesNotContain("Your profile was saved.");
            assertThat(browser.driver().findElements(By.cssSelector("#opsknight-account b"))).isEmpty();
            assertThat(browser.driver().findElement(By.id("name")).getAttribute("value")).isEqualTo(MARKUP_NAME);
            assertThat(realm.resource().users().get(id).toRepresentation().getFirstName()).isEqualTo("Ada");
            browser.type(By.id("name"), "Ada Lovelace");
            submit(browser, By.id("profile-save"));
            assertThat(browser.source()).contains("Your profile was saved.");
            assertThat(browser.driver().findElement(By.id("account-user-name")).getText()).isEqualTo("Ada Lovelace");

            new Select(browser.waitFor(By.id("incident_digest"))).selectByValue("ALL");
            submit(browser, By.id("preferences-save"));
            assertThat(browser.source()).contains("Your notification preferences were saved.");

            // Reload: the page reads it back from the user.
            browser.open(realm.apiUrl() + "/account");
            assertThat(new Select(browser.waitFor(By.id("incident_digest"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("ALL");
            UserRepresentation user = realm.resource().users().get(id).toRepresentation();
            assertThat(user.getAttributes().get("incident_digest")).containsExactly("ALL");
        }
    }

    @BrowserTest
    void forgedPostWithoutThePageTokenChangesNothing() {
        try (TestRealm realm = TestRealm.create(); Browser browser = new Browser()) {
            String id = realm.createUser("eve@example.test", "Eve", "USER");
            signIn(browser, realm, "eve@example.test", TestRealm.PASSWORD);

            // A form another site could make: the browser sends its cookies, but the token is missing or wrong.
            for (String csrf : List.of("", "forged-token-value")) {
                ((JavascriptExecutor) browser.driver()).executeScript(
                        "var f=document.createElement('form');f.method='post';f.action=arguments[0];"
                                + "[['csrf',arguments[1]],['name','Mallory'],['phone_number',''],['zoneinfo','UTC']].forEach(function(p){"
                                + "var i=document.createElement('input');i.type='hidden';i.name=p[0];i.value=p[1];f.appendChild(i);});"
                                + "document.body.appendChild(f);f.submit();",
                        realm.apiUrl() + "/account/profile/save", csrf);
                browser.waitFor(By.id("opsknight-account"));
                assertThat(browser.source()).contains("nothing was changed");
            }
            assertThat(realm.resource().users().get(id).toRepresentation().getFirstName()).isEqualTo("Eve");

            // The real form, with the page's token, works.
            browser.type(By.id("name"), "Eve Real");
            submit(browser, By.id("profile-save"));
            assertThat(browser.source()).contains("Your profile was saved.");
            assertThat(realm.resource().users().get(id).toRepresentation().getFirstName()).isEqualTo("Eve Real");
        }
    }

    @BrowserTest
    void changePasswordKeepsThisSessionAndEndsOthers() {
        try (TestRealm realm = TestRealm.create(); Browser browser = new Browser()) {
            realm.createUser("pat@example.test", "Pat", "USER");
            String otherRefresh = realm.login("pat@example.test").refreshToken();
            signIn(browser, realm, "pat@example.test", TestRealm.PASSWORD);

            browser.type(By.id("currentPassword"), "not-my-password")
                    .type(By.id("newPassword"), "Another-Horse-7-Staple")
                    .type(By.id("confirmPassword"), "Another-Horse-7-Staple")
                    ;
            submit(browser, By.id("password-save"));
            assertThat(browser.source()).contains("This is not your current password.");

            browser.type(By.id("currentPassword"), TestRealm.PASSWORD)
                    .type(By.id("newPassword"), "Another-Horse-7-Staple")
                    .type(By.id("confirmPassword"), "Another-Horse-7-Staple")
                    ;
            submit(browser, By.id("password-save"));
            assertThat(browser.source()).contains("Your password was changed.");

            // This browser stays signed in; the other session is gone; the new password works.
            browser.open(realm.apiUrl() + "/account");
            browser.waitFor(By.id("opsknight-account"));
            assertThat(realm.refresh(otherRefresh).status()).isEqualTo(400);
            assertThat(realm.passwordGrant("pat@example.test", "Another-Horse-7-Staple").status()).isEqualTo(200);
            assertThat(realm.passwordGrant("pat@example.test", TestRealm.PASSWORD).status()).isNotEqualTo(200);
        }
    }

    /**
     * Keycloak's own pages of flows without an application (client {@code account}: password-reset links, expired
     * or restarted logins) offer "Back to Application": that is the OpsKnight account page, which signs in.
     */
    @BrowserTest
    void keycloaksBackToApplicationLeadsToTheAccountPage() {
        try (TestRealm realm = TestRealm.create(); Browser browser = new Browser()) {
            realm.createUser("kai@example.test", "Kai", "USER");
            assertThat(realm.resource().clients().findByClientId("account").get(0).getBaseUrl())
                    .isEqualTo("/realms/" + realm.name() + "/opsknight/account");
            // A login step whose browser session is gone: Keycloak's error page for the account client.
            browser.open(realm.url() + "/login-actions/authenticate?client_id=account&tab_id=gone");
            String back = browser.waitFor(By.id("backToApplication")).getAttribute("href");
            assertThat(back).isEqualTo(realm.apiUrl() + "/account");
            browser.click(By.id("backToApplication"));
            browser.waitFor(By.id("username"));
            browser.type(By.id("username"), "kai@example.test").type(By.id("password"), TestRealm.PASSWORD).click(By.id("kc-login"));
            browser.waitFor(By.id("opsknight-account"));
            assertThat(browser.url()).isEqualTo(realm.apiUrl() + "/account");
        }
    }

    @BrowserTest
    void germanPage() {
        try (TestRealm realm = TestRealm.create(); Browser browser = new Browser()) {
            realm.createUser("max@example.test", "Max", "USER");
            browser.open(realm.apiUrl() + "/account?kc_locale=de");
            browser.waitFor(By.id("username"));
            browser.type(By.id("username"), "max@example.test").type(By.id("password"), TestRealm.PASSWORD).click(By.id("kc-login"));
            browser.waitFor(By.id("opsknight-account"));
            assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("de");
            assertThat(browser.source()).contains("Ihr Konto").contains("Benachrichtigungen").contains("Passwort ändern");
            // Every text resolved: no ${key} and no message key shown as such (camelCase like opsknightAccountClient, doLogOut).
            String text = browser.driver().findElement(By.tagName("body")).getText();
            assertThat(text).doesNotContain("${");
            assertThat(java.util.regex.Pattern.compile("\\b[a-z]+[A-Z][A-Za-z]*\\b").matcher(text).results()
                    .map(java.util.regex.MatchResult::group).toList()).as(text).isEmpty();
        }
    }
}
