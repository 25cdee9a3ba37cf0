package io.opsknight.identity.setup;

import io.opsknight.identity.audit.Audit;
import io.opsknight.identity.audit.AuditEventType;
import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.roles.Role;
import io.opsknight.identity.access.RoleService;
import jakarta.persistence.PersistenceException;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.policy.PolicyError;
import org.keycloak.provider.Provider;
import org.keycloak.services.validation.Validation;
import org.keycloak.userprofile.UserProfile;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;

import java.util.List;
import java.util.Map;

/**
 * The first admin of a realm: whether setup is open, and the one transaction that claims it and
 * creates the ADMIN. Race-safety comes from the OK_SETUP_CLAIM primary key: every concurrent
 * request inserts the realm's row and flushes before creating anything; the database lets one
 * commit, the others fail on the key (or wait and then fail) and roll back.
 */
public class SetupService implements Provider {

    private static final Logger LOG = Logger.getLogger(SetupService.class);
    /** Generated passwords that a regexPattern policy may reject before we give up. */
    private static final int PASSWORD_ATTEMPTS = 20;

    public enum State {
        /** No users, never set up: the page is open. */
        OPEN,
        /** A user exists, or setup already ran: 404. */
        DONE,
        /** Not an OpsKnight realm (no ADMIN role, e.g. master): 404, the page does not exist here. */
        NOT_APPLICABLE
    }

    /** The created ADMIN and the generated password, shown once. */
    public record Created(UserModel user, String password) {
        /** Never print the password. */
        @Override
        public String toString() {
            return "Created[user=" + user.getId() + "]";
        }
    }

    /** The realm's User Profile refused the form: the field errors, for the form to show. */
    public static final class InvalidInput extends OpsKnightException {
        private final transient List<FormMessage> errors;

        InvalidInput(List<FormMessage> errors) {
            super(Reason.INVALID, "invalid_input", "The realm's User Profile refused the email or the name.");
            this.errors = List.copyOf(errors);
        }

        public List<FormMessage> errors() {
            return errors;
        }
    }

    /** Another request or a user made outside the page was first. */
    static OpsKnightException taken() {
        return OpsKnightException.conflict("setup_taken", "This realm was set up by another request.");
    }

    static OpsKnightException policyUnsatisfiable() {
        return OpsKnightException.unavailable("password_policy_unsatisfiable",
                "No generated password satisfies the realm's password policy.");
    }

    private final KeycloakSession session;
    private final SetupKey key;

    SetupService(KeycloakSession session, SetupKey key) {
        this.session = session;
        this.key = key;
    }

    public SetupKey key() {
        return key;
    }

    /** Checked on every GET and POST: users (service accounts excluded) or a claim close the page for good. */
    public State state(RealmModel realm) {
        if (realm.getRole(Role.ADMIN.name()) == null) {
            return State.NOT_APPLICABLE;
        }
        if (session.users().getUsersCount(realm) > 0) {
            return State.DONE;
        }
        return SetupClaimStore.of(session).claimed(realm.getId()) ? State.DONE : State.OPEN;
    }

    /**
     * Validates the input against the realm's user profile, then claims the realm and creates the
     * ACTIVE ADMIN with a generated password, all in the request's transaction. Refuses with
     * {@link InvalidInput} (INVALID), a conflict {@code setup_taken} (lost the race) or {@code
     * password_policy_unsatisfiable} (UNAVAILABLE); the transaction is then marked for rollback, since the
     * page answers the refusal as a rendered form rather than by throwing, so nothing of it stays.
     */
    public Created createFirstAdmin(RealmModel realm, String email, String name) {
        String username = email.toLowerCase(java.util.Locale.ROOT);
        UserProfile profile = session.getProvider(UserProfileProvider.class).create(UserProfileContext.USER_API,
                Map.of(UserModel.USERNAME, username, UserModel.EMAIL, email, UserModel.FIRST_NAME, name));
        try {
            // Before the claim: a rejected form must not hold the claim while a valid one races it.
            profile.validate();
        } catch (ValidationException e) {
            throw new InvalidInput(Validation.getFormErrorsFromValidation(e.getErrors()));
        }

        SetupClaimStore claims = SetupClaimStore.of(session);
        SetupClaimEntity claim;
        try {
            claim = claims.claim(realm.getId(), System.currentTimeMillis());
        } catch (PersistenceException | ModelException e) {
            // Another request (this node or another) holds or committed the claim: a duplicate key, or
            // (H2) a lock timeout. Keycloak's entity manager wraps these as ModelException.
            session.getTransactionManager().setRollbackOnly();
            LOG.debugf("setup of realm %s: claim refused by the database (%s)", realm.getName(), e.getClass().getSimpleName());
            throw taken();
        }

        UserModel user;
        try {
            user = profile.create();
        } catch (ValidationException e) {
            session.getTransactionManager().setRollbackOnly();
            throw new InvalidInput(Validation.getFormErrorsFromValidation(e.getErrors()));
        }
        user.setEmailVerified(true);
        UserStatus.ACTIVE.applyTo(user);
        new RoleService(session, realm).assign(user, Role.ADMIN);

        String password = generatePassword(realm, user);
        if (password == null) {
            session.getTransactionManager().setRollbackOnly();
            LOG.warnf("setup of realm %s: no generated password satisfies the realm's password policy '%s'",
                    realm.getName(), realm.getPasswordPolicy());
            throw policyUnsatisfiable();
        }
        try {
            user.credentialManager().updateCredential(UserCredentialModel.password(password, false));
        } catch (ModelException e) {
            session.getTransactionManager().setRollbackOnly();
            LOG.warnf("setup of realm %s: the password was refused: %s", realm.getName(), e.getMessage());
            throw policyUnsatisfiable();
        }
        claim.setUserId(user.getId());
        SetupKeys.forget(session, realm);
        Audit.record(session, realm, AuditEventType.SETUP_COMPLETED, null, user.getId(),
                Map.of("role", Role.ADMIN.name(), "setupKey", key.required() ? "configured" : "generated"));
        try {
            claims.flush();
        } catch (PersistenceException | ModelException e) {
            session.getTransactionManager().setRollbackOnly();
            LOG.debugf("setup of realm %s: writing the admin failed (%s)", realm.getName(), e.getClass().getSimpleName());
            throw taken();
        }
        // A user made outside /setup (admin console, import) between our check and our claim: it was
        // first, so this setup yields.
        if (session.users().getUsersCount(realm) != 1) {
            session.getTransactionManager().setRollbackOnly();
            throw taken();
        }
        LOG.infof("setup of realm %s: first ADMIN %s created", realm.getName(), user.getId());
        return new Created(user, password);
    }

    /** A password the realm's policy accepts for this user, or null when the policy cannot be met. */
    private String generatePassword(RealmModel realm, UserModel user) {
        PasswordPolicyManagerProvider policies = session.getProvider(PasswordPolicyManagerProvider.class);
        SetupPassword.Requirements requirements = SetupPassword.Requirements.of(realm.getPasswordPolicy());
        for (int i = 0; i < PASSWORD_ATTEMPTS; i++) {
            String candidate = SetupPassword.generate(requirements);
            PolicyError error = policies.validate(realm, user, candidate);
            if (error == null) {
                return candidate;
            }
            LOG.debugf("setup of realm %s: generated password refused by policy (%s), trying again", realm.getName(), error.getMessage());
        }
        return null;
    }

    @Override
    public void close() {
    }
}
