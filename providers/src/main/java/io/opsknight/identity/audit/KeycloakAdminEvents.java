package io.opsknight.identity.audit;

import io.opsknight.identity.common.ApiCall;
import org.keycloak.common.ClientConnection;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * Each mutation of our API is also a Keycloak admin event (custom resource type {@code OPSKNIGHT_*},
 * the event as representation), so the console's Events tab and every Keycloak event listener see
 * OpsKnight changes. The REST edge notes the request's caller ({@link ApiCall}); changes made by the console
 * itself (our console listeners) already are admin events and get no second one.
 */
public final class KeycloakAdminEvents {

    private KeycloakAdminEvents() {
    }

    static void emit(KeycloakSession session, RealmModel realm, AuditEventType type, AuditEvent event) {
        ApiCall call = ApiCall.of(session);
        String clientId = call == null ? null : call.token().getIssuedFor();
        ClientModel client = clientId == null ? null : session.clients().getClientByClientId(realm, clientId);
        if (client == null) {
            return;
        }
        AdminAuth auth = new AdminAuth(realm, call.token(), call.user(), client);
        ClientConnection connection = session.getContext().getConnection();
        new AdminEventBuilder(realm, auth, session, connection)
                .operation(type.operation())
                .resource(type.resourceType())
                .resourcePath(pathOf(session, realm))
                .representation(event.webhook())
                .detail("opsknightEvent", type.key())
                .success();
    }

    /** The request path below the realm, e.g. {@code opsknight/users/<id>/role}. */
    private static String pathOf(KeycloakSession session, RealmModel realm) {
        String path = session.getContext().getUri().getPath();
        String marker = "/realms/" + realm.getName() + "/";
        int i = path.indexOf(marker);
        return i < 0 ? path : path.substring(i + marker.length());
    }
}
