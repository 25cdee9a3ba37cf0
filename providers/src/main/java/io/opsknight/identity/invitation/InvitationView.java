package io.opsknight.identity.invitation;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * An invitation as our API shows it: {@code {id, email, name, role, status, expiresAt, link}} plus
 * userId, createdAt, acceptedAt, resendCount. Times are ISO-8601 UTC. The link exists only in the
 * answer that minted it (create, resend): the server keeps just a digest of its nonce. Create and
 * resend add {@code emailSent} (and a {@code message} when it failed), revoke adds {@code userDeleted}.
 * The static factories are the one converter.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record InvitationView(String id, String email, String name, String role, String status, String expiresAt,
                             String link, String userId, String createdAt, String acceptedAt, int resendCount,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Boolean emailSent,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String message,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Boolean userDeleted) {

    static final String EMAIL_FAILED = "The invitation was saved but the email could not be sent. Copy the link and send "
            + "it to the person yourself, or resend later.";

    static InvitationView of(InvitationEntity invitation, long now) {
        return of(invitation, now, null, null, null, null);
    }

    /** The answer of create and resend: the invitation, its new link, and whether the email went out. */
    static InvitationView issued(InvitationService.Issued issued, long now) {
        return of(issued.invitation(), now, issued.link(), issued.emailSent(),
                issued.emailSent() ? null : EMAIL_FAILED, null);
    }

    /** The answer of revoke: the invitation, now REVOKED, and whether its INVITED user was deleted. */
    static InvitationView revoked(InvitationEntity invitation, long now, boolean userDeleted) {
        return of(invitation, now, null, null, null, userDeleted);
    }

    private static InvitationView of(InvitationEntity invitation, long now, String link, Boolean emailSent,
                                     String message, Boolean userDeleted) {
        return new InvitationView(invitation.getId(), invitation.getEmail(), invitation.getName(), invitation.getRole(),
                invitation.effectiveStatus(now).name(), iso(invitation.getExpiresAt()), link, invitation.getUserId(),
                iso(invitation.getCreatedAt()), invitation.getAcceptedAt() == null ? null : iso(invitation.getAcceptedAt()),
                invitation.getResendCount(), emailSent, message, userDeleted);
    }

    private static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
