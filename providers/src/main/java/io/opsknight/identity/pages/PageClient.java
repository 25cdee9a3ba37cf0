package io.opsknight.identity.pages;

import io.opsknight.identity.common.PageUrls;
import io.opsknight.identity.roles.Permission;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The public OIDC client {@value #CLIENT_ID} through which our signed-in pages (account, People) sign
 * people in (authorization code with PKCE S256, redirect URI = the page itself, relative to the server so
 * it works behind any hostname). Made on the first visit of a realm's page, and its redirect URIs fixed
 * if the realm was renamed, so the realm JSON works under any realm name.
 */
public final class PageClient {

    static final String CLIENT_ID = "opsknight-account";
    private static final Logger LOG = Logger.getLogger(PageClient.class);

    private PageClient() {
    }

    /** The pages that sign in through this client: each is its own redirect URI. */
    static final List<String> PAGES = List.of(PageUrls.ACCOUNT, PageUrls.PEOPLE);

    /**
     * At the creation (or import) of an OpsKnight realm, Keycloak's {@code account} client gets the account page
     * as its Home URL. That client is the one of flows that have no application: an admin-sent password-reset
     * link, an invitation's sign-in, an expired login page. Keycloak's pages then offer "Back to application"
     * to the OpsKnight account page instead of Keycloak's account console (which stays at
     * {@code /realms/{realm}/account}). A Home URL the operator changed is left alone.
     */
    public static void onProviderEvent(ProviderEvent event) {
        if (event instanceof RealmModel.RealmPostCreateEvent created) {
            linkAccountHome(created.getCreatedRealm());
        }
    }

    static boolean linkAccountHome(RealmModel realm) {
        ClientModel account = realm.getClientByClientId(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID);
        if (account == null || realm.getClientByClientId(Permission.CLIENT_ID) == null) {
            return false; // not an OpsKnight realm
        }
        String keycloakDefault = "/realms/" + realm.getName() + "/account/";
        String home = account.getBaseUrl();
        if (home != null && !home.isBlank() && !home.equals(keycloakDefault)) {
            return false;
        }
        account.setBaseUrl(PageUrls.path(realm, PageUrls.ACCOUNT));
        LOG.debugf("realm %s: Home URL of client %s is the account page", realm.getName(), Constants.ACCOUNT_MANAGEMENT_CLIENT_ID);
        return true;
    }

    static ClientModel ensure(KeycloakSession session, RealmModel realm) {
        Set<String> paths = PAGES.stream().map(page -> PageUrls.path(realm, page)).collect(Collectors.toSet());
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
            LOG.infof("realm %s: created client %s for our pages", realm.getName(), CLIENT_ID);
        }
        if (!paths.equals(client.getRedirectUris())) {
            client.setRedirectUris(paths);
            client.setBaseUrl(PageUrls.path(realm, PageUrls.ACCOUNT));
        }
        return client;
    }
}
