package io.opsknight.identity.throttle;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One counter of a rate limit (table OK_THROTTLE): what was counted ({@link #scope}), in which realm, and
 * for whom. The id is a digest of scope, realm and subject, so that no address, phone number or token
 * prefix is stored in clear. Shared by every node of a cluster; updated under a row lock.
 */
@Entity(name = "OpsKnightThrottle")
@Table(name = "OK_THROTTLE")
@NamedQueries({
        @NamedQuery(name = ThrottleEntity.DELETE_EXPIRED,
                query = "delete from OpsKnightThrottle t where t.expiresAt < :now"),
        @NamedQuery(name = ThrottleEntity.DELETE_OF_REALM,
                query = "delete from OpsKnightThrottle t where t.realmId = :realmId"),
})
public class ThrottleEntity {

    static final String DELETE_EXPIRED = "okThrottle.deleteExpired";
    static final String DELETE_OF_REALM = "okThrottle.deleteOfRealm";

    /** Hex SHA-256 of scope, realm id and subject. */
    @Id
    @Column(name = "ID", length = 64)
    private String id;

    @Column(name = "SCOPE", nullable = false, length = 32)
    private String scope;

    @Column(name = "REALM_ID", nullable = false, length = 36)
    private String realmId;

    /** Counted events since {@link #windowStart}. */
    @Column(name = "HITS", nullable = false)
    private int hits;

    /** Epoch millis. */
    @Column(name = "WINDOW_START", nullable = false)
    private long windowStart;

    /** Until when the subject is held back (epoch millis; 0: not held back). */
    @Column(name = "BLOCKED_UNTIL", nullable = false)
    private long blockedUntil;

    /** When the row may be deleted (epoch millis). */
    @Column(name = "EXPIRES_AT", nullable = false)
    private long expiresAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getScope() { return scope; }
    public void setScope(String scope) { this.scope = scope; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public int getHits() { return hits; }
    public void setHits(int hits) { this.hits = hits; }
    public long getWindowStart() { return windowStart; }
    public void setWindowStart(long windowStart) { this.windowStart = windowStart; }
    public long getBlockedUntil() { return blockedUntil; }
    public void setBlockedUntil(long blockedUntil) { this.blockedUntil = blockedUntil; }
    public long getExpiresAt() { return expiresAt; }
    public void setExpiresAt(long expiresAt) { this.expiresAt = expiresAt; }
}
