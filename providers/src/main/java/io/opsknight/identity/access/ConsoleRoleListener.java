package io.opsknight.identity.access;

import io.opsknight.identity.roles.Role;
import io.opsknight.identity.roles.UserRoles;
import io.opsknight.identity.audit.Audit;
import io.opsknight.identity.audit.AuditEventType;
import io.opsknight.identity.common.AdminEventListener;
import io.opsknight.identity.common.AdminEventPath;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps "exactly one OpsKnight role" when a console admin (admin REST API) changes a user's realm role
 * mappings. Keycloak calls admin event listeners synchronously from the admin resource, inside the
 * request's transaction and before its commit, so what we change here commits (or rolls back) together
 * with the admin's own change.
 * <ul>
 *   <li>A role added to a user who holds another: the newest wins (the last OpsKnight role the request
 *   added), the others are removed.</li>
 *   <li>ADMIN taken from the last ACTIVE ADMIN (by adding another role or by removing ADMIN): undone, the
 *   user stays ADMIN, and the refusal is recorded.</li>
 *   <li>All OpsKnight roles removed: the user gets USER (mapped, not only counted).</li>
 *   <li>A user created through the admin API gets USER mapped (see {@link #created}).</li>
 * </ul>
 * Every change of the effective role is recorded as {@code user.role.changed}; a demotion ends the
 * user's sessions, as with {@code PUT /users/{id}/role}.
 */
public class ConsoleRoleListener extends AdminEventListener {

    private static final Logger LOG = Logger.getLogger(ConsoleRoleListener.class);
    private static final Map<String, String> CONSOLE = Map.of("source", "console");

    public ConsoleRoleListener(KeycloakSession session) {
        super(session);
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getResourceType() == ResourceType.USER && event.getOperationType() == OperationType.CREATE) {
            created(event);
            return;
        }
        if (event.getResourceType() != ResourceType.REALM_ROLE_MAPPING) {
            return;
        }
        // Group role mappings do not match: our claims read the user's direct mappings only.
        String userId = AdminEventPath.userId(event.getResourcePath(), "/role-mappings/realm").orElse(null);
        if (userId == null) {
            return;
        }
        // What really changed in this request (Keycloak's RoleGranted/RoleRevoked events), not what was asked.
        List<RoleMappingChanges.Change> changes = RoleMappingChanges.take(session, userId);
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (changes.isEmpty() || realm == null || !hasOurRoles(realm)) {
            return;
        }
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            return;
        }
        String actor = event.getAuthDetails() == null ? null : event.getAuthDetails().getUserId();
        boolean added = event.getOperationType() == OperationType.CREATE;
        if (added || event.getOperationType() == OperationType.DELETE) {
            Optional<ConsoleRoleDecision.RoleChange> change = added
                    ? ConsoleRoleDecision.afterGrants(changes, UserRoles.held(realm, user))
                    : Optional.of(ConsoleRoleDecision.afterRevokes(changes, UserRoles.held(realm, user)));
            change.ifPresent(c -> apply(realm, user, c, added, actor));
        }
        // Our own grants and removals above were noted too: they belong to no admin request.
        RoleMappingChanges.take(session, user.getId());
    }

    private void apply(RealmModel realm, UserModel user, ConsoleRoleDecision.RoleChange change, boolean added, String actor) {
        RoleService roles = new RoleService(session, realm);
        if (roles.losesLastActiveAdmin(user, change.from(), change.to())) {
            roles.assign(user, Role.ADMIN);
            refused(realm, user, change.to(), actor);
            return;
        }
        if (added || UserRoles.held(realm, user).isEmpty()) {
            // Added: the newest wins. All removed: the user holds USER, as counted (realm_access agrees).
            roles.assign(user, change.to());
            LOG.debugf("console gave user %s the role %s (was %s)", user.getId(), change.to(), change.from());
        }
        roles.changed(user, change.from(), change.to(), actor, CONSOLE);
    }

    /**
     * A user created in the console (admin REST API) gets the USER mapping, not only the USER count, so that
     * {@code realm_access} and {@code opsknight_role} agree from the first token. Users made by OpsKnight
     * (setup, invitations) are not created through the admin API and get their role there.
     */
    private void created(AdminEvent event) {
        String userId = AdminEventPath.userId(event.getResourcePath(), "").orElse(null);
        RealmModel realm = userId == null ? null : session.realms().getRealm(event.getRealmId());
        UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
        if (user == null || user.getServiceAccountClientLink() != null || !hasOurRoles(realm)) {
            return;
        }
        if (UserRoles.held(realm, user).isEmpty()) {
            new RoleService(session, realm).assign(user, Role.DEFAULT);
            LOG.debugf("console created user %s: mapped %s", user.getId(), Role.DEFAULT);
        }
        // Our own grant belongs to no admin request.
        RoleMappingChanges.take(session, user.getId());
    }

    /** The last ACTIVE ADMIN keeps ADMIN; the attempt is an event too. */
    private void refused(RealmModel realm, UserModel user, Role requested, String actor) {
        LOG.infof("kept ADMIN for user %s, the last active ADMIN of realm %s (console asked for %s)",
                user.getId(), realm.getName(), requested);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", Role.ADMIN.name());
        details.put("to", Role.ADMIN.name());
        details.put("requested", requested.name());
        details.put("refused", "last_admin");
        details.putAll(CONSOLE);
        Audit.record(session, realm, AuditEventType.USER_ROLE_CHANGED, actor, user.getId(), details);
    }

    private static boolean hasOurRoles(RealmModel realm) {
        for (Role r : Role.values()) {
            if (realm.getRole(r.name()) == null) {
                return false;
            }
        }
        return true;
    }
}
