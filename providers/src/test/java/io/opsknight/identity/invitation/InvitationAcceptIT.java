package io.opsknight.identity.invitation;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Browser;
import io.opsknight.identity.testsupport.BrowserTest;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.Mail;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.PageClient;
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
    static final String ACCEPT_FORM = "opsknight-accept-invitation-form";

    @BrowserTest
    void invitedPersonAcceptsInChromiumAndIsSignedInWithTheRole() throws Exception {
        try (Mail mail = new Mail(); TestRealm realm = TestRealm.create(mail); Browser browser = new Browser()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            Http.Reply created = realm.apiAs(ADMIN).post("/invitations",
                    Map.of("email", "Rita.Responder@Example.test", "name", "Rita Responder", "role", "RESPONDER"));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            JsonNode invitation = created.json();
            assertThat(invitation.path("delivery").path("status").asText()).isEqualTo("PENDING");
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
            // Lands in the OpsKnight web app of the realm (client opsknight-web; nothing listens there in tests).
            browser.waitForUrl("localhost:3000");

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
            assertThat(accepted.get(0).path("acceptedAt").isTextual()).isTrue();

            // The same link again: used.
            browser.open(email.link());
            assertThat(browser.waitFor(By.id("opsknight-invitation-state")).getAttribute("data-state")).isEqualTo("used");
            assertThat(browser.source()).contains("already accepted");
            // Its sign-in link is the OpsKnight account page (which sends through the realm's login page).
            assertThat(browser.driver().findElement(By.id("opsknight-sign-in")).getAttribute("href"))
                    .isEqualTo(realm.apiUrl() + "/account");
        }
    }

    @Test
    void tamperedLinkIsRefused() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            String link = invite(realm, "tamper@example.test").path("link").asText();
            // Flip one character inside the signature (not the last one: its low bits are base64 padding,
            // so changing it may decode to the same signature).
            int at = link.length() - 10;
            char c = link.charAt(at);
            String tampered = link.substring(0, at) + (c == 'A' ? 'B' : 'A') + link.substring(at + 1);
            PageClient client = new PageClient();
            PageClient.Page page = client.open(tampered);
            assertThat(page.status()).isEqualTo(400);
            assertThat(page.body()).contains("This invitation link is not valid");
            assertThat(page.hasForm(ACCEPT_FORM)).isFalse();

            // A form post carrying a tampered key is refused too, and activates nobody.
            PageClient.Page form = client.open(link);
            assertThat(form.hasForm(ACCEPT_FORM)).as(form.toString()).isTrue();
            Map<String, String> fields = new java.util.HashMap<>(form.hidden());
            String key = fields.get("key");
            int k = key.length() - 10;
            fields.put("key", key.substring(0, k) + (key.charAt(k) == 'x' ? 'y' : 'x') + key.substring(k + 1));
            fields.put("name", "T");
            fields.put("password", NEW_PASSWORD);
            fields.put("password-confirm", NEW_PASSWORD);
            PageClient.Page refused = client.post(form.formAction(ACCEPT_FORM), fields);
            assertThat(refused.invitationState()).as(refused.toString()).isEqualTo("unknown");
            assertThat(realm.passwordGrant("tamper@example.test", NEW_PASSWORD).status()).isNotEqualTo(200);
        }
    }

    @Test
    void expiredLinkSaysSoAndAskForAResend() throws Exception {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            InvitationsIT.setLifespanOverride(realm, "2");
            String link = invite(realm, "slow@example.test").path("link").asText();
            PageClient client = new PageClient();
            PageClient.Page form = client.open(link);
            assertThat(form.hasForm(ACCEPT_FORM)).as(form.toString()).isTrue();
            Thread.sleep(3000);
            PageClient.Page page = client.open(link);
            assertThat(page.status()).isEqualTo(410);
            assertThat(page.invitationState()).isEqualTo("expired");
            assertThat(page.body()).contains("has expired").contains("resend");
            // A form opened before the expiry cannot be submitted after it.
            PageClient.Page late = accept(client, form, "Slow", NEW_PASSWORD, NEW_PASSWORD);
            assertThat(late.invitationState()).as(late.toString()).isEqualTo("expired");
            assertThat(realm.passwordGrant("slow@example.test", NEW_PASSWORD).status()).isNotEqualTo(200);
        }
    }

    @Test
    void resendSupersedesEveryEarlierLink() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            JsonNode invitation = invite(realm, "twice@example.test");
            String first = invitation.path("link").asText();
            PageClient oldTab = new PageClient();
            PageClient.Page oldForm = oldTab.open(first);
            assertThat(oldForm.hasForm(ACCEPT_FORM)).isTrue();

            String second = realm.apiAs(ADMIN).post("/invitations/" + invitation.path("id").asText() + "/resend", null).json().path("link").asText();
            String third = realm.apiAs(ADMIN).post("/invitations/" + invitation.path("id").asText() + "/resend", null).json().path("link").asText();

            for (String link : List.of(first, second)) {
                PageClient.Page page = new PageClient().open(link);
                assertThat(page.status()).isEqualTo(410);
                assertThat(page.invitationState()).isEqualTo("superseded");
                assertThat(page.body()).contains("replaced by a newer one");
            }
            // The form of the first link, opened before the resend, is dead as well.
            PageClient.Page stale = accept(oldTab, oldForm, "Twice", NEW_PASSWORD, NEW_PASSWORD);
            assertThat(stale.invitationState()).as(stale.toString()).isEqualTo("superseded");

            PageClient current = new PageClient();
            PageClient.Page form = current.open(third);
            assertThat(form.hasForm(ACCEPT_FORM)).isTrue();
            assertThat(accept(current, form, "Twice", NEW_PASSWORD, NEW_PASSWORD).status()).isEqualTo(302);
        }
    }

    @Test
    void theInvitedPersonGetsTheRoleTheyHoldWhenAcceptingNotTheOneFirstWritten() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            JsonNode invitation = realm.apiAs(ADMIN).post("/invitations",
                    Map.of("email", "changed@example.test", "name", "Changed", "role", "ADMIN")).json();
            String userId = invitation.path("userId").asText();
            // Invited as ADMIN, changed to USER while the invitation is pending.
            assertThat(realm.apiAs(ADMIN).put("/users/" + userId + "/role", Map.of("role", "USER")).status()).isEqualTo(200);

            PageClient client = new PageClient();
            PageClient.Page form = client.open(invitation.path("link").asText());
            assertThat(accept(client, form, "Changed", NEW_PASSWORD, NEW_PASSWORD).status()).isEqualTo(302);

            Http.Reply grant = realm.passwordGrant("changed@example.test", NEW_PASSWORD);
            assertThat(grant.status()).as(grant.toString()).isEqualTo(200);
            assertThat(Tokens.from(grant).access().path("opsknight_role").asText()).isEqualTo("USER");
        }
    }

    @Test
    void revokedLinkSaysSo() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            JsonNode invitation = invite(realm, "revoked@example.test");
            PageClient client = new PageClient();
            PageClient.Page form = client.open(invitation.path("link").asText());
            assertThat(realm.apiAs(ADMIN).delete("/invitations/" + invitation.path("id").asText()).status()).isEqualTo(200);

            PageClient.Page page = new PageClient().open(invitation.path("link").asText());
            assertThat(page.status()).isEqualTo(410);
            assertThat(page.invitationState()).isEqualTo("revoked");
            assertThat(page.body()).contains("withdrew this invitation");
            assertThat(accept(client, form, "Revoked", NEW_PASSWORD, NEW_PASSWORD).invitationState()).isEqualTo("revoked");
            assertThat(realm.resource().users().search("revoked@example.test", true)).isEmpty();
        }
    }

    @Test
    void twoConcurrentAcceptsOfOneLinkExactlyOneWins() throws Exception {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            String link = invite(realm, "race@example.test").path("link").asText();
            PageClient a = new PageClient();
            PageClient b = new PageClient();
            PageClient.Page formA = a.open(link);
            PageClient.Page formB = b.open(link);
            assertThat(formA.hasForm(ACCEPT_FORM)).isTrue();
            assertThat(formB.hasForm(ACCEPT_FORM)).isTrue();

            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var first = pool.submit(() -> { start.await(); return accept(a, formA, "Racer A", NEW_PASSWORD, NEW_PASSWORD); });
                var second = pool.submit(() -> { start.await(); return accept(b, formB, "Racer B", "Other-Racer-Pass-77", "Other-Racer-Pass-77"); });
                start.countDown();
                List<PageClient.Page> results = List.of(first.get(), second.get());
                assertThat(results).as(results.toString()).filteredOn(p -> p.status() == 302).hasSize(1);
                assertThat(results).as(results.toString()).filteredOn(p -> "used".equals(p.invitationState())).hasSize(1);
                boolean aWon = results.get(0).status() == 302;
                // The winner's password is the one that works.
                assertThat(realm.passwordGrant("race@example.test", aWon ? NEW_PASSWORD : "Other-Racer-Pass-77").status()).isEqualTo(200);
                assertThat(realm.passwordGrant("race@example.test", aWon ? "Other-Racer-Pass-77" : NEW_PASSWORD).status()).isNotEqualTo(200);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void formPostNeedsTheBrowserThatOpenedTheLink() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            String link = invite(realm, "csrf@example.test").path("link").asText();
            PageClient.Page form = new PageClient().open(link);
            // Another cookie jar (a forged cross-site post would not have the authentication session).
            PageClient.Page forged = accept(new PageClient(), form, "Forged", NEW_PASSWORD, NEW_PASSWORD);
            assertThat(forged.status()).isEqualTo(400);
            assertThat(forged.invitationState()).isEqualTo("page-expired");
            assertThat(realm.passwordGrant("csrf@example.test", NEW_PASSWORD).status()).isNotEqualTo(200);
        }
    }

    @Test
    void nameIsRequiredOnThePage() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            String link = invite(realm, "noname@example.test").path("link").asText();
            PageClient client = new PageClient();
            PageClient.Page form = client.open(link);
            PageClient.Page again = accept(client, form, "   ", NEW_PASSWORD, NEW_PASSWORD);
            assertThat(again.status()).isEqualTo(400);
            assertThat(again.hasForm(ACCEPT_FORM)).isTrue();
            assertThat(again.body()).contains("id=\"input-error-name\"").contains("Enter your name");
            // Still usable afterwards.
            assertThat(accept(client, again, "Named Now", NEW_PASSWORD, NEW_PASSWORD).status()).isEqualTo(302);
        }
    }

    static JsonNode invite(TestRealm realm, String email) {
        Http.Reply reply = realm.apiAs(ADMIN).post("/invitations", Map.of("email", email, "name", "Invitee", "role", "USER"));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json();
    }

    static Tokens exchange(TestRealm realm, String callbackUrl) {
        String query = URI.create(callbackUrl).getRawQuery();
        String code = List.of(query.split("&")).stream().filter(p -> p.startsWith("code=")).findFirst()
                .map(p -> java.net.URLDecoder.decode(p.substring(5), java.nio.charset.StandardCharsets.UTF_8)).orElseThrow();
        return Tokens.from(Http.form(realm.tokenUrl(), Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", TestRealm.REDIRECT_URI, "client_id", TestRealm.TEST_CLIENT)));
    }

    /** Posts the accept form with a name and the password twice. */
    static PageClient.Page accept(PageClient client, PageClient.Page form, String name, String password, String confirm) {
        return client.submit(form, ACCEPT_FORM, Map.of("name", name, "password", password, "password-confirm", confirm));
    }
}
