package io.opsknight.identity.account;

import io.opsknight.identity.roles.Role;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;

/**
 * The signed-in person on the account page: their ACTIVE user, their role and the browser's SSO
 * session (the session that signed in to the page; "the current session" for the sessions section).
 */
public record AccountContext(KeycloakSession session, RealmModel realm, UserModel user, UserSessionModel userSession, Role role) {
}
