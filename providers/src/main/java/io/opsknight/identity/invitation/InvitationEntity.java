package io.opsknight.identity.invitation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One invitation (table OK_INVITATION). Only a SHA-256 digest of the current link's nonce is kept:
 * the link itself is shown once (create and resend responses, and the email), and a new nonce
 * makes every earlier link of the invitation unusable.
 */
@Entity(name = "OpsKnightInvitation")
@Table(name = "OK_INVITATION")
@NamedQueries({
        // Lists, newest first (index IDX_OK_INVITATION_REALM_STATUS_TIME / _REALM_TIME).
        @NamedQuery(name = InvitationEntity.LIST_ALL,
                query = "select i from OpsKnightInvitation i where i.realmId = :realmId order by i.createdAt desc, i.id desc"),
        @NamedQuery(name = InvitationEntity.LIST_STORED_STATUS,
                query = "select i from OpsKnightInvitation i where i.realmId = :realmId and i.status = :status order by i.createdAt desc, i.id desc"),
        @NamedQuery(name = InvitationEntity.LIST_PENDING,
                query = "select i from OpsKnightInvitation i where i.realmId = :realmId and i.status = io.opsknight.identity.invitation.InvitationStatus.PENDING"
                        + " and i.expiresAt > :now order by i.createdAt desc, i.id desc"),
        @NamedQuery(name = InvitationEntity.LIST_EXPIRED,
                query = "select i from OpsKnightInvitation i where i.realmId = :realmId and i.status = io.opsknight.identity.invitation.InvitationStatus.PENDING"
                        + " and i.expiresAt <= :now order by i.createdAt desc, i.id desc"),
        @NamedQuery(name = InvitationEntity.LIST_BY_EMAIL,
                query = "select i from OpsKnightInvitation i where i.realmId = :realmId and i.email = :email order by i.createdAt desc, i.id desc"),
        // Open (stored PENDING, expired or not) invitations of one address (index IDX_OK_INVITATION_REALM_EMAIL).
        @NamedQuery(name = InvitationEntity.OPEN_BY_EMAIL,
                query = "select i from OpsKnightInvitation i where i.realmId = :realmId and i.email = :email"
                        + " and i.status = io.opsknight.identity.invitation.InvitationStatus.PENDING"),
        // Open invitations of one person (index IDX_OK_INVITATION_REALM_USER): an invitation belongs to the
        // user id, and follows the person when their email changes.
        @NamedQuery(name = InvitationEntity.OPEN_BY_USER,
                query = "select i from OpsKnightInvitation i where i.realmId = :realmId and i.userId = :userId"
                        + " and i.status = io.opsknight.identity.invitation.InvitationStatus.PENDING"),
        @NamedQuery(name = InvitationEntity.CHANGE_EMAIL,
                query = "update OpsKnightInvitation i set i.email = :email"
                        + " where i.id = :id and i.status = io.opsknight.identity.invitation.InvitationStatus.PENDING"),
        // Single use: only the holder of the current link of a live invitation wins (affected rows == 1).
        @NamedQuery(name = InvitationEntity.ACCEPT,
                query = "update OpsKnightInvitation i set i.status = io.opsknight.identity.invitation.InvitationStatus.ACCEPTED, i.acceptedAt = :now"
                        + " where i.id = :id and i.status = io.opsknight.identity.invitation.InvitationStatus.PENDING"
                        + " and i.nonceDigest = :nonceDigest and i.expiresAt > :now"),
        @NamedQuery(name = InvitationEntity.RENEW,
                query = "update OpsKnightInvitation i set i.nonceDigest = :nonceDigest, i.expiresAt = :expiresAt, i.resendCount = i.resendCount + 1"
                        + " where i.id = :id and i.status = io.opsknight.identity.invitation.InvitationStatus.PENDING"),
        @NamedQuery(name = InvitationEntity.REVOKE,
                query = "update OpsKnightInvitation i set i.status = io.opsknight.identity.invitation.InvitationStatus.REVOKED"
                        + " where i.id = :id and i.status = io.opsknight.identity.invitation.InvitationStatus.PENDING"),
})
public class InvitationEntity {

    static final String LIST_ALL = "okInvitation.listAll";
    static final String LIST_STORED_STATUS = "okInvitation.listStoredStatus";
    static final String LIST_PENDING = "okInvitation.listPending";
    static final String LIST_EXPIRED = "okInvitation.listExpired";
    static final String LIST_BY_EMAIL = "okInvitation.listByEmail";
    static final String OPEN_BY_EMAIL = "okInvitation.openByEmail";
    static final String OPEN_BY_USER = "okInvitation.openByUser";
    static final String CHANGE_EMAIL = "okInvitation.changeEmail";
    static final String ACCEPT = "okInvitation.accept";
    static final String RENEW = "okInvitation.renew";
    static final String REVOKE = "okInvitation.revoke";

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", nullable = false, length = 36)
    private String realmId;

    @Column(name = "USER_ID", nullable = false, length = 36)
    private String userId;

    /** Lower-cased. */
    @Column(name = "EMAIL", nullable = false)
    private String email;

    @Column(name = "NAME", nullable = false)
    private String name;

    /** ADMIN, RESPONDER or USER: granted on acceptance. */
    @Column(name = "ROLE", nullable = false, length = 16)
    private String role;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATUS", nullable = false, length = 16)
    private InvitationStatus status;

    @Column(name = "INVITER_ID", length = 36)
    private String inviterId;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "EXPIRES_AT", nullable = false)
    private long expiresAt;

    @Column(name = "ACCEPTED_AT")
    private Long acceptedAt;

    @Column(name = "RESEND_COUNT", nullable = false)
    private int resendCount;

    /** Hex SHA-256 of the current link's nonce. */
    @Column(name = "NONCE_DIGEST", nullable = false, length = 64)
    private String nonceDigest;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public String getEmail() { return email; }
    public void setEmail(String email) { this.email = email; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getRole() { return role; }
    public void setRole(String role) { this.role = role; }
    public InvitationStatus getStatus() { return status; }
    public void setStatus(InvitationStatus status) { this.status = status; }
    public String getInviterId() { return inviterId; }
    public void setInviterId(String inviterId) { this.inviterId = inviterId; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public long getExpiresAt() { return expiresAt; }
    public void setExpiresAt(long expiresAt) { this.expiresAt = expiresAt; }
    public Long getAcceptedAt() { return acceptedAt; }
    public void setAcceptedAt(Long acceptedAt) { this.acceptedAt = acceptedAt; }
    public int getResendCount() { return resendCount; }
    public void setResendCount(int resendCount) { this.resendCount = resendCount; }
    public String getNonceDigest() { return nonceDigest; }
    public void setNonceDigest(String nonceDigest) { this.nonceDigest = nonceDigest; }

    /** The status as readers see it (EXPIRED derived). */
    public InvitationStatus effectiveStatus(long now) {
        return InvitationStatus.effective(status, expiresAt, now);
    }
}
