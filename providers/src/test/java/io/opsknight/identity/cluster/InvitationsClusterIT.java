package io.opsknight.identity.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.KeycloakServer;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.PageClient;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.opsknight.identity.cluster.ClusterNodes.a;
import static io.opsknight.identity.cluster.ClusterNodes.api;
import static io.opsknight.identity.cluster.ClusterNodes.b;
import static io.opsknight.identity.cluster.ClusterNodes.passwordGrant;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An invitation made on node A is accepted through node B, and its link is dead on
 * both nodes after use, resend or revoke.
 * <p>
 * Mechanisms: a link is good only while its OK_INVITATION row is PENDING and carries the link's nonce
 * digest, read from the shared database on every request, and acceptance claims the row with a
 * conditional UPDATE (single use). Nothing about a link is held in a node's memory: were it (a used-link
 * set in a JVM, or Keycloak's single-use store with node-local caches), the link would still open on the
 * other node and these tests fail. The accept form's state lives in Keycloak's authentication session
 * (the distributed {@code authenticationSessions} cache): a form opened on A and posted to B (a load
 * balancer without sticky sessions) fails with node-local caches.
 */
@OpsKnightIT
class InvitationsClusterIT {

    private static final String ADMIN = "ada@example.test";
    private static final String FORM = "opsknight-accept-invitation-form";
    private static final String NEW_PASSWORD = "Invited-Person-Pass-42";

    @Test
    void invitationMadeOnAIsAcceptedThroughBAndItsLinkIsDeadOnBoth() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            JsonNode invitation = invite(realm.apiAs(ADMIN), "nina@example.test", "RESPONDER");
            String link = invitation.path("link").asText();

            PageClient onB = ClusterNodes.browserOn(b());
            PageClient.Page form = onB.open(link);
            assertThat(form.formAction(FORM)).as("accept form on B: %s", form).isNotNull();
            PageClient.Page accepted = accept(onB, form, "Nina");
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(302);

            Http.Reply grant = passwordGrant(b(), realm, "nina@example.test", NEW_PASSWORD);
            assertThat(grant.status()).as(grant.toString()).isEqualTo(200);
            assertThat(Tokens.from(grant).access().path("opsknight_role").asText()).isEqualTo("RESPONDER");
            assertThat(passwordGrant(a(), realm, "nina@example.test", NEW_PASSWORD).status()).isEqualTo(200);

            // Used: dead on both nodes, also for a form opened on A before the acceptance.
            for (KeycloakServer node : List.of(a(), b())) {
                PageClient.Page again = ClusterNodes.browserOn(node).open(link);
                assertThat(again.status()).as("used link on %s: %s", node.baseUrl(), again).isEqualTo(410);
                assertThat(again.invitationState()).isEqualTo("used");
            }
            assertThat(api(b(), realm, Tokens.from(passwordGrant(b(), realm, ADMIN, TestRealm.PASSWORD)).accessToken())
                    .get("/invitations/" + invitation.path("id").asText()).json().path("status").asText()).isEqualTo("ACCEPTED");
        }
    }

    @Test
    void formOpenedOnAIsAcceptedByAPostToB() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            String link = invite(realm.apiAs(ADMIN), "otto@example.test", "USER").path("link").asText();
            PageClient browser = ClusterNodes.browserOn(a());
            PageClient.Page form = browser.open(link);
            assertThat(form.formAction(FORM)).isNotNull();
            // Same cookies, next request lands on B.
            PageClient.Page accepted = browser.switchTo(ClusterNodes.route(b())).submit(form, FORM, acceptFields("Otto"));
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(302);
            assertThat(passwordGrant(a(), realm, "otto@example.test", NEW_PASSWORD).status()).isEqualTo(200);
        }
    }

    @Test
    void resendOnBAndRevokeOnAKillTheLinkOnBothNodes() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            JsonNode invitation = invite(realm.apiAs(ADMIN), "rita@example.test", "USER");
            String id = invitation.path("id").asText();
            String first = invitation.path("link").asText();
            // A tab on A holds the first link's form.
            PageClient oldTab = ClusterNodes.browserOn(a());
            PageClient.Page oldForm = oldTab.open(first);
            assertThat(oldForm.formAction(FORM)).isNotNull();

            Api adminOnB = api(b(), realm, Tokens.from(passwordGrant(b(), realm, ADMIN, TestRealm.PASSWORD)).accessToken());
            Http.Reply resent = adminOnB.post("/invitations/" + id + "/resend", null);
            assertThat(resent.status()).as(resent.toString()).isEqualTo(200);
            String second = resent.json().path("link").asText();
            for (KeycloakServer node : List.of(a(), b())) {
                PageClient.Page page = ClusterNodes.browserOn(node).open(first);
                assertThat(page.status()).as("superseded link on %s", node.baseUrl()).isEqualTo(410);
                assertThat(page.invitationState()).isEqualTo("superseded");
            }
            assertThat(accept(oldTab, oldForm, "Rita").invitationState()).as("old form on A").isEqualTo("superseded");

            // The new link works on both, until the revocation on A.
            PageClient newTab = ClusterNodes.browserOn(b());
            PageClient.Page newForm = newTab.open(second);
            assertThat(newForm.formAction(FORM)).isNotNull();
            assertThat(ClusterNodes.browserOn(a()).open(second).formAction(FORM)).isNotNull();
            assertThat(realm.apiAs(ADMIN).delete("/invitations/" + id).status()).isEqualTo(200);
            for (KeycloakServer node : List.of(a(), b())) {
                PageClient.Page page = ClusterNodes.browserOn(node).open(second);
                assertThat(page.status()).as("revoked link on %s", node.baseUrl()).isEqualTo(410);
                assertThat(page.invitationState()).isEqualTo("revoked");
            }
            assertThat(accept(newTab, newForm, "Rita").invitationState()).as("form opened on B before the revoke").isEqualTo("revoked");
            assertThat(passwordGrant(b(), realm, "rita@example.test", NEW_PASSWORD).status()).isNotEqualTo(200);
        }
    }

    static JsonNode invite(Api api, String email, String role) {
        Http.Reply created = api.post("/invitations", Map.of("email", email, "name", "Invitee", "role", role));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private static PageClient.Page accept(PageClient client, PageClient.Page form, String name) {
        return client.submit(form, FORM, acceptFields(name));
    }

    private static Map<String, String> acceptFields(String name) {
        return Map.of("name", name, "password", NEW_PASSWORD, "password-confirm", NEW_PASSWORD);
    }
}
