package io.opsknight.identity.scim;

import io.opsknight.identity.audit.Audit;
import io.opsknight.identity.audit.AuditEventType;
import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.invitation.InvitationService;
import io.opsknight.identity.access.StatusService;
import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.profile.ProfileAttribute;
import io.opsknight.identity.profile.ProfileService;
import io.opsknight.identity.profile.ProfileWrite;
import io.opsknight.identity.roles.Role;
import io.opsknight.identity.access.RoleService;
import io.opsknight.identity.roles.UserRoles;
import io.opsknight.identity.sessions.SessionService;
import io.opsknight.identity.users.EmailChangeNotice;
import io.opsknight.identity.users.OpsKnightPeople;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The OpsKnight rules on Keycloak's SCIM path, run inside the SCIM request's transaction after Keycloak's
 * SCIM server changed the user or group (see {@link ScimUsers} and {@link ScimGroups}): status through the
 * lifecycle, the one role from the role groups, the last-ADMIN rule, audit events with the SCIM client's
 * service account as actor. A refusal is an {@link OpsKnightException}; the SCIM resource types turn it
 * into a SCIM error and roll the whole request back.
 */
public class ScimProvisioning implements Provider {

    private static final Logger LOG = Logger.getLogger(ScimProvisioning.class);

    /** What a user looked like before the SCIM request changed it. */
    record Before(boolean enabled, String email, String username, Set<String> roleGroups) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ScimRoles roles;
    private final boolean invite;

