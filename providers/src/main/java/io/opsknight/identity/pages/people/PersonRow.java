package io.opsknight.identity.pages.people;

import io.opsknight.identity.invitation.InvitationEntity;
import io.opsknight.identity.invitation.InvitationService;
import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.profile.Gravatar;
import io.opsknight.identity.profile.PersonInput;
import io.opsknight.identity.roles.UserRoles;
import io.opsknight.identity.users.PeopleService;
import io.opsknight.identity.users.UserQuery;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.LinkedHashMap;
import java.util.Map;

/** A person as the People pages show them (a row of the list, the head of the person page). */
final class PersonRow {

    private PersonRow() {
    }

    static Map<String, Object> of(KeycloakSession session, RealmModel realm, UserModel user, UserModel viewer) {
        Map<String, Object> row = new LinkedHashMap<>();
        UserStatus status = UserStatus.of(user);
        row.put("id", user.getId());
        String name = PersonInput.displayName(user);
        row.put("name", name == null ? "" : name);
        row.put("email", user.getEmail() == null ? "" : user.getEmail());
        String avatar = Gravatar.url(user.getEmail());
        row.put("avatar", avatar == null ? "" : avatar);
        row.put("role", UserRoles.roleOf(realm, user).name());
        row.put("status", status.name());
        row.put("joined", PeopleUrls.day(user.getCreatedTimestamp()));
        row.put("lastSignIn", PeopleUrls.minute(UserQuery.lastSignIn(session, realm, user)));
        row.put("managed", PeopleService.managed(realm, user));
        row.put("self", user.getId().equals(viewer.getId()));
        row.put("url", PeopleUrls.person(session, realm, user.getId()).toString());
        String expires = "";
        boolean undelivered = false;
        if (status == UserStatus.INVITED) {
            InvitationService invitations = new InvitationService(session, realm);
            InvitationEntity open = invitations.openOf(user).orElse(null);
            if (open != null) {
                expires = PeopleUrls.minute(open.getExpiresAt());
                undelivered = InvitationService.undelivered(invitations.delivery(open));
            }
        }
        row.put("invitationExpires", expires);
        // The invitation email will not arrive by itself: the admin resends or passes the link on.
        row.put("emailUndelivered", undelivered);
        return row;
    }
}
