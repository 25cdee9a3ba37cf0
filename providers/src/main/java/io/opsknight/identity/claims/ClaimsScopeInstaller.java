package io.opsknight.identity.claims;

import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;

/**
 * Gives Keycloak's built-in clients (account console, admin CLI, ...) the {@code opsknight} client
 * scope when a realm is created or imported. Keycloak creates those clients before it imports the
 * realm's own client scopes, so they miss a default scope that the realm JSON declares; clients added
 * later get it anyway as a realm default. Without this, the account console's tokens would lack the
 * OpsKnight claims.
 */
final class ClaimsScopeInstaller {

    static final String SCOPE_NAME = "opsknight";
    private static final Logger LOG = Logger.getLogger(ClaimsScopeInstaller.class);

    private ClaimsScopeInstaller() {
    }

    static void onProviderEvent(ProviderEvent event) {
        if (event instanceof RealmModel.RealmPostCreateEvent created) {
            install(created.getCreatedRealm());
        }
    }

    /** Adds the scope as a default scope to every OIDC client lacking it, if the realm makes it a default. */
    static int install(RealmModel realm) {
        ClientScopeModel scope = realm.getDefaultClientScopesStream(true)
                .filter(s -> SCOPE_NAME.equals(s.getName())).findFirst().orElse(null);
        if (scope == null) {
            return 0; // not an OpsKnight realm (or the operator removed the scope from the defaults)
        }
        int added = 0;
        for (ClientModel client : realm.getClientsStream().toList()) {
            String protocol = client.getProtocol() == null ? "openid-connect" : client.getProtocol();
            if (protocol.equals(scope.getProtocol()) && !client.getClientScopes(true).containsKey(SCOPE_NAME)
                    && !client.getClientScopes(false).containsKey(SCOPE_NAME)) {
                client.addClientScope(scope, true);
                added++;
            }
        }
        LOG.debugf("realm %s: added client scope %s to %d clients", realm.getName(), SCOPE_NAME, added);
        return added;
    }
}
