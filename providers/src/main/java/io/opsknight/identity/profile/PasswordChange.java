package io.opsknight.identity.profile;

import io.opsknight.identity.audit.Audit;
import io.opsknight.identity.audit.AuditEventType;
import io.opsknight.identity.common.OpsKnightException;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.policy.PolicyError;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.theme.Theme;

import java.io.IOException;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * A person changes their own password (ASVS 5.0 V6.2.3 and V7.4.3): the current password is checked
 * with Keycloak's own credential validation, and a wrong one counts for brute-force protection like a
 * failed login (the counting runs in Keycloak's own transaction, so our rollback does not undo it);
 * the new one must satisfy the realm's password policy; afterwards every other session of the person
 * (online and offline) ends and the current one stays.
 */
public final class PasswordChange {

    private static final Logger LOG = Logger.getLogger(PasswordChange.class);

    private PasswordChange() {
    }

    /**
     * @param current the session that asks (kept), or null to end every session
     * @param locale  language of the policy's message
     * @return how many other sessions ended
     */
    public static int change(KeycloakSession session, RealmModel realm, UserModel user, UserSessionModel current,
                             String currentPassword, String newPassword, Locale locale) {
        if (currentPassword == null || currentPassword.isEmpty()) {
            throw OpsKnightException.invalid("invalid_current_password", "currentPassword is required.");
        }
        if (newPassword == null || newPassword.isEmpty()) {
            throw OpsKnightException.invalid("invalid_new_password", "newPassword is required.");
        }
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        if (realm.isBruteForceProtected() && (protector.isTemporarilyDisabled(session, realm, user)
                || protector.isPermanentlyLockedOut(session, realm, user))) {
            throw OpsKnightException.tooMany("too_many_attempts",
                    "Too many wrong passwords: the account is locked for a while. Try again later.");
        }
        if (!user.credentialManager().isValid(UserCredentialModel.password(currentPassword))) {
            if (realm.isBruteForceProtected()) {
                protector.failedLogin(realm, user, session.getContext().getConnection(), session.getContext().getUri(),
                        Set.of(PasswordCredentialModel.TYPE));
            }
            throw OpsKnightException.invalid("wrong_current_password", "currentPassword is not the current password.");
        }
        PolicyError policy = session.getProvider(PasswordPolicyManagerProvider.class).validate(realm, user, newPassword);
        if (policy != null) {
            throw OpsKnightException.invalid("invalid_new_password", "newPassword: " + message(session, locale, policy));
        }
        try {
            user.credentialManager().updateCredential(UserCredentialModel.password(newPassword, false));
        } catch (ModelException e) {
            // e.g. the password history policy, checked when the credential is stored
            throw OpsKnightException.invalid("invalid_new_password", "newPassword: " + message(session, locale,
                    new PolicyError(e.getMessage(), e.getParameters())));
        }
        int ended = endOtherSessions(session, realm, user, current);
        Audit.record(session, realm, AuditEventType.USER_PASSWORD_CHANGED, user.getId(), user.getId(),
                Map.of("otherSessionsEnded", ended));
        LOG.debugf("user %s of realm %s changed their password; %d other sessions ended", user.getId(), realm.getName(), ended);
        return ended;
    }

    /** Ends all online and offline sessions but {@code current}: back-channel logout to clients, like an admin logout. */
    static int endOtherSessions(KeycloakSession session, RealmModel realm, UserModel user, UserSessionModel current) {
        String keep = current == null ? null : current.getId();
        List<UserSessionModel> online = session.sessions().getUserSessionsStream(realm, user)
                .filter(s -> !s.getId().equals(keep)).toList();
        for (UserSessionModel other : online) {
            AuthenticationManager.backchannelLogout(session, realm, other, session.getContext().getUri(),
                    session.getContext().getConnection(), session.getContext().getRequestHeaders(), true);
        }
        List<UserSessionModel> offline = session.sessions().getOfflineUserSessionsStream(realm, user)
                .filter(s -> !s.getId().equals(keep)).toList();
        for (UserSessionModel other : offline) {
            session.sessions().removeOfflineUserSession(realm, other);
        }
        if (keep == null) {
            session.users().setNotBeforeForUser(realm, user, Time.currentTime());
        }
        return online.size() + offline.size();
    }

    /** The policy's message as the login theme words it ("Invalid password: minimum length 12."). */
    public static String message(KeycloakSession session, Locale locale, PolicyError error) {
        String pattern = error.getMessage();
        try {
            Properties messages = session.theme().getTheme(Theme.Type.LOGIN).getEnhancedMessages(session.getContext().getRealm(),
                    locale == null ? Locale.ENGLISH : locale);
            pattern = messages.getProperty(error.getMessage(), error.getMessage());
        } catch (IOException | RuntimeException e) {
            // fall back to the key
        }
        try {
            return new MessageFormat(pattern, locale == null ? Locale.ENGLISH : locale).format(error.getParameters());
        } catch (IllegalArgumentException e) {
            return pattern;
        }
    }
}
