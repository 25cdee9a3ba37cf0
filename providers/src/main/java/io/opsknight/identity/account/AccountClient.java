package io.opsknight.identity.account;

import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

import java.util.Set;

/**
 * The public OIDC client {@value #CLIENT_ID} through which the account page signs people in
 * (authorization code with PKCE S256, redirect URI = the page itself, relative to the server so it
 * works behind any hostname). Made on the first visit of a realm's page, and its redirect URI fixed
 * if the realm was renamed, so the realm JSON works under any realm name.
 */
public final class AccountClient {

    static final String CLIENT_ID = "opsknight-account";
    private static final Logger LOG = Logger.getLogger(AccountClient.class);

    private AccountClient() {
    }

    public static String pagePath(RealmModel realm) {
        return "/realms/" + realm.getName() + "/opsknight/account";
    }

    static ClientModel ensure(KeycloakSession session, RealmModel realm) {
        String path = pagePath(realm);
        ClientModel client = realm.getClientByClientId(CLIENT_ID);
        if (client == null) {
            client = realm.addClient(CLIENT_ID);
            client.setName("${opsknightAccountClient}");
            client.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
            client.setEnabled(true);
            client.setPublicClient(true);
            client.setStandardFlowEnabled(true);
            client.setImplicitFlowEnabled(false);
            client.setDirectAccessGrantsEnabled(false);
            client.setServiceAccountsEnabled(false);
            client.setConsentRequired(false);
            client.setFullScopeAllowed(false);
            client.setRootUrl("${authBaseUrl}");
            client.setAttribute("pkce.code.challenge.method", OAuth2Constants.PKCE_METHOD_S256);
            client.setAttribute("post.logout.redirect.uris", "+");
            LOG.infof("realm %s: created client %s for the account page", realm.getName(), CLIENT_ID);
        }
        if (!Set.of(path).equals(client.getRedirectUris())) {
            client.setRedirectUris(Set.of(path));
            client.setBaseUrl(path);
        }
        return client;
    }
}
