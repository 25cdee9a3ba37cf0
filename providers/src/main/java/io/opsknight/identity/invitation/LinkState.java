package io.opsknight.identity.invitation;

/**
 * What an invitation link is worth right now, for the page the person sees. Checked in this order:
 * a used invitation says so even for an older link (the person is in; they should sign in), a
 * revoked one says so, then an outdated link (a newer one was sent), then the expiry.
 */
public enum LinkState {
    /** The current link of a live invitation: the accept page. */
    VALID("valid", null, null),
    /** No such invitation (deleted realm data, or a link of another realm): treated like a bad link. */
    UNKNOWN("unknown", "opsknightInvitationUnknownTitle", "opsknightInvitationUnknownMessage"),
    USED("used", "opsknightInvitationUsedTitle", "opsknightInvitationUsedMessage"),
    REVOKED("revoked", "opsknightInvitationRevokedTitle", "opsknightInvitationRevokedMessage"),
    SUPERSEDED("superseded", "opsknightInvitationSupersededTitle", "opsknightInvitationSupersededMessage"),
    EXPIRED("expired", "opsknightInvitationExpiredTitle", "opsknightInvitationExpiredMessage");

    private final String code;
    private final String titleKey;
    private final String messageKey;

    LinkState(String code, String titleKey, String messageKey) {
        this.code = code;
        this.titleKey = titleKey;
        this.messageKey = messageKey;
    }

    /** Stable name for the page (data-state attribute) and the event detail. */
    public String code() {
        return code;
    }

    /** Message keys of the login theme. */
    public String titleKey() {
        return titleKey;
    }

    public String messageKey() {
        return messageKey;
    }

    /**
     * @param invitation  the row, or null when none
     * @param userId      the token's subject
     * @param nonceDigest digest of the token's nonce
     */
    public static LinkState of(InvitationEntity invitation, String userId, String nonceDigest, long now) {
        if (invitation == null || !invitation.getUserId().equals(userId)) {
            return UNKNOWN;
        }
        return of(invitation.getStatus(), invitation.getNonceDigest().equals(nonceDigest), invitation.getExpiresAt(), now);
    }

    static LinkState of(InvitationStatus stored, boolean currentLink, long expiresAt, long now) {
        if (stored == InvitationStatus.ACCEPTED) {
            return USED;
        }
        if (stored == InvitationStatus.REVOKED) {
            return REVOKED;
        }
        if (!currentLink) {
            return SUPERSEDED;
        }
        if (InvitationStatus.effective(stored, expiresAt, now) == InvitationStatus.EXPIRED) {
            return EXPIRED;
        }
        return VALID;
    }
}
