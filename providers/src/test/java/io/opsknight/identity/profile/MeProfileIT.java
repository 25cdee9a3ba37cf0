package io.opsknight.identity.profile;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Admin;
import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.KeycloakServer;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.Tokens;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** /me profile, preferences and password; claims at the next refresh; the consoles' labels. */
@OpsKnightIT
class MeProfileIT {

    /**
     * The phone rules hold on Keycloak's own paths too: the admin API (and so the admin console) cannot set a
     * number (it would keep the old number's "verified") nor switch SMS on without a verified number. The
     * realm's User Profile makes these attributes read-only there; our API and page verify them.
     */
    @Test
    void keycloaksAdminApiCannotBypassThePhoneRules() {
        try (TestRealm realm = TestRealm.create()) {
            String id = realm.createUser("pr-phone@example.test", "Phone Rules", "USER");
            for (Map.Entry<String, String> change : Map.of("phone_number", "+14155550199", "notify_sms", "true",
                    "notify_whatsapp", "true").entrySet()) {
                UserRepresentation rep = realm.resource().users().get(id).toRepresentation();
                rep.singleAttribute(change.getKey(), change.getValue());
                try {
                    realm.resource().users().get(id).update(rep);
                } catch (jakarta.ws.rs.BadRequestException expected) {
                    // Keycloak refuses a change of a read-only attribute
                }
                UserRepresentation after = realm.resource().users().get(id).toRepresentation();
                String stored = after.getAttributes() == null || after.getAttributes().get(change.getKey()) == null
                        ? null : after.getAttributes().get(change.getKey()).get(0);
                assertThat(stored).as(change.getKey()).isNotEqualTo(change.getValue());
            }
            // Our API still sets the number, unverified.
            Http.Reply edit = realm.apiAs("pr-phone@example.test").put("/me/profile", Map.of("phone_number", "+14155550199"));
            assertThat(edit.status()).as(edit.toString()).isEqualTo(200);
            assertThat(edit.json().path("phone_number_verified").asBoolean()).isFalse();
        }
    }

    @Test
    void newUsersGetDefaultsStoredAndReadThem() {
        try (TestRealm realm = TestRealm.create()) {
            String id = realm.createUser("dee@example.test", "Dee", "USER");
            Map<String, java.util.List<String>> attributes = realm.resource().users().get(id).toRepresentation().getAttributes();
            assertThat(attributes).containsEntry("incident_digest", java.util.List.of("HIGH"))
                    .containsEntry("notify_email", java.util.List.of("true")).containsEntry("notify_sms", java.util.List.of("false"))
                    .containsEntry("zoneinfo", java.util.List.of("UTC"));
            JsonNode me = realm.apiAs("dee@example.test").get("/me").json();
            assertThat(me.get("incident_digest").asText()).isEqualTo("HIGH");
            assertThat(me.get("notify_email").asBoolean()).isTrue();
            assertThat(me.get("notify_push").asBoolean()).isFalse();
            assertThat(me.get("zoneinfo").asText()).isEqualTo("UTC");
            assertThat(me.get("avatar").asText()).startsWith("https://www.gravatar.com/avatar/");
            assertThat(me.get("permissions").isArray()).isTrue();
        }
    }

    @Test
    void profileChangesValidationAndClaimsAtNextRefresh() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser("sam@example.test", "Sam", "USER");
            Tokens tokens = realm.login("sam@example.test");
            Api me = realm.api(tokens.accessToken());

            Http.Reply ok = me.put("/me/profile", Map.of("name", "Sam Vimes", "phone_number", "+14155550100", "zoneinfo", "Europe/Berlin"));
            assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
            assertThat(ok.json().get("name").asText()).isEqualTo("Sam Vimes");
            assertThat(ok.json().get("phone_number_verified").asBoolean()).isFalse();

            assertRefused(me.put("/me/profile", Map.of("zoneinfo", "Mars/Olympus")), 400, "invalid_zoneinfo", "zoneinfo");
            assertRefused(me.put("/me/profile", Map.of("phone_number", "0170 123")), 400, "invalid_phone_number", "phone_number");
            assertRefused(me.put("/me/profile", Map.of("name", "")), 400, "invalid_name", "name");
            assertRefused(me.put("/me/profile", Map.of("email", "other@example.test")), 403, "forbidden", "email");
            assertRefused(me.put("/me/profile", Map.of("nickname", "x")), 400, "unknown_field", "nickname");
            assertThat(me.put("/me/profile", Map.of("email", "sam@example.test")).status()).isEqualTo(200);

