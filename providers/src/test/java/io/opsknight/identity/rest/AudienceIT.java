package io.opsknight.identity.rest;

import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.Tokens;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The API takes only access tokens meant for it: 'opsknight' in aud. */
@OpsKnightIT
class AudienceIT {

    private static final String ADMIN = "aud-admin@example.test";

    @Test
    void aTokenOfAClientOutsideOpsKnightsScopeIsRefusedWhateverTheUsersRole() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Aud Admin", "ADMIN");

            // The test client has full scope: its tokens carry the OpsKnight roles and so aud 'opsknight'.
            Tokens ours = realm.login(ADMIN);
            assertThat(Tokens.claims(ours.accessToken()).path("aud").toString()).contains("\"opsknight\"");
            assertThat(realm.api(ours.accessToken()).get("/me").status()).isEqualTo(200);

            // An operator keeps a client out by limiting its scope: no full scope, no OpsKnight roles.
            ClientRepresentation other = new ClientRepresentation();
            other.setClientId("wiki");
            other.setPublicClient(true);
            other.setDirectAccessGrantsEnabled(true);
            other.setFullScopeAllowed(false);
            TestRealm.idOf(realm.resource().clients().create(other));
            Http.Reply grant = Http.form(realm.tokenUrl(), Map.of("grant_type", "password", "client_id", "wiki",
                    "username", ADMIN, "password", TestRealm.PASSWORD, "scope", "openid"));
            assertThat(grant.status()).as(grant.toString()).isEqualTo(200);
            String wikiToken = Tokens.from(grant).accessToken();
            assertThat(Tokens.claims(wikiToken).path("aud").toString()).doesNotContain("\"opsknight\"");

            Http.Reply refused = realm.api(wikiToken).get("/me");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json().path("message").asText()).contains("not meant for OpsKnight");
            // An admin's token of that client cannot change anything either.
            assertThat(realm.api(wikiToken).post("/invitations",
                    Map.of("email", "x@example.test", "name", "X", "role", "USER")).status()).isEqualTo(401);
        }
    }
}
