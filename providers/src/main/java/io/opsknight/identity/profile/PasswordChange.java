package io.opsknight.identity.profile;

import io.opsknight.identity.apitoken.ApiTokenService;
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
import org.keycloak.services.managers.DefaultBruteForceProtector;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import io.opsknight.identity.throttle.Throttles;
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
 * with Keycloak's own credential validation, one guess at a time per user, and a wrong one counts for
 * brute-force protection like a failed login before the answer is sent ({@link #checkCurrent});
 * the new one must satisfy the realm's password policy; afterwards every other session of the person
 * (online and offline) ends and the current one stays.
 */
public final class PasswordChange {

    private static final Logger LOG = Logger.getLogger(PasswordChange.class);
    static final String PASSWORD_CHECK = "password-check";
    private static final long HOUR_MILLIS = 3_600_000L;

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
        switch (checkCurrent(session, realm, user, currentPassword)) {
            case LOCKED -> throw OpsKnightException.tooMany("too_many_attempts",
                    "Too many wrong passwords: the account is locked for a while. Try again later.");
            case WRONG -> throw OpsKnightException.invalid("wrong_current_password", "currentPassword is not the current password.");
            case RIGHT -> {
            }
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
        // Whoever knew the old password could have made API tokens with it: they end with it.
        int tokens = new ApiTokenService(session, realm).revokeAllOf(user, ApiTokenService.PASSWORD_CHANGED);
        Audit.record(session, realm, AuditEventType.USER_PASSWORD_CHANGED, user.getId(), user.getId(),
                Map.of("otherSessionsEnded", ended, "apiTokensRevoked", tokens));
        LOG.debugf("user %s of realm %s changed their password; %d other sessions ended", user.getId(), realm.getName(), ended);
        return ended;
    }

    enum Check { RIGHT, WRONG, LOCKED }

    /**
     * Checks the current password the way a login does, but one guess at a time per user across the
     * cluster: the check runs under the user's row lock in OK_THROTTLE, and a wrong guess is recorded with
     * Keycloak's brute-force protector synchronously, committed before the lock is released. Keycloak's
     * own {@code failedLogin} records on a background thread, so parallel guesses outside a login flow
     * were all checked before the first was counted; here the next guess sees the count (and the lockout
     * it may have caused) of every guess before it. Runs in a transaction of its own: the refusal rolls
     * the request back, the count must stay.
     */
    static Check checkCurrent(KeycloakSession session, RealmModel realm, UserModel user, String password) {
        String realmId = realm.getId();
        String userId = user.getId();
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        KeycloakContext outer = session.getContext();
        return Throttles.locked(factory, PASSWORD_CHECK, realmId, userId, HOUR_MILLIS, (s, row) -> {
            RealmModel r = s.realms().getRealm(realmId);
            s.getContext().setRealm(r);
            UserModel u = s.users().getUserById(r, userId);
            BruteForceProtector protector = s.getProvider(BruteForceProtector.class);
            boolean protectedRealm = r.isBruteForceProtected();
            if (protectedRealm && (protector.isTemporarilyDisabled(s, r, u) || protector.isPermanentlyLockedOut(s, r, u))) {
                return Check.LOCKED;
            }
            if (u.credentialManager().isValid(UserCredentialModel.password(password))) {
                return Check.RIGHT;
            }
            row.setHits(row.getHits() + 1);
            if (protectedRealm) {
                recordFailure(factory, outer, realmId, userId);
            }
            return Check.WRONG;
        });
    }

    /** One wrong password, counted now and committed at once (not on Keycloak's background thread). */
    private static void recordFailure(KeycloakSessionFactory factory, KeycloakContext outer, String realmId, String userId) {
        String address = outer.getConnection() == null ? null : outer.getConnection().getRemoteHost();
        KeycloakModelUtils.runJobInTransaction(factory, s -> {
            RealmModel r = s.realms().getRealm(realmId);
            s.getContext().setRealm(r);
            s.getContext().setHttpRequest(outer.getHttpRequest());
            s.getContext().setHttpResponse(outer.getHttpResponse());
            BruteForceProtector protector = s.getProvider(BruteForceProtector.class);
            if (protector instanceof DefaultBruteForceProtector counting) {
                counting.failure(s, r, userId, address, Time.currentTimeMillis(), Set.of(PasswordCredentialModel.TYPE));
            } else {
                // Another protector: its own way (possibly asynchronous); our row lock still orders the checks.
                UserModel u = s.users().getUserById(r, userId);
                protector.failedLogin(r, u, outer.getConnection(), outer.getUri(), Set.of(PasswordCredentialModel.TYPE));
            }
        });
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
