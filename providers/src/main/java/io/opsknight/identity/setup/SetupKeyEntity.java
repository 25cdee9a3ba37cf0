package io.opsknight.identity.setup;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A realm's setup key state (table OK_SETUP_KEY): the digest of the key the server made (null when the
 * operator configured one) and the wrong-key counter. In the database, not the JVM, so that every node
 * of a cluster accepts the same key and counts the same failures. Deleted when setup completes.
 */
@Entity(name = "OpsKnightSetupKey")
@Table(name = "OK_SETUP_KEY")
@NamedQuery(name = SetupKeyEntity.DELETE_BY_REALM, query = "delete from OpsKnightSetupKey k where k.realmId = :realmId")
public class SetupKeyEntity {

    static final String DELETE_BY_REALM = "okSetupKey.deleteByRealm";

    @Id
    @Column(name = "REALM_ID", length = 36)
    private String realmId;

    /** Hex SHA-256 of the generated key; null when the server option supplies the key. */
    @Column(name = "KEY_DIGEST", length = 64)
    private String keyDigest;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    /** Unused since wrong keys are counted per address in OK_THROTTLE (SetupKeys); kept: released columns stay. */
    @Column(name = "FAILURES", nullable = false)
    private int failures;

    @Column(name = "WINDOW_START", nullable = false)
    private long windowStart;

    /** Until when the page answers 429 (epoch millis; 0: not locked). */
    @Column(name = "LOCKED_UNTIL", nullable = false)
    private long lockedUntil;

    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getKeyDigest() { return keyDigest; }
    public void setKeyDigest(String keyDigest) { this.keyDigest = keyDigest; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public int getFailures() { return failures; }
    public void setFailures(int failures) { this.failures = failures; }
    public long getWindowStart() { return windowStart; }
    public void setWindowStart(long windowStart) { this.windowStart = windowStart; }
    public long getLockedUntil() { return lockedUntil; }
    public void setLockedUntil(long lockedUntil) { this.lockedUntil = lockedUntil; }
}
