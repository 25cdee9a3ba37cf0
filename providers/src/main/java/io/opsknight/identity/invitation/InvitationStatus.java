package io.opsknight.identity.invitation;

import io.opsknight.identity.common.Names;
import java.util.Optional;

/**
 * The state of an invitation. PENDING, ACCEPTED and REVOKED are stored; EXPIRED is what a stored
 * PENDING reads as once its expiry has passed, so no job has to flip rows at midnight.
 */
public enum InvitationStatus {
    PENDING,
    ACCEPTED,
    EXPIRED,
    REVOKED;

    /** The status a reader sees: a stored PENDING past its expiry is EXPIRED. */
    public static InvitationStatus effective(InvitationStatus stored, long expiresAt, long now) {
        if (stored == PENDING && now >= expiresAt) {
            return EXPIRED;
        }
        return stored;
    }

    /** Parses a status as sent by a client (case-insensitive, trimmed). */
    public static Optional<InvitationStatus> parse(String value) {
        return Names.parse(InvitationStatus.class, value);
    }

    /** Whether an admin may still resend it (a fresh link for the same invitation). */
    public boolean resendable() {
        return this == PENDING || this == EXPIRED;
    }
}
