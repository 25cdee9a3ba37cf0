package io.opsknight.identity.apitoken;

import io.opsknight.identity.common.AdminEventPath;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;

/**
 * Revokes a person's API tokens when Keycloak itself changes their password or an admin signs them out
 * everywhere, the paths our API does not see: the account console and the "update password" required
 * action and reset-credentials flow (user event UPDATE_PASSWORD / UPDATE_CREDENTIAL of a password), the
 * admin console's "Reset password" ({@code users/<id>/reset-password}) and "Sign out"
 * ({@code users/<id>/logout}). Keycloak calls listeners synchronously before the request's transaction
 * commits, so the revocation commits or rolls back with the change.
 * <p>
 * Not the realm-wide "Sign out all active sessions" ({@code logout-all}): it names no one, and revoking
 * every API token of the realm would stop every script for an action usually meant for browsers.
 */
final class ApiTokenRevocation implements EventListenerProvider {

    private final KeycloakSession session;

    ApiTokenRevocation(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getError() != null || event.getUserId() == null) {
            return;
        }
        boolean password = event.getType() == EventType.UPDATE_PASSWORD
                || (event.getType() == EventType.UPDATE_CREDENTIAL && event.getDetails() != null
                    && PasswordCredentialModel.TYPE.equals(event.getDetails().get(Details.CREDENTIAL_TYPE)));
        if (password) {
            revoke(event.getRealmId(), event.getUserId(), ApiTokenService.PASSWORD_CHANGED);
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getResourceType() != ResourceType.USER || event.getOperationType() != OperationType.ACTION
                || event.getError() != null) {
            return;
        }
        String path = event.getResourcePath();
        AdminEventPath.userId(path, "/reset-password")
                .ifPresent(id -> revoke(event.getRealmId(), id, ApiTokenService.PASSWORD_CHANGED));
        AdminEventPath.userId(path, "/logout")
                .ifPresent(id -> revoke(event.getRealmId(), id, ApiTokenService.SESSIONS_ENDED));
    }

    private void revoke(String realmId, String userId, String reason) {
        RealmModel realm = session.realms().getRealm(realmId);
        UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
        if (user != null) {
            new ApiTokenService(session, realm).revokeAllOf(user, reason);
        }
    }

    @Override
    public void close() {
    }
}
