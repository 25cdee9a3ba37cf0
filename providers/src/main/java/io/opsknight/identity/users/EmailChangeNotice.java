package io.opsknight.identity.users;

import io.opsknight.identity.profile.PersonInput;
import org.jboss.logging.Logger;
import org.keycloak.common.util.HtmlUtils;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * "An administrator changed the email address of your account": sent to the OLD address when an admin
 * changes someone's email through {@code PUT /users/{id}/profile}, so that the person hears of it even
 * when the new address is not theirs. Template {@value #TEMPLATE} of our email theme (en, de); the HTML
 * part gets every argument HTML-escaped, as the invitation does. Sent only after the change committed
 * (a refused or rolled-back request sends nothing); a mail failure is logged and does not undo the change.
 */
final class EmailChangeNotice {

    static final String TEMPLATE = "opsknight-email-changed.ftl";
    static final String SUBJECT = "opsknightEmailChangedSubject";
    private static final Logger LOG = Logger.getLogger(EmailChangeNotice.class);

    private EmailChangeNotice() {
    }

    static void afterCommit(KeycloakSession session, RealmModel realm, UserModel user, String oldEmail, String newEmail,
                            UserModel actor) {
        if (oldEmail == null || oldEmail.isBlank()) {
            return;
        }
        String realmName = realm.getDisplayName() == null || realm.getDisplayName().isBlank()
                ? realm.getName() : realm.getDisplayName();
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("personName", nameOf(user, oldEmail));
        attributes.put("actorName", nameOf(actor, "an administrator"));
        attributes.put("accountRealmName", realmName);
        attributes.put("oldEmail", oldEmail);
        attributes.put("newEmail", newEmail);
        Map<String, String> html = new HashMap<>();
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            html.put(e.getKey(), HtmlUtils.escapeAttribute(String.valueOf(e.getValue())));
        }
        attributes.put("html", html);
        // The person's language, not the admin's browser's.
        attributes.put(Constants.IGNORE_ACCEPT_LANGUAGE_HEADER, true);
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                try {
                    session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user)
                            .send(SUBJECT, List.of(realmName), TEMPLATE, attributes, oldEmail);
                } catch (EmailException | RuntimeException e) {
                    LOG.warnf("realm %s: email-change notice for user %s to the old address not sent: %s",
                            realm.getName(), user.getId(), e.getMessage());
                }
            }

            @Override
            protected void rollbackImpl() {
                // Nothing changed, nothing to tell.
            }
        });
    }

    private static String nameOf(UserModel user, String fallback) {
        if (user == null) {
            return fallback;
        }
        String name = PersonInput.displayName(user);
        return name != null && !name.isBlank() ? name : user.getEmail() != null ? user.getEmail() : fallback;
    }
}
