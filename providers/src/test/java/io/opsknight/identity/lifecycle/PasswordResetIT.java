package io.opsknight.identity.lifecycle;

import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.Browser;
import io.opsknight.identity.testsupport.BrowserTest;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.Mail;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.Tokens;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** "Contact your admin to reset your password": the admin sends Keycloak's update-password email. */
@OpsKnightIT
class PasswordResetIT {

    @BrowserTest
    void adminSendsTheUpdatePasswordEmailToAnActiveUser() throws Exception {
        try (Mail mail = new Mail(); TestRealm realm = TestRealm.create(mail)) {
            realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            String uma = realm.createUser("uma@example.test", "Uma User", "USER");
            String ivy = LifecycleFixtures.invitedUser(realm, "ivy@example.test", "Ivy Invited", "USER");
            String dan = realm.createUser("dan@example.test", "Dan Deactivated", "USER");
            Api admin = realm.apiAs("ada@example.test");
            assertThat(admin.post("/users/" + dan + "/deactivate", null).status()).isEqualTo(200);

            Http.Reply sent = admin.post("/users/" + uma + "/password-reset", null);
            assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
            assertThat(sent.json().path("email").asText()).isEqualTo("uma@example.test");

            MimeMessage[] messages = mail.await(1);
            assertThat(messages[0].getAllRecipients()[0].toString()).isEqualTo("uma@example.test");
            String body = bodyOf(messages[0]);
            Matcher link = Pattern.compile("(http://[^\\s\"<>]+/login-actions/action-token\\?key=[A-Za-z0-9._\\-]+)").matcher(body);
            assertThat(link.find()).as(body).isTrue();
            assertThat(link.group(1)).startsWith(realm.url());
            // Uma follows the link, sets a new password, and signs in with it; the old one stops working.
            String newPassword = "Fresh-Passw0rd-" + uma.substring(0, 8);
            try (Browser browser = new Browser()) {
                browser.open(link.group(1).replace("&amp;", "&"));
                // Keycloak first names the action ("Update Password") and asks to proceed.
                browser.click(By.partialLinkText("proceed"));
                browser.type(By.id("password-new"), newPassword)
                        .type(By.id("password-confirm"), newPassword)
                        .click(By.cssSelector("form [type=submit]"));
                browser.waitFor(By.xpath("//*[contains(text(), 'Your account has been updated')]"));
            }
            assertThat(realm.passwordGrant("uma@example.test", newPassword).status()).isEqualTo(200);
            Http.Reply old = realm.passwordGrant("uma@example.test", TestRealm.PASSWORD);
            assertThat(old.status()).as(old.toString()).isNotEqualTo(200);
            assertThat(old.json().path("error").asText()).isEqualTo("invalid_grant");

            Http.Reply invited = admin.post("/users/" + ivy + "/password-reset", null);
            assertThat(invited.status()).isEqualTo(409);
            assertThat(invited.json().path("message").asText()).contains("INVITED");
            Http.Reply disabled = admin.post("/users/" + dan + "/password-reset", null);
            assertThat(disabled.status()).isEqualTo(409);
            assertThat(disabled.json().path("message").asText()).contains("DISABLED");
            // Uma (now with her new password) may not send resets herself.
            Api asUma = realm.api(Tokens.from(realm.passwordGrant("uma@example.test", newPassword)).accessToken());
            assertThat(asUma.post("/users/" + uma + "/password-reset", null).status()).isEqualTo(403);
            assertThat(mail.received()).hasSize(1);
        }
    }

    @Test
    void unreachableMailServerIsA503NotA500() {
        Mail mail = new Mail();
        try (TestRealm realm = TestRealm.create(mail)) {
            mail.close(); // the realm's SMTP port now refuses connections
            realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            String uma = realm.createUser("uma@example.test", "Uma User", "USER");
            Http.Reply reply = realm.apiAs("ada@example.test").post("/users/" + uma + "/password-reset", null);
            assertThat(reply.status()).as(reply.toString()).isEqualTo(503);
            assertThat(reply.json().path("error").asText()).isEqualTo("email_failed");
        }
    }

    private static String bodyOf(MimeMessage message) throws Exception {
        Object content = message.getContent();
        if (content instanceof jakarta.mail.Multipart multipart) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                text.append(multipart.getBodyPart(i).getContent());
            }
            return text.toString();
        }
        return String.valueOf(content);
    }
}
