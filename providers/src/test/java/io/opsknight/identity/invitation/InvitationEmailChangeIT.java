package io.opsknight.identity.invitation;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.PageClient;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.Mail;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.opsknight.identity.invitation.InvitationsIT.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admin invites a typo'd address, then fixes the email of the INVITED person: the invitation follows
 * the person (it belongs to the user id), the link mailed to the typo'd address dies, and a new one goes
 * to the corrected address; through our API and through Keycloak's admin API (the console) alike.
 */
@OpsKnightIT
class InvitationEmailChangeIT {

    static final String ADMIN = "ada@example.test";
    static final String TYPO = "bob@exmaple.test";
    static final String FIXED = "bob@example.test";

    @Test
    void fixingTheEmailThroughOurApiSupersedesTheInvitation() throws Exception {
        try (Mail mail = new Mail(); TestRealm realm = TestRealm.create(mail)) {
            Invited bob = Invited.atTypo(realm, mail);
            Api api = bob.api();

            Http.Reply fixed = api.put("/users/" + bob.userId() + "/profile", Map.of("email", FIXED));
            assertThat(fixed.status()).as(fixed.toString()).isEqualTo(200);

            assertSuperseded(realm, mail, bob);
            // One invitation per person: the corrected address is already invited.
            InvitationsIT.assertError(api.post("/invitations", body(FIXED, "Bob", "ADMIN")), 409, "invitation_pending");
            // The typo'd address holds nothing any more: inviting it makes a new person.
            Http.Reply other = api.post("/invitations", body(TYPO, "Someone Else", "USER"));
            assertThat(other.status()).as(other.toString()).isEqualTo(201);
            assertThat(other.json().path("userId").asText()).isNotEqualTo(bob.userId());

            acceptAndCheck(realm, mail, bob);
        }
    }

    @Test
    void fixingTheEmailInTheKeycloakConsoleSupersedesTheInvitation() throws Exception {
        try (Mail mail = new Mail(); TestRealm realm = TestRealm.create(mail)) {
            Invited bob = Invited.atTypo(realm, mail);

            UserRepresentation rep = realm.resource().users().get(bob.userId()).toRepresentation();
            rep.setEmail(FIXED);
            realm.resource().users().get(bob.userId()).update(rep);

            assertSuperseded(realm, mail, bob);
            acceptAndCheck(realm, mail, bob);
        }
    }

    /** Ada (ADMIN) invited Bob at the typo'd address, and the invitation email went out. */
    private record Invited(Api api, String userId, String invitationId, String typoLink) {

        static Invited atTypo(TestRealm realm, Mail mail) throws Exception {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            Api api = realm.apiAs(ADMIN);
            JsonNode invited = api.post("/invitations", body(TYPO, "Bob", "ADMIN")).json();
            assertThat(mail.await(1)).hasSize(1);
            return new Invited(api, invited.path("userId").asText(), invited.path("id").asText(), invited.path("link").asText());
        }
    }

    /** The old link is dead, the invitation names the new address, and a new link went there, audited. */
    private static void assertSuperseded(TestRealm realm, Mail mail, Invited bob) {
        PageClient.Page stale = new PageClient().open(bob.typoLink());
        assertThat(stale.isInvitationForm()).as(stale.toString()).isFalse();
        assertThat(stale.invitationState()).isEqualTo("superseded");

        JsonNode invitation = bob.api().get("/invitations/" + bob.invitationId()).json();
        assertThat(invitation.path("email").asText()).isEqualTo(FIXED);
        assertThat(invitation.path("status").asText()).isEqualTo("PENDING");

        MimeMessage[] sent = mail.await(2);
        InvitationMail second = InvitationMail.of(sent[1]);
        assertThat(second.to()).isEqualTo(FIXED);
        List<JsonNode> resent = realm.audit("user=" + bob.userId() + "&type=user.invite.resent");
        assertThat(resent).hasSize(1);
        assertThat(resent.get(0).path("details").path("reason").asText()).isEqualTo("email_changed");
        assertThat(resent.get(0).path("details").path("previousEmail").asText()).isEqualTo(TYPO);
    }

    /** The new link makes Bob an ACTIVE ADMIN of the corrected address; the invitation can no longer be revoked. */
    private static void acceptAndCheck(TestRealm realm, Mail mail, Invited bob) {
        String link = Arrays.stream(mail.received()).map(InvitationMail::of).filter(m -> m.to().equals(FIXED))
                .reduce((first, last) -> last).orElseThrow().link();
        PageClient browser = new PageClient();
        PageClient.Page page = browser.open(link);
        assertThat(page.isInvitationForm()).as(page.toString()).isTrue();
        PageClient.Page done = browser.acceptInvitation(page, "Bob", InvitationAcceptIT.NEW_PASSWORD, InvitationAcceptIT.NEW_PASSWORD);
        assertThat(done.status()).as(done.toString()).isEqualTo(302);
        assertThat(realm.passwordGrant(FIXED, InvitationAcceptIT.NEW_PASSWORD).status()).isEqualTo(200);

        InvitationsIT.assertError(bob.api().delete("/invitations/" + bob.invitationId()), 409, "not_revocable");
        UserRepresentation user = realm.resource().users().get(bob.userId()).toRepresentation();
        assertThat(user.getEmail()).isEqualTo(FIXED);
        assertThat(user.isEmailVerified()).isTrue();
    }
}
