package io.opsknight.identity.users;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.opsknight.identity.roles.UserRoles;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.List;

/** {@code GET /me}: the caller's {@link UserDetails} plus their sorted permission keys. {@link #of} is the converter. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Me(@JsonUnwrapped UserDetails user, List<String> permissions) {

    public static Me of(KeycloakSession session, RealmModel realm, UserModel user) {
        return new Me(UserDetails.of(session, realm, user), UserRoles.roleOf(realm, user).permissionKeys());
    }
}
