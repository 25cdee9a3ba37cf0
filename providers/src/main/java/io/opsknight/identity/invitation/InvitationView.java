package io.opsknight.identity.invitation;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An invitation as our API shows it: {@code {id, email, name, role, status, expiresAt, link}} plus
 * userId, createdAt, acceptedAt, resendCount. Times are ISO-8601 UTC. The link exists only in the
 * answer that minted it (create, resend): the server keeps just a digest of its nonce.
 */
final class InvitationView {

    private InvitationView() {
    }

    static Map<String, Object> of(InvitationEntity invitation, long now, String link) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", invitation.getId());
        json.put("email", invitation.getEmail());
        json.put("name", invitation.getName());
        json.put("role", invitation.getRole());
        json.put("status", invitation.effectiveStatus(now).name());
        json.put("expiresAt", iso(invitation.getExpiresAt()));
        json.put("link", link);
        json.put("userId", invitation.getUserId());
        json.put("createdAt", iso(invitation.getCreatedAt()));
        json.put("acceptedAt", invitation.getAcceptedAt() == null ? null : iso(invitation.getAcceptedAt()));
        json.put("resendCount", invitation.getResendCount());
        return json;
    }

    /** The answer of create and resend: the invitation, its new link, and whether the email went out. */
    static Map<String, Object> issued(InvitationService.Issued issued, long now) {
        Map<String, Object> json = of(issued.invitation(), now, issued.link());
        json.put("emailSent", issued.emailSent());
        if (!issued.emailSent()) {
            json.put("message", "The invitation was saved but the email could not be sent. Copy the link and send it to the person yourself, or resend later.");
        }
        return json;
    }

    private static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