    ScimProvisioning(KeycloakSession session, ScimRoles roles, Set<String> inviteRealms) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.roles = roles;
        this.invite = realm != null && inviteRealms.contains(realm.getName());
    }

    Before before(UserModel user) {
        return new Before(user.isEnabled(), user.getEmail(), user.getUsername(), roles.roleGroupsOf(groupNames(user)));
    }

    /** Our rules for the phone and the time zone, before Keycloak stores anything of the request. */
    void checkFields(ScimProfileFields fields) {
        if (fields.phone() != null && !fields.phone().isEmpty() && !ProfileService.E164.matcher(fields.phone()).matches()) {
            throw ScimRefusal.invalidValue("phoneNumbers: " + fields.phone()
                    + " is not a phone number in E.164 format, e.g. +14155550100.");
        }
        if (fields.timezone() != null && !fields.timezone().isEmpty()) {
            try {
                ProfileService.validZone(fields.timezone());
            } catch (OpsKnightException e) {
                throw ScimRefusal.invalidValue("timezone: " + fields.timezone()
                        + " is not an IANA time zone id, e.g. Europe/Berlin.");
            }
        }
    }

    /**
     * The realm keeps usernames read-only (people sign in with their email): a userName that differs is
     * refused, unless the username follows the email address and the request changes the email to it.
     */
    void checkUserName(UserModel user, String requested) {
        if (requested == null || requested.equalsIgnoreCase(Objects.toString(user.getUsername(), ""))) {
            return;
        }
        if (!followsEmail(user.getUsername(), user.getEmail())) {
            throw ScimRefusal.mutability("userName is read-only in this realm: people sign in with it.");
        }
    }

    /**
     * A person the identity provider just created: ACTIVE (DISABLED when it sent {@code active: false}) with
     * the role of their groups, or INVITED with an invitation email when the realm invites.
     */
    void created(UserModel user, boolean active, ScimProfileFields fields) {
        validateProfile(user);
        writeFields(user, fields);
        Role role = roles.roleFor(groupNames(user));
        if (invite && active && user.getEmail() != null) {
            // InvitationService reuses an INVITED user of that address: the one SCIM has just made.
            UserStatus.INVITED.applyTo(user);
            new InvitationService(session, realm).invite(actor(), user.getEmail(), displayName(user), role);
            LOG.debugf("SCIM created user %s of realm %s: INVITED as %s", user.getId(), realm.getName(), role);
            return;
        }
        (active ? UserStatus.ACTIVE : UserStatus.DISABLED).applyTo(user);
        new RoleService(session, realm).assign(user, role);
        Map<String, Object> details = details();
        details.put("role", role.name());
        if (active) {
            Audit.record(session, realm, AuditEventType.USER_ACTIVATED, actorId(), user.getId(), details);
        } else {
            details.put("status", UserStatus.DISABLED.name());
            Audit.record(session, realm, AuditEventType.USER_DEACTIVATED, actorId(), user.getId(), details);
        }
        LOG.debugf("SCIM created user %s of realm %s: %s as %s", user.getId(), realm.getName(), UserStatus.of(user), role);
    }

    /** After a SCIM PUT or PATCH of the user: profile, email rule, phone and zone, role, then status. */
    void changed(UserModel user, Before before, ScimProfileFields fields) {
        validateProfile(user);
        List<String> changedFields = new ArrayList<>();
        boolean emailChanged = user.getEmail() != null
                && !user.getEmail().equalsIgnoreCase(Objects.toString(before.email(), ""));
        if (emailChanged) {
            changedFields.add("email");
        }
        usernameFollows(user, before);
        changedFields.addAll(writeFields(user, fields));
        if (!changedFields.isEmpty()) {
            profileChanged(user, before, changedFields, emailChanged);
        }
        if (!before.roleGroups().equals(roles.roleGroupsOf(groupNames(user)))) {
            syncRole(user);
        }
        boolean requested = user.isEnabled();
        if (requested != before.enabled()) {
            // The lifecycle decides from the flag as it was; it then writes the flag itself.
            user.setEnabled(before.enabled());
            if (requested && UserStatus.of(user) == UserStatus.INVITED) {
                // The identity provider saying "active" does not accept the invitation for the person.
                return;
            }
            new StatusService(session, realm).requestEnabled(user, requested, actorId(), details());
        }
    }

    /** Before SCIM deletes the user: what deactivation does (refused for the last ACTIVE ADMIN). */
    void deleting(UserModel user) {
        if (UserStatus.of(user) == UserStatus.ACTIVE) {
            Map<String, Object> details = details();
            details.put("deleted", true);
            new StatusService(session, realm).deactivate(user, actorId(), details);
        }
    }

    /** The members of a role group, before a SCIM change of the group (empty for other groups). */
    Set<String> roleGroupMembers(GroupModel group) {
        if (group == null || !roles.isRoleGroup(group.getName())) {
            return Set.of();
        }
        return session.users().getGroupMembersStream(realm, group).map(UserModel::getId).collect(Collectors.toSet());
    }

    /** After a SCIM change of a group: everyone who was or is in it, if it was or is a role group. */
    void groupChanged(GroupModel group, Set<String> membersBefore) {
        Set<String> touched = new HashSet<>(membersBefore);
        touched.addAll(roleGroupMembers(group));
        for (String id : touched) {
            UserModel user = session.users().getUserById(realm, id);
            if (user != null && user.getServiceAccountClientLink() == null) {
                syncRole(user);
            }
        }
    }

    /**
     * The one role from the role groups, with the last-ADMIN rule; nothing when it already holds it. A person
     * who holds roles outside OpsKnight's is managed in the Keycloak console (as our API refuses to manage
     * them): their role does not follow the identity provider's groups, and the change is refused.
     */
    private void syncRole(UserModel user) {
        Role from = UserRoles.roleOf(realm, user);
        Role to = roles.roleFor(groupNames(user));
        if (from == to) {
            return;
        }
        List<String> foreign = OpsKnightPeople.foreignRoleNames(realm, user);
        if (!foreign.isEmpty()) {
            throw ScimRefusal.invalidValue("User " + user.getUsername() + " holds roles outside OpsKnight ("
                    + String.join(", ", foreign.subList(0, Math.min(3, foreign.size()))) + (foreign.size() > 3 ? ", ..." : "")
                    + ") and is managed in the Keycloak admin console: their role cannot come from a SCIM group.");
        }
        RoleService roles = new RoleService(session, realm);
        roles.refuseLosingLastAdmin(user, from, to);
        roles.assign(user, to);
        roles.changed(user, from, to, actorId(), details());
        LOG.debugf("SCIM groups gave user %s of realm %s the role %s (was %s)", user.getId(), realm.getName(), to, from);
    }

    /**
     * Our API's rule for an admin's change (users/AdminProfileUpdate): a new email is unverified, every session
     * ends and the old address hears of it (through the outbox); an invited person's link follows the new address.
     */
    private void profileChanged(UserModel user, Before before, List<String> fields, boolean emailChanged) {
        Map<String, Object> details = details();
        details.put("fields", fields);
        if (emailChanged) {
            user.setEmailVerified(false);
            details.put("sessionsEnded", new SessionService(session, realm).endAll(user));
            if (UserStatus.of(user) != UserStatus.INVITED) {
                EmailChangeNotice.queue(session, realm, user, before.email(), user.getEmail(), actor());
            }
        }
        Audit.record(session, realm, AuditEventType.USER_PROFILE_UPDATED, actorId(), user.getId(), details);
        if (emailChanged) {
            new InvitationService(session, realm).emailChanged(actorId(), user);
        }
    }

    /**
     * A username that followed the email follows it here too (as with our API); any other change of it is
     * refused (Keycloak's SCIM server writes a PATCH of userName straight to the user).
     */
    private void usernameFollows(UserModel user, Before before) {
        boolean emailChanged = user.getEmail() != null
                && !user.getEmail().equalsIgnoreCase(Objects.toString(before.email(), ""));
        boolean follows = followsEmail(before.username(), before.email()) && emailChanged;
        boolean usernameChanged = !Objects.toString(user.getUsername(), "").equalsIgnoreCase(Objects.toString(before.username(), ""));
        if (usernameChanged && !(follows && followsEmail(user.getUsername(), user.getEmail()))) {
            throw ScimRefusal.mutability("userName is read-only in this realm: it follows the email address.");
        }
        if (follows && !followsEmail(user.getUsername(), user.getEmail())) {
            UserModel other = session.users().getUserByUsername(realm, user.getEmail());
            if (other != null && !other.getId().equals(user.getId())) {
                throw ScimRefusal.invalidValue("Another user already signs in as " + user.getEmail() + ".");
            }
            user.setUsername(user.getEmail());
        }
    }

    private static boolean followsEmail(String username, String email) {
        return username != null && username.equalsIgnoreCase(Objects.toString(email, ""));
    }

    /**
     * Phone and time zone through our rules and the realm's User Profile (as an admin's change: a new number
     * is unverified and its channels off). The names of the fields that changed.
     */
    private List<String> writeFields(UserModel user, ScimProfileFields fields) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> changed = new ArrayList<>();
        String phone = ProfileAttribute.PHONE_NUMBER.attributeName();
        if (fields.phone() != null && !fields.phone().equals(Objects.toString(user.getFirstAttribute(phone), ""))) {
            values.putAll(ProfileService.phoneChange(fields.phone()));
            changed.add(phone);
        }
        String zone = ProfileAttribute.ZONEINFO.attributeName();
        if (fields.timezone() != null && !fields.timezone().equals(Objects.toString(user.getFirstAttribute(zone), ""))) {
            values.put(zone, fields.timezone());
            changed.add(zone);
        }
        if (!values.isEmpty()) {
            try {
                ProfileWrite.write(session, realm, user, ProfileWrite.Writer.ADMIN, values);
            } catch (ProfileWrite.Refused e) {
                throw ScimRefusal.invalidValue(e.getMessage());
            }
        }
        return changed;
    }

    /**
     * Keycloak's SCIM server validates the User Profile on create and PUT but writes a PATCH straight to
     * the user: every SCIM change passes the realm's profile here (phone format, time zones, names), as an
     * admin's change through our API does (USER_API context). Not the SCIM context: it requires
     * name.familyName, which OpsKnight's one name (firstName) leaves empty once a person or an admin edited it.
     */
    private void validateProfile(UserModel user) {
        try {
            session.getProvider(UserProfileProvider.class).create(UserProfileContext.USER_API, user).validate();
        } catch (ValidationException e) {
            String message = e.getErrors().isEmpty() ? "The user does not pass the realm's user profile."
                    : "Invalid value of " + e.getErrors().get(0).getAttribute() + ": " + e.getErrors().get(0).getMessage();
            throw OpsKnightException.invalid("invalid_profile", message);
        }
    }

    private static List<String> groupNames(UserModel user) {
        return user.getGroupsStream().map(GroupModel::getName).toList();
    }

    private static String displayName(UserModel user) {
        String name = Stream.of(user.getFirstName(), user.getLastName()).filter(Objects::nonNull)
                .filter(s -> !s.isBlank()).collect(Collectors.joining(" "));
        return name.isEmpty() ? user.getEmail() : name;
    }

    /** The SCIM client's service account: the actor of every change made through SCIM. */
    private UserModel actor() {
        ClientModel client = session.getContext().getClient();
        return client == null ? null : session.users().getServiceAccount(client);
    }

    private String actorId() {
        UserModel actor = actor();
        return actor == null ? null : actor.getId();
    }

    private Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("via", "scim");
        ClientModel client = session.getContext().getClient();
        if (client != null) {
            details.put("client", client.getClientId());
        }
        return details;
    }

    @Override
    public void close() {
    }
}
