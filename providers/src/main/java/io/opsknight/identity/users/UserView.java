package io.opsknight.identity.users;

import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.profile.Gravatar;
import io.opsknight.identity.profile.PersonInput;
import io.opsknight.identity.profile.ProfileAttribute;
import io.opsknight.identity.roles.Role;
import io.opsknight.identity.roles.UserRoles;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.LinkedHashMap;
import java.util.Map;

/** A user as our API shows it: flat fields, attributes under their own names. */
public final class UserView {

    private UserView() {
    }

    /** The short form used in lists. */
    public static Map<String, Object> summary(RealmModel realm, UserModel user) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", user.getId());
        json.put("email", user.getEmail());
        json.put("name", PersonInput.displayName(user));
        json.put("role", UserRoles.roleOf(realm, user).name());
        json.put("status", UserStatus.of(user).name());
        json.put("avatar", Gravatar.url(user.getEmail()));
        return json;
    }

    /** The full form, with profile and preferences. */
    public static Map<String, Object> full(RealmModel realm, UserModel user) {
        Map<String, Object> json = summary(realm, user);
        json.put("email_verified", user.isEmailVerified());
        for (ProfileAttribute attribute : ProfileAttribute.values()) {
            json.put(attribute.attributeName(), attribute.read(user));
        }
        // ISO-8601 UTC, like every time in our API.
        Long created = user.getCreatedTimestamp();
        json.put("createdAt", created == null ? null : java.time.Instant.ofEpochMilli(created).toString());
        return json;
    }

    /** The user's own view: the full form plus their permissions. */
    public static Map<String, Object> me(RealmModel realm, UserModel user) {
        Map<String, Object> json = full(realm, user);
        Role role = UserRoles.roleOf(realm, user);
        json.put("permissions", role.permissionKeys());
        return json;
    }
}
