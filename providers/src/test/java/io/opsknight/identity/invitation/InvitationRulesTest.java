package io.opsknight.identity.invitation;

import io.opsknight.identity.common.Digests;
import io.opsknight.identity.profile.PersonInput;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure rules: derived status, what a link is worth, input validation, the expiry text. */
class InvitationRulesTest {

    static final long EXPIRES = 1_000_000L;

    @Test
    void pendingPastItsExpiryReadsExpired() {
        assertThat(InvitationStatus.effective(InvitationStatus.PENDING, EXPIRES, EXPIRES - 1)).isEqualTo(InvitationStatus.PENDING);
        assertThat(InvitationStatus.effective(InvitationStatus.PENDING, EXPIRES, EXPIRES)).isEqualTo(InvitationStatus.EXPIRED);
        assertThat(InvitationStatus.effective(InvitationStatus.ACCEPTED, EXPIRES, EXPIRES + 1)).isEqualTo(InvitationStatus.ACCEPTED);
        assertThat(InvitationStatus.effective(InvitationStatus.REVOKED, EXPIRES, EXPIRES + 1)).isEqualTo(InvitationStatus.REVOKED);
        assertThat(InvitationStatus.parse(" expired ")).contains(InvitationStatus.EXPIRED);
        assertThat(InvitationStatus.parse("LOST")).isEmpty();
        assertThat(InvitationStatus.PENDING.resendable()).isTrue();
        assertThat(InvitationStatus.EXPIRED.resendable()).isTrue();
        assertThat(InvitationStatus.ACCEPTED.resendable()).isFalse();
        assertThat(InvitationStatus.REVOKED.resendable()).isFalse();
    }

    @Test
    void linkStateSaysWhyALinkIsDead() {
        long now = EXPIRES - 1;
        assertThat(LinkState.of(InvitationStatus.PENDING, true, EXPIRES, now)).isEqualTo(LinkState.VALID);
        assertThat(LinkState.of(InvitationStatus.PENDING, true, EXPIRES, EXPIRES)).isEqualTo(LinkState.EXPIRED);
        assertThat(LinkState.of(InvitationStatus.PENDING, false, EXPIRES, now)).isEqualTo(LinkState.SUPERSEDED);
        // An old link of an expired invitation: superseded says more (a newer email exists).
        assertThat(LinkState.of(InvitationStatus.PENDING, false, EXPIRES, EXPIRES)).isEqualTo(LinkState.SUPERSEDED);
        assertThat(LinkState.of(InvitationStatus.ACCEPTED, true, EXPIRES, now)).isEqualTo(LinkState.USED);
        assertThat(LinkState.of(InvitationStatus.ACCEPTED, false, EXPIRES, EXPIRES)).isEqualTo(LinkState.USED);
        assertThat(LinkState.of(InvitationStatus.REVOKED, true, EXPIRES, now)).isEqualTo(LinkState.REVOKED);

        InvitationEntity row = new InvitationEntity();
        row.setUserId("u1");
        row.setStatus(InvitationStatus.PENDING);
        row.setExpiresAt(EXPIRES);
        row.setNonceDigest(Digests.sha256Hex("n1"));
        assertThat(LinkState.of(row, "u1", Digests.sha256Hex("n1"), now)).isEqualTo(LinkState.VALID);
        assertThat(LinkState.of(row, "u2", Digests.sha256Hex("n1"), now)).isEqualTo(LinkState.UNKNOWN);
        assertThat(LinkState.of(row, "u1", Digests.sha256Hex("n2"), now)).isEqualTo(LinkState.SUPERSEDED);
        assertThat(LinkState.of(null, "u1", Digests.sha256Hex("n1"), now)).isEqualTo(LinkState.UNKNOWN);
    }

    @Test
    void emailIsNormalizedAndChecked() {
        assertThat(PersonInput.email("  Ada.Lovelace@Example.COM ")).contains("ada.lovelace@example.com");
        assertThat(PersonInput.email("a+tag@sub.example.test")).contains("a+tag@sub.example.test");
        assertThat(PersonInput.email("no-at-sign")).isEmpty();
        assertThat(PersonInput.email("two@@example.test")).isEmpty();
        assertThat(PersonInput.email("a b@example.test")).isEmpty();
        assertThat(PersonInput.email("@example.test")).isEmpty();
        assertThat(PersonInput.email("a@")).isEmpty();
        assertThat(PersonInput.email("")).isEmpty();
        assertThat(PersonInput.email(null)).isEmpty();
        assertThat(PersonInput.email("x".repeat(60) + "@" + "d".repeat(190) + ".test")).isEmpty();
    }

    @Test
    void nameIsTrimmedAndBounded() {
        assertThat(PersonInput.name("  Grace Hopper ")).contains("Grace Hopper");
        assertThat(PersonInput.name("x".repeat(255))).isPresent();
        assertThat(PersonInput.name("x".repeat(256))).isEmpty();
        assertThat(PersonInput.name("   ")).isEmpty();
        assertThat(PersonInput.name("")).isEmpty();
        assertThat(PersonInput.name(null)).isEmpty();
        assertThat(PersonInput.name("Line\nBreak")).isEmpty();
        assertThat(PersonInput.name("Zoë Ørsted")).contains("Zoë Ørsted");
    }
}
