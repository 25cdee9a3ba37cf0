package io.opsknight.identity.users;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON naming rule on the user records: OIDC spelling for claims and attributes, camelCase otherwise. */
class UserJsonTest {

    private static final UserSummary SUMMARY = new UserSummary("u1", "uma@example.test", "Uma", "USER", "INVITED", null, "i1");
    private static final UserDetails DETAILS = new UserDetails(SUMMARY, false, null, false, "UTC", true, false, false, false,
            "HIGH", "2026-11-28T10:00:00Z");

    @Test
    void detailsAreFlatWithOidcNamesAndCamelCase() throws Exception {
        JsonNode json = JsonSerialization.mapper.valueToTree(new Me(DETAILS, List.of("dashboard:view")));
        List<String> names = StreamSupport.stream(((Iterable<String>) json::fieldNames).spliterator(), false).toList();
        assertThat(names).containsExactly("id", "email", "name", "role", "status", "avatar", "invitationId",
                "email_verified", "phone_number", "phone_number_verified", "zoneinfo", "notify_email", "notify_sms",
                "notify_push", "notify_whatsapp", "incident_digest", "createdAt", "permissions");
        // Nulls are written (a cleared phone number reads null), except the invitation id of non-INVITED users.
        assertThat(json.get("avatar").isNull()).isTrue();
        assertThat(json.get("phone_number").isNull()).isTrue();
    }

    @Test
    void onlyInvitedUsersCarryAnInvitationId() {
        UserSummary active = new UserSummary("u2", "a@example.test", "A", "ADMIN", "ACTIVE", "https://x", null);
        JsonNode json = JsonSerialization.mapper.valueToTree(active);
        assertThat(json.has("invitationId")).isFalse();
        assertThat(json.has("avatar")).isTrue();
    }
}
