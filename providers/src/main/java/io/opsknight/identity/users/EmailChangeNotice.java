package io.opsknight.identity.users;

import io.opsknight.identity.profile.PersonInput;
import io.opsknight.identity.outbox.EmailMessage;
import io.opsknight.identity.outbox.Outbox;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * "An administrator changed the email address of your account": sent to the OLD address when an admin
 * changes someone's email through {@code PUT /users/{id}/profile} (or an identity provider through SCIM), so that the person hears of it even
 * when the new address is not theirs. Template {@value #TEMPLATE} of our email theme (en, de); the HTML
 * part gets every argument HTML-escaped, as the invitation does. Written to the outbox in the change's
 * transaction: a refused or rolled-back request sends nothing, a committed one is sent (and retried) after it.
 */
public final class EmailChangeNotice {

    static final String TEMPLATE = "opsknight-email-changed.ftl";
    static final String SUBJECT = "opsknightEmailChangedSubject";

    private EmailChangeNotice() {
    }

    public static void queue(KeycloakSession session, RealmModel realm, UserModel user, String oldEmail, String newEmail,
                      UserModel actor) {
        if (oldEmail == null || oldEmail.isBlank()) {
            return;
        }
        String realmName = realm.getDisplayName() == null || realm.getDisplayName().isBlank()
                ? realm.getName() : realm.getDisplayName();
        Map<String, String> attributes = new HashMap<>();
        attributes.put("personName", nameOf(user, oldEmail));
        attributes.put("actorName", nameOf(actor, "an administrator"));
        attributes.put("accountRealmName", realmName);
        attributes.put("oldEmail", oldEmail);
        attributes.put("newEmail", newEmail);
        Outbox.email(session, realm, user.getId(), oldEmail,
                new EmailMessage(TEMPLATE, SUBJECT, List.of(realmName), user.getId(), attributes, null, null, null));
    }

    private static String nameOf(UserModel user, String fallback) {
        if (user == null) {
            return fallback;
        }
        String name = PersonInput.displayName(user);
        return name != null && !name.isBlank() ? name : user.getEmail() != null ? user.getEmail() : fallback;
    }
}