            Tokens next = Tokens.from(realm.refresh(tokens.refreshToken()));
            JsonNode claims = next.access();
            assertThat(claims.get("name").asText()).isEqualTo("Sam Vimes");
            assertThat(claims.get("zoneinfo").asText()).isEqualTo("Europe/Berlin");
            assertThat(claims.get("phone_number").asText()).isEqualTo("+14155550100");
            assertThat(claims.get("phone_number_verified").asBoolean()).isFalse();
            assertThat(claims.get("picture").asText()).startsWith("https://www.gravatar.com/avatar/");
            assertThat(next.id().get("name").asText()).isEqualTo("Sam Vimes");
        }
    }

    @Test
    void preferencesPartialValidatedAndAdminsToo() {
        try (TestRealm realm = TestRealm.create()) {
            String id = realm.createUser("pia@example.test", "Pia", "USER");
            realm.createUser("root@example.test", "Root", "ADMIN");
            Api me = realm.apiAs("pia@example.test");

            Http.Reply ok = me.put("/me/preferences", Map.of("incident_digest", "ALL", "notify_push", true));
            assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
            assertThat(ok.json().get("incident_digest").asText()).isEqualTo("ALL");
            assertThat(ok.json().get("notify_push").asBoolean()).isTrue();
            assertThat(ok.json().get("notify_email").asBoolean()).isTrue();

            assertRefused(me.put("/me/preferences", Map.of("incident_digest", "SOME")), 400, "invalid_incident_digest", "incident_digest");
            assertRefused(me.put("/me/preferences", Map.of("notify_email", "yes")), 400, "invalid_field", "notify_email");
            assertRefused(me.put("/me/preferences", Map.of("notify_sms", true)), 400, "phone_not_verified", "notify_sms");
            assertRefused(me.put("/me/preferences", Map.of("notify_whatsapp", true)), 400, "phone_not_verified", "notify_whatsapp");

            // Admins edit another user's preferences and profile; a USER may not.
            Api admin = realm.apiAs("root@example.test");
            Http.Reply byAdmin = admin.put("/users/" + id + "/preferences", Map.of("incident_digest", "NONE"));
            assertThat(byAdmin.status()).as(byAdmin.toString()).isEqualTo(200);
            assertThat(byAdmin.json().get("incident_digest").asText()).isEqualTo("NONE");
            assertRefused(admin.put("/users/" + id + "/profile", Map.of("zoneinfo", "Mars/Olympus")), 400, "invalid_zoneinfo", "zoneinfo");
            assertThat(me.put("/users/" + id + "/preferences", Map.of("incident_digest", "ALL")).status()).isEqualTo(403);
            assertThat(realm.resource().users().get(id).toRepresentation().getAttributes().get("incident_digest")).containsExactly("NONE");
        }
    }

    @Test
    void passwordChangeChecksCurrentAndPolicyAndEndsOtherSessions() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser("kim@example.test", "Kim", "USER");
            Tokens other = realm.login("kim@example.test");
            Tokens mine = realm.login("kim@example.test");
            Api me = realm.api(mine.accessToken());

            assertRefused(me.put("/me/password", Map.of("currentPassword", "wrong-one", "newPassword", "Brand-New-Horse-42")),
                    400, "wrong_current_password", "currentPassword");
            Http.Reply weak = me.put("/me/password", Map.of("currentPassword", TestRealm.PASSWORD, "newPassword", "short"));
            assertRefused(weak, 400, "invalid_new_password", "newPassword");
            assertThat(weak.json().get("message").asText()).containsIgnoringCase("password");

            Http.Reply ok = me.put("/me/password", Map.of("currentPassword", TestRealm.PASSWORD, "newPassword", "Brand-New-Horse-42"));
            assertThat(ok.status()).as(ok.toString()).isEqualTo(204);
            assertThat(realm.refresh(other.refreshToken()).status()).isEqualTo(400);
            assertThat(realm.refresh(mine.refreshToken()).status()).isEqualTo(200);
            assertThat(realm.passwordGrant("kim@example.test", "Brand-New-Horse-42").status()).isEqualTo(200);
        }
    }

    @Test
    void wrongCurrentPasswordsCountForBruteForce() {
        try (TestRealm realm = TestRealm.create()) {
            String id = realm.createUser("lou@example.test", "Lou", "USER");
            Api me = realm.apiAs("lou@example.test");
            me.put("/me/password", Map.of("currentPassword", "wrong-one", "newPassword", "Brand-New-Horse-42"));
            // Counted before the answer (not on Keycloak's brute-force executor): visible at once.
            Map<String, Object> status = realm.resource().attackDetection().bruteForceUserStatus(id);
            assertThat(((Number) status.get("numFailures")).intValue()).isEqualTo(1);
        }
    }

    /** Every ${key} of the User Profile resolves in both consoles, in English and German. */
    @Test
    void consolesResolveEveryProfileLabel() {
        try (TestRealm realm = TestRealm.create()) {
            Set<String> keys = profileKeys();
            assertThat(keys).contains("opsknightName", "opsknightProfileGroup", "opsknightZoneinfo", "opsknightYes");
            String adminToken = Admin.client().tokenManager().getAccessTokenString();
            for (String locale : new String[]{"en", "de"}) {
                Http.Reply admin = Http.send("GET", KeycloakServer.get().baseUrl() + "/admin/realms/" + realm.name()
                        + "/localization/" + locale + "?useRealmDefaultLocaleFallback=true", adminToken, null, null);
                assertThat(admin.status()).as(admin.toString()).isEqualTo(200);
                Http.Reply account = Http.send("GET", KeycloakServer.get().baseUrl() + "/resources/" + realm.name()
                        + "/account/" + locale, null, null, null);
                assertThat(account.status()).as(account.toString()).isEqualTo(200);
                for (String key : keys) {
                    assertThat(admin.json().has(key)).as("admin console %s: %s", locale, key).isTrue();
                    assertThat(account.body()).as("account console %s: %s", locale, key).contains("\"" + key + "\"");
                }
            }
            JsonNode de = Http.send("GET", KeycloakServer.get().baseUrl() + "/admin/realms/" + realm.name()
                    + "/localization/de?useRealmDefaultLocaleFallback=true", adminToken, null, null).json();
            assertThat(de.get("opsknightZoneinfo").asText()).isEqualTo("Zeitzone");

            // The console's profile: one name field, selects where they fit, the zone list is Java's.
            JsonNode metadata = Http.send("GET", KeycloakServer.get().baseUrl() + "/admin/realms/" + realm.name()
                    + "/users/profile", adminToken, null, null).json();
            Set<String> names = new TreeSet<>();
            metadata.get("attributes").forEach(a -> names.add(a.get("name").asText()));
            assertThat(names).contains("firstName", "zoneinfo", "incident_digest").doesNotContain("lastName");
            metadata.get("attributes").forEach(a -> {
                if (a.get("name").asText().equals("zoneinfo")) {
                    assertThat(a.at("/annotations/inputType").asText()).isEqualTo("select");
                    Set<String> options = new TreeSet<>();
                    a.at("/validations/options/options").forEach(o -> options.add(o.asText()));
                    assertThat(options).isEqualTo(new TreeSet<>(java.time.ZoneId.getAvailableZoneIds()));
                }
            });

            // Mars/Olympus is refused by the console's own API too.
            String id = realm.createUser("zed@example.test", "Zed", "USER");
            UserRepresentation rep = realm.resource().users().get(id).toRepresentation();
            rep.getAttributes().put("zoneinfo", java.util.List.of("Mars/Olympus"));
            Http.Reply refused = Http.send("PUT", KeycloakServer.get().baseUrl() + "/admin/realms/" + realm.name() + "/users/" + id,
                    adminToken, "application/json", Http.json(rep));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        }
    }

    private static Set<String> profileKeys() {
        JsonNode config;
        try {
            String json = TestRealm.realmConfig().getComponents().getFirst("org.keycloak.userprofile.UserProfileProvider")
                    .getConfig().getFirst("kc.user.profile.config");
            config = Http.JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Set<String> keys = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}").matcher(config.toString());
        while (m.find()) {
            if (m.group(1).startsWith("opsknight")) {
                keys.add(m.group(1));
            }
        }
        // Option labels by prefix: opsknightDigest.HIGH, opsknightStatus.ACTIVE...
        config.get("attributes").forEach(a -> {
            String prefix = a.at("/annotations/inputOptionLabelsI18nPrefix").asText("");
            if (!prefix.isEmpty()) {
                a.at("/validations/options/options").forEach(o -> keys.add(prefix + "." + o.asText()));
            }
        });
        return keys;
    }

    private static void assertRefused(Http.Reply reply, int status, String error, String field) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.json().get("error").asText()).as(reply.toString()).isEqualTo(error);
        assertThat(reply.json().get("message").asText()).as(reply.toString()).contains(field);
    }
}
