package io.opsknight.identity.users;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.opsknight.identity.invitation.InvitationService;
import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.profile.Gravatar;
import io.opsknight.identity.profile.PersonInput;
import io.opsknight.identity.roles.UserRoles;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * A user in the admin's list: {@code {id, email, name, role, status, avatar}}, plus the pending
 * {@code invitationId} of an INVITED user (the list's Resend button starts from it). {@link #of} is
 * the one converter.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record UserSummary(String id, String email, String name, String role, String status, String avatar,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String invitationId) {

    public static UserSummary of(KeycloakSession session, RealmModel realm, UserModel user) {
        UserStatus status = UserStatus.of(user);
        String invitationId = status == UserStatus.INVITED
                ? new InvitationService(session, realm).pendingInvitationId(user).orElse(null) : null;
        return new UserSummary(user.getId(), user.getEmail(), PersonInput.displayName(user),
                UserRoles.roleOf(realm, user).name(), status.name(), Gravatar.url(user.getEmail()), invitationId);
    }
}
