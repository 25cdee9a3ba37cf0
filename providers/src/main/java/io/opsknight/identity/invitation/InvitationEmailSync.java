package io.opsknight.identity.invitation;

import io.opsknight.identity.common.AdminEventListener;
import io.opsknight.identity.common.AdminEventPath;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * An admin changes the email of an INVITED person in the Keycloak console or admin REST API: the pending
 * invitation follows them to the new address ({@link InvitationService#emailChanged}), so the link mailed
 * to the old one no longer opens the accept page. Runs inside the admin's transaction (see
 * {@link AdminEventListener}); the event carries no old value, so the invitation's own address is what the
 * user's current email is compared with.
 */
public class InvitationEmailSync extends AdminEventListener {

    public InvitationEmailSync(KeycloakSession session) {
        super(session);
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getResourceType() != ResourceType.USER || event.getOperationType() != OperationType.UPDATE
                || event.getResourcePath() == null) {
            return;
        }
        String userId = AdminEventPath.userId(event.getResourcePath(), "").orElse(null);
        RealmModel realm = userId == null ? null : session.realms().getRealm(event.getRealmId());
        UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
        if (user == null) {
            return;
        }
        String actorId = event.getAuthDetails() == null ? null : event.getAuthDetails().getUserId();
        new InvitationService(session, realm).emailChanged(actorId, user);
    }
}
