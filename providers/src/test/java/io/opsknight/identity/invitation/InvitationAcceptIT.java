package io.opsknight.identity.invitation;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Browser;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.Mail;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.Tokens;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;
import org.openqa.selenium.By;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The invited person's side: email, link, accept page, password, signed in. */
@OpsKnightIT
class InvitationAcceptIT {

    static final String ADMIN = "ada@example.test";
    static final String NEW_PASSWORD = "Fresh-Invite-Pass-42";

    @Test
    void invitedPersonAcceptsInChromiumAndIsSignedInWithTheRole() throws Exception {
        try (Mail mail = new Mail(); TestRealm realm = TestRealm.create(mail); Browser browser = new Browser()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            Http.Reply created = realm.apiAs(ADMIN).post("/invitations",
                    Map.of("email", "Rita.Responder@Example.test", "name", "Rita Responder", "role", "RESPONDER"));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            JsonNode invitation = created.json();
            assertThat(invitation.path("emailSent").asBoolean()).isTrue();
            assertThat(invitation.path("status").asText()).isEqualTo("PENDING");
            assertThat(invitation.path("email").asText()).isEqualTo("rita.responder@example.test");

            // The real message, as the SMTP server got it.
            InvitationMail email = InvitationMail.of(mail.await(1)[0]);
            assertThat(email.to()).isEqualTo("rita.responder@example.test");
            assertThat(email.subject()).isEqualTo("Ada Admin invited you to OpsKnight");
            assertThat(email.text()).contains("Hello Rita Responder", "Ada Admin invited you to join OpsKnight as RESPONDER", " UTC");
            assertThat(email.html()).contains("Accept the invitation").contains("href=\"" + email.link() + "\"");
            assertThat(email.link()).isEqualTo(invitation.path("link").asText());

            browser.open(email.link());
            browser.waitFor(By.id("opsknight-accept-invitation-form"));
            assertThat(browser.source()).contains("Join OpsKnight").contains("Ada Admin invited you to OpsKnight");
            assertThat(browser.driver().findElement(By.id("email")).getAttribute("value")).isEqualTo("rita.responder@example.test");
            assertThat(browser.driver().findElement(By.id("email")).getAttribute("readonly")).isNotNull();
            assertThat(browser.driver().findElement(By.id("name")).getAttribute("value")).isEqualTo("Rita Responder");

            // The realm's password policy (length 12) speaks on the page.
            browser.type(By.id("password"), "short").type(By.id("password-confirm"), "short").click(By.id("opsknight-accept"));
            assertThat(browser.waitFor(By.id("input-error-password")).getText()).contains("minimum length 12");
            // Mismatch.
            browser.type(By.id("password"), NEW_PASSWORD).type(By.id("password-confirm"), NEW_PASSWORD + "x").click(By.id("opsknight-accept"));
            assertThat(browser.waitFor(By.id("input-error-password-confirm")).getText()).contains("doesn't match");

            browser.type(By.id("name"), "Rita R. Responder")
                    .type(By.id("password"), NEW_PASSWORD).type(By.id("password-confirm"), NEW_PASSWORD)
                    .click(By.id("opsknight-accept"));
            browser.waitForUrl("/realms/" + realm.name() + "/account");

            // Signed in: another client of the realm gets a code at once, with no login form.
            browser.open(realm.url() + "/protocol/openid-connect/auth?client_id=" + TestRealm.TEST_CLIENT
                    + "&response_type=code&scope=openid&redirect_uri=" + TestRealm.REDIRECT_URI);
            browser.waitForUrl("code=");
            Tokens tokens = exchange(realm, browser.url());
            assertThat(tokens.access().path("opsknight_role").asText()).isEqualTo("RESPONDER");
            assertThat(tokens.access().path("email").asText()).isEqualTo("rita.responder@example.test");
            assertThat(tokens.access().path("email_verified").asBoolean()).isTrue();
            assertThat(tokens.access().path("name").asText()).isEqualTo("Rita R. Responder");

            UserRepresentation user = realm.resource().users().get(invitation.path("userId").asText()).toRepresentation();
            assertThat(user.isEnabled()).isTrue();
            assertThat(user.getAttributes().get("opsknight_status")).containsExactly("ACTIVE");
            assertThat(user.isEmailVerified()).isTrue();
            // And the password works on its own.
            assertThat(realm.passwordGrant("rita.responder@example.test", NEW_PASSWORD).status()).isEqualTo(200);

            JsonNode accepted = realm.apiAs(ADMIN).get("/invitations?status=ACCEPTED").json();
            assertThat(accepted).hasSize(1);
            assertThat(accepted.get(0).path("id").asText()).isEqualTo(invitation.path("id").asText());
            assertThat(accepted.get(0).path("acceptedAt").isNull()).isFalse();

            // The same link again: used.
            browser.open(email.link());
            assertThat(browser.waitFor(By.id("opsknight-invitation-state")).getAttribute("data-state")).isEqualTo("used");
            assertThat(browser.source()).contains("already accepted");
        }
    }

    static Tokens exchange(TestRealm realm, String callbackUrl) {
        String query = URI.create(callbackUrl).getRawQuery();
        String code = List.of(query.split("&")).stream().filter(p -> p.startsWith("code=")).findFirst()
                .map(p -> java.net.URLDecoder.decode(p.substring(5), java.nio.charset.StandardCharsets.UTF_8)).orElseThrow();
        return Tokens.from(Http.form(realm.tokenUrl(), Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", TestRealm.REDIRECT_URI, "client_id", TestRealm.TEST_CLIENT)));
    }
}
