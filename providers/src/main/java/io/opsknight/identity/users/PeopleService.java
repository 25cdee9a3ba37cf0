package io.opsknight.identity.users;

import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.invitation.InvitationEntity;
import io.opsknight.identity.invitation.InvitationService;
import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.profile.PersonInput;
import io.opsknight.identity.roles.Role;
import io.opsknight.identity.access.RoleService;
import io.opsknight.identity.access.StatusService;
import io.opsknight.identity.roles.UserRoles;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Map;

/**
 * What an ADMIN does to another person, for every path that does it (the {@code /users/{id}} API and the
 * People page): each action first refuses a person who holds roles outside OpsKnight
 * ({@link OpsKnightPeople}), then runs the one service that does it, with its audit event and webhook.
 * The caller has checked that the actor is an ACTIVE ADMIN.
 */
public final class PeopleService {

    private final KeycloakSession session;
    private final RealmModel realm;

    public PeopleService(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** Whether OpsKnight manages this person (no role outside OpsKnight's). */
    public static boolean managed(RealmModel realm, UserModel user) {
        try {
            OpsKnightPeople.requireManaged(realm, user);
            return true;
        } catch (OpsKnightException e) {
            return false;
        }
    }

    public static void requireManaged(RealmModel realm, UserModel user) {
        OpsKnightPeople.requireManaged(realm, user);
    }

    /**
     * The admin's profile edit: each non-null field validated in this order (email, name, phone, zone)
     * before anything is written; null leaves a field as it is, "" clears phone or zone.
     */
    public void updateProfile(UserModel actor, UserModel user, String email, String name, String phone, String zone) {
        requireManaged(realm, user);
        String validEmail = email == null ? null : AdminProfileUpdate.validEmail(email);
        String validName = name == null ? null : AdminProfileUpdate.validName(name);
        String validPhone = phone == null ? null : AdminProfileUpdate.validPhone(phone);
        String validZone = zone == null ? null : AdminProfileUpdate.validZone(zone);
        AdminProfileUpdate.apply(session, realm, actor.getId(), user,
                new AdminProfileUpdate.Changes(validEmail, validName, validPhone, validZone));
    }

    /**
     * Gives the person exactly the requested role: 409 {@code cannot_change_own_role} for the actor's own id
     * (another ADMIN decides, on the API and the page alike), 409 {@code last_admin} when they are the last
     * ACTIVE ADMIN and would lose ADMIN; a demotion ends their sessions (see {@link RoleService#changed}).
     */
    public void changeRole(UserModel actor, UserModel user, String requested, String source) {
        if (actor.getId().equals(user.getId())) {
            throw OpsKnightException.conflict("cannot_change_own_role", "You cannot change your own role; ask another ADMIN.");
        }
        requireManaged(realm, user);
        Role to = Role.require(requested, "unknown_role", "role");
        Role from = UserRoles.roleOf(realm, user);
        RoleService roles = new RoleService(session, realm);
        roles.refuseLosingLastAdmin(user, from, to);
        // Also run when the role stays the same: it clears a second OpsKnight role left by other means.
        roles.assign(user, to);
        roles.changed(user, from, to, actor.getId(), Map.of("source", source));
    }

    /** ACTIVE to DISABLED; every session and API token ends at once. */
    public void deactivate(UserModel actor, UserModel user) {
        requireManaged(realm, user);
        new StatusService(session, realm).deactivate(user, actor.getId());
    }

    /** DISABLED to ACTIVE. */
    public void reactivate(UserModel actor, UserModel user) {
        requireManaged(realm, user);
        new StatusService(session, realm).reactivate(user, actor.getId());
    }

    /**
     * A fresh link for an INVITED person's open invitation, emailed, as {@code POST /invitations/{id}/resend}
     * and the person page's Resend do (that path has no console-managed rule, so neither has this one).
     */
    public void resendInvitation(UserModel actor, UserModel user) {
        if (UserStatus.of(user) != UserStatus.INVITED) {
            throw OpsKnightException.conflict("invalid_status", "Only an INVITED person has an invitation to resend; this one is "
                    + UserStatus.of(user) + ".");
        }
        InvitationService invitations = new InvitationService(session, realm);
        InvitationEntity open = invitations.openOf(user)
                .orElseThrow(() -> OpsKnightException.conflict("not_resendable", "This person has no open invitation."));
        invitations.resend(actor, open);
    }

    /** The name the lists show ("" when none). */
    public static String displayName(UserModel user) {
        String name = PersonInput.displayName(user);
        return name == null ? "" : name;
    }

    /** Keycloak's "update your password" email; false when the realm cannot send email. */
    public boolean sendPasswordReset(UserModel actor, UserModel user) {
        requireManaged(realm, user);
        return PasswordReset.send(session, realm, actor, user).sent();
    }
}
