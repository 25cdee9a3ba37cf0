package io.opsknight.identity.invitation;

import static io.opsknight.identity.common.Times.iso;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.opsknight.identity.outbox.Delivery;


/**
 * An invitation as our API shows it: {@code {id, email, name, role, status, expiresAt, link}} plus
 * userId, createdAt, acceptedAt, resendCount, and {@code delivery}, the state of its newest email (null
 * for an invitation older than the outbox). Times are ISO-8601 UTC. The link exists only in the answer
 * that minted it (create, resend): the server keeps just a digest of its nonce. Revoke adds {@code userDeleted}.
 * The static factories are the one converter.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record InvitationView(String id, String email, String name, String role, String status, String expiresAt,
                             String link, String userId, String createdAt, String acceptedAt, int resendCount,
                             Delivery delivery,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Boolean userDeleted) {

    static InvitationView of(InvitationEntity invitation, long now, Delivery delivery) {
        return of(invitation, now, null, delivery, null);
    }

    /** The answer of create and resend: the invitation, its new link, and its email's delivery state. */
    static InvitationView issued(InvitationService.Issued issued, long now) {
        return of(issued.invitation(), now, issued.link(), issued.delivery(), null);
    }

    /** The answer of revoke: the invitation, now REVOKED, and whether its INVITED user was deleted. */
    static InvitationView revoked(InvitationEntity invitation, long now, Delivery delivery, boolean userDeleted) {
        return of(invitation, now, null, delivery, userDeleted);
    }

    private static InvitationView of(InvitationEntity invitation, long now, String link, Delivery delivery, Boolean userDeleted) {
        return new InvitationView(invitation.getId(), invitation.getEmail(), invitation.getName(), invitation.getRole(),
                invitation.effectiveStatus(now).name(), iso(invitation.getExpiresAt()), link, invitation.getUserId(),
                iso(invitation.getCreatedAt()), iso(invitation.getAcceptedAt()),
                invitation.getResendCount(), delivery, userDeleted);
    }

}
