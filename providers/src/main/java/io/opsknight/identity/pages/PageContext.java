package io.opsknight.identity.pages;

import io.opsknight.identity.roles.Role;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;

/**
 * The signed-in person on one of our pages: their ACTIVE user, their role, the browser's SSO session
 * (the session that signed in to the page; "the current session" for the sessions section) and the
 * request's query parameters (a list's filters).
 */
public record PageContext(KeycloakSession session, RealmModel realm, UserModel user, UserSessionModel userSession, Role role,
                          PageForm query) {
}
