package io.opsknight.identity.common;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.net.URI;

/**
 * Where our signed-in pages live, for the pages that link to them (setup result, invitation accept,
 * account, People). Paths are relative to the server; URLs are as the browser of this request reaches it.
 */
public final class PageUrls {

    public static final String ACCOUNT = "account";
    public static final String PEOPLE = "people";

    private PageUrls() {
    }

    /** {@code /realms/{realm}/opsknight/<page>}. */
    public static String path(RealmModel realm, String page) {
        return "/realms/" + realm.getName() + "/opsknight/" + page;
    }

    public static URI url(KeycloakSession session, RealmModel realm, String page) {
        return session.getContext().getUri().getBaseUriBuilder().path(path(realm, page)).build();
    }

    public static URI account(KeycloakSession session, RealmModel realm) {
        return url(session, realm, ACCOUNT);
    }

    public static URI people(KeycloakSession session, RealmModel realm) {
        return url(session, realm, PEOPLE);
    }
}
