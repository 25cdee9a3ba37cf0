package io.opsknight.identity.lifecycle;

import io.opsknight.identity.access.ConsoleStatusSyncFactory;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.WebClient;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Users in the states the lifecycle tests need, made through Keycloak's admin API. */
final class LifecycleFixtures {

    static final String WEB_CLIENT = WebClient.ID;
    static final String WEB_SECRET = WebClient.SECRET;

    private LifecycleFixtures() {
    }

    /**
     * An INVITED user (disabled, with a password so that we can prove the password is not enough).
     * The invitation issue creates these for real; here the test realm's user profile lets the admin
     * API write the read-only status attribute.
     */
    static String invitedUser(TestRealm realm, String email, String name, String role) {
        UPConfig config = realm.resource().users().userProfile().getConfiguration();
        UPAttribute status = config.getAttribute(UserStatus.ATTRIBUTE);
        if (!status.getPermissions().getEdit().contains("admin")) {
            status.setPermissions(new UPAttributePermissions(Set.of("admin", "user"), Set.of("admin")));
            realm.resource().users().userProfile().update(config);
        }
        UserRepresentation user = new UserRepresentation();
        user.setUsername(email);
        user.setEmail(email);
        user.setFirstName(name);
        user.setEnabled(false);
        user.setEmailVerified(true);
        user.setAttributes(Map.of(UserStatus.ATTRIBUTE, List.of("INVITED")));
        user.setCredentials(List.of(password()));
        String id = TestRealm.idOf(realm.resource().users().create(user));
        if (role != null) {
            realm.resource().users().get(id).roles().realmLevel().add(List.of(realm.resource().roles().get(role).toRepresentation()));
        }
        return id;
    }

    /** A user made while our listener was not in the realm (as after an import): no status attribute. */
    static String legacyUser(TestRealm realm, String email, boolean enabled) {
        RealmRepresentation rep = realm.resource().toRepresentation();
        List<String> listeners = new ArrayList<>(rep.getEventsListeners());
        rep.setEventsListeners(listeners.stream().filter(l -> !l.equals(ConsoleStatusSyncFactory.PROVIDER_ID)).toList());
        realm.resource().update(rep);
        try {
            UserRepresentation user = new UserRepresentation();
            user.setUsername(email);
            user.setEmail(email);
            user.setFirstName("Legacy " + email);
            user.setEnabled(enabled);
            user.setCredentials(List.of(password()));
            return TestRealm.idOf(realm.resource().users().create(user));
        } finally {
            rep.setEventsListeners(listeners);
            realm.resource().update(rep);
        }
    }


    static Http.Reply webPasswordGrant(TestRealm realm, String username, String password) {
        return Http.form(realm.tokenUrl(), Map.of("grant_type", "password", "client_id", WEB_CLIENT,
                "client_secret", WEB_SECRET, "username", username, "password", password, "scope", "openid"));
    }

    static Http.Reply introspect(TestRealm realm, String token) {
        return Http.form(realm.tokenUrl() + "/introspect", Map.of("client_id", WEB_CLIENT, "client_secret", WEB_SECRET,
                "token", token));
    }

    static Http.Reply exchange(TestRealm realm, String subjectToken) {
        return Http.form(realm.tokenUrl(), Map.of("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "client_id", WEB_CLIENT, "client_secret", WEB_SECRET, "subject_token", subjectToken,
                "subject_token_type", "urn:ietf:params:oauth:token-type:access_token"));
    }

    static Http.Reply offlineGrant(TestRealm realm, String username) {
        return Http.form(realm.tokenUrl(), Map.of("grant_type", "password", "client_id", TestRealm.TEST_CLIENT,
                "username", username, "password", TestRealm.PASSWORD, "scope", "openid offline_access"));
    }

    static UserRepresentation adminView(TestRealm realm, String id) {
        return realm.resource().users().get(id).toRepresentation();
    }

    private static CredentialRepresentation password() {
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(TestRealm.PASSWORD);
        password.setTemporary(false);
        return password;
    }
}
