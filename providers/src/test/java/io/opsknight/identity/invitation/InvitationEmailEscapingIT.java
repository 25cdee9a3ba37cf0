package io.opsknight.identity.invitation;

import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.Mail;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names are text in every part of the invitation email, never markup. A person's name cannot hold markup
 * (the realm's User Profile refuses it, see UserProfileRulesIT); the realm's display name is the
 * operator's free text and goes into the email too.
 */
@OpsKnightIT
class InvitationEmailEscapingIT {

    private static final String MARKUP = "Bob <a href=\"https://evil.example/x\">Click here</a>";

    @Test
    void aNameWithMarkupArrivesAsTextInBothParts() {
        try (Mail mail = new Mail(); TestRealm realm = TestRealm.create(mail)) {
            realm.createUser("esc-admin@example.test", "Eve Admin", "ADMIN");
            RealmRepresentation rep = realm.resource().toRepresentation();
            rep.setDisplayName(MARKUP);
            realm.resource().update(rep);
            Http.Reply reply = realm.apiAs("esc-admin@example.test")
                    .post("/invitations", Map.of("email", "bob@example.test", "name", "Bob", "role", "USER"));
            assertThat(reply.status()).as(reply.toString()).isEqualTo(201);

            InvitationMail email = InvitationMail.of(mail.await(1)[0]);
            assertThat(email.html()).doesNotContain("<a href=\"https://evil.example");
            assertThat(email.html()).contains("Bob &lt;a href=");
            // The real link is still a link.
            assertThat(email.html()).containsPattern("<a href=\"[^\"]*/login-actions/action-token\\?key=");
            // Plain text has no markup to fear: the name as typed.
            assertThat(email.text()).contains(MARKUP);
        }
    }
}
