package io.opsknight.identity.scim;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.Mail;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.PageClient;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.TestServerOptions;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The option invite-realms, per realm: the test server lists one realm ({@link TestServerOptions#SCIM_INVITE_REALM}).
 * There, a person created through SCIM is INVITED and the invitation email goes out through the outbox; the
 * link works, and accepting it makes them ACTIVE with the role of their SCIM group. In any other realm they
 * are ACTIVE with role USER and get no email.
 */
@OpsKnightIT
class ScimInviteIT {

    private static final Pattern LINK = Pattern.compile("https?://\\S+/login-actions/action-token\\?key=[A-Za-z0-9._\\-]+");

    @Test
    void aListedRealmInvitesAndTheRoleIsTheScimGroups() {
        try (Mail mail = new Mail();
             TestRealm other = TestRealm.create(mail);
             TestRealm realm = TestRealm.create(TestServerOptions.SCIM_INVITE_REALM, mail)) {
            // A realm that is not listed: ACTIVE, USER, no email.
            ScimClient otherIdp = ScimClient.connect(other);
            String sam = ScimClient.id(otherIdp.createUser("sam@example.test", "Sam", "Doe", true));
            UserRepresentationCheck.status(other, sam, "ACTIVE");

            realm.createUser("ada@example.test", "Ada Admin", "ADMIN");
            var admin = realm.apiAs("ada@example.test");
            ScimClient idp = ScimClient.connect(realm);
            String responders = ScimClient.id(idp.createGroup("opsknight-responders"));
            String rita = ScimClient.id(idp.createUser("rita@example.test", "Rita", "Ray", true));
            JsonNode invited = admin.get("/users/" + rita).json();
            assertThat(invited.path("status").asText()).isEqualTo("INVITED");
            assertThat(realm.audit("user=" + rita + "&type=user.invited")).hasSize(1);
            // The IdP's group push comes after the user: the role is the group's.
            Http.Reply joined = idp.addMember(responders, rita);
            assertThat(joined.status()).as(joined.toString()).isEqualTo(200);
            assertThat(admin.get("/users/" + rita).json().path("role").asText()).isEqualTo("RESPONDER");
            // INVITED stays INVITED when the IdP says active: only the person accepts.
            Http.Reply activeTrue = idp.setActive(rita, true);
            assertThat(activeTrue.status()).as(activeTrue.toString()).isEqualTo(200);
            assertThat(admin.get("/users/" + rita).json().path("status").asText()).isEqualTo("INVITED");

            MimeMessage[] sent = mail.await(1, 30);
            Mail.Decoded email = Mail.decode(sent[0]);
            assertThat(email.to()).isEqualTo("rita@example.test");
            Matcher link = LINK.matcher(email.text());
            assertThat(link.find()).as(email.text()).isTrue();

            PageClient browser = new PageClient();
            PageClient.Page form = browser.open(link.group());
            assertThat(form.isInvitationForm()).as(form.toString()).isTrue();
            PageClient.Page accepted = browser.acceptInvitation(form, "Rita Ray", TestRealm.PASSWORD, TestRealm.PASSWORD);
            assertThat(accepted.status()).as(accepted.toString()).isBetween(200, 303);

            JsonNode active = admin.get("/users/" + rita).json();
            assertThat(active.path("status").asText()).isEqualTo("ACTIVE");
            assertThat(active.path("role").asText()).isEqualTo("RESPONDER");
            assertThat(realm.passwordGrant("rita@example.test", TestRealm.PASSWORD).status()).isEqualTo(200);
            // Her one name from the accept page (no family name) does not lock the IdP out of her profile.
            Http.Reply later = idp.patch("/Users/" + rita, java.util.Map.of("op", "replace", "path", "timezone", "value", "Europe/Paris"));
            assertThat(later.status()).as(later.toString()).isEqualTo(200);
            assertThat(admin.get("/users/" + rita).json().path("zoneinfo").asText()).isEqualTo("Europe/Paris");
            // Sam's realm sent nothing: Rita's invitation is the only email.
            assertThat(mail.received()).hasSize(1);
        }
    }

    /** Reads a user's OpsKnight status straight from Keycloak (no OpsKnight admin in that realm). */
    private static final class UserRepresentationCheck {
        static void status(TestRealm realm, String id, String status) {
            var user = realm.resource().users().get(id).toRepresentation();
            assertThat(user.getAttributes().get("opsknight_status")).containsExactly(status);
            assertThat(realm.resource().users().get(id).roles().realmLevel().listAll())
                    .extracting(r -> r.getName()).contains("USER");
        }
    }
}
