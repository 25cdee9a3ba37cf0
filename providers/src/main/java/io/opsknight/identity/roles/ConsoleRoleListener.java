package io.opsknight.identity.roles;

import io.opsknight.identity.audit.Audit;
import io.opsknight.identity.audit.AuditEventType;
import io.opsknight.identity.lifecycle.UserStatus;
import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 *   <li>All OpsKnight roles removed: the user counts as USER.</li>
 * </ul>
 * Every change of the effective role is recorded as {@code user.role.changed}; a demotion ends the
 * user's sessions, as with {@code PUT /users/{id}/role}.
 */
public class ConsoleRoleListener implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(ConsoleRoleListener.class);
    private static final Pattern USER_REALM_MAPPINGS = Pattern.compile("^users/([^/]+)/role-mappings/realm$");
    private static final Map<String, String> CONSOLE = Map.of("source", "console");

    private final KeycloakSession session;

    public ConsoleRoleListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        // user events carry no role changes
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getResourceType() != ResourceType.REALM_ROLE_MAPPING || event.getResourcePath() == null) {
            return;
        }
        Matcher m = USER_REALM_MAPPINGS.matcher(event.getResourcePath());
        if (!m.matches()) {
            return; // group role mappings: our claims read the user's direct mappings only
        }
        // What really changed in this request (Keycloak's RoleGranted/RoleRevoked events), not what was asked.
        List<RoleMappingChanges.Change> changes = RoleMappingChanges.take(session, m.group(1));
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (changes.isEmpty() || realm == null || !hasOurRoles(realm)) {
            return;
        }
        UserModel user = session.users().getUserById(realm, m.group(1));
        if (user == null) {
            return;
        }
        String actor = event.getAuthDetails() == null ? null : event.getAuthDetails().getUserId();
        if (event.getOperationType() == OperationType.CREATE) {
            added(realm, user, changes, actor);
        } else if (event.getOperationType() == OperationType.DELETE) {
            removed(realm, user, changes, actor);
        }
        // Our own grants and removals above were noted too: they belong to no admin request.
        RoleMappingChanges.take(session, user.getId());
    }

    private void added(RealmModel realm, UserModel user, List<RoleMappingChanges.Change> changes, String actor) {
        List<Role> granted = changes.stream().filter(RoleMappingChanges.Change::granted)
                .map(RoleMappingChanges.Change::role).toList();
        if (granted.isEmpty()) {
            return;
        }
        Role newest = granted.get(granted.size() - 1);
        // The role before the request: the highest one held now that the request did not add (none: USER).
        Role from = Role.DEFAULT;
        for (Role r : Role.values()) {
            if (!granted.contains(r) && user.hasDirectRole(realm.getRole(r.name()))) {
                from = r;
                break;
            }
        }
        if (from == Role.ADMIN && newest != Role.ADMIN && RoleService.isLastActiveAdmin(session, realm, user)) {
            RoleService.assign(realm, user, Role.ADMIN);
            refused(realm, user, newest, actor);
            return;
        }
        RoleService.assign(realm, user, newest);
        LOG.debugf("console gave user %s the role %s (was %s)", user.getId(), newest, from);
        RoleService.changed(session, realm, user, from, newest, actor, CONSOLE);
    }

    private void removed(RealmModel realm, UserModel user, List<RoleMappingChanges.Change> changes, String actor) {
        Role now = UserRoles.roleOf(realm, user);
        // The role before the request: the highest of what it removed and what is left.
        Role from = now;
        for (Role r : Role.values()) {
            if (r == now || changes.contains(new RoleMappingChanges.Change(r, false))) {
                from = r;
                break;
            }
        }
        if (from == Role.ADMIN && now != Role.ADMIN && UserStatus.of(user) == UserStatus.ACTIVE
                && !RoleService.hasOtherActiveAdmin(session, realm, user)) {
            RoleService.assign(realm, user, Role.ADMIN);
            refused(realm, user, now, actor);
            return;
        }
        RoleService.changed(session, realm, user, from, now, actor, CONSOLE);
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

    @Override
    public void close() {
    }
}
