package io.opsknight.identity.apitoken;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One personal API token (table OK_API_TOKEN). The token text is never stored: only its SHA-256
 * digest (unique index, the exchange's look-up key) and a display prefix ({@code okp_} + 4 characters).
 * A revoked token keeps its row, with the time and the reason, for the record.
 */
@Entity(name = "OpsKnightApiToken")
@Table(name = "OK_API_TOKEN")
@NamedQueries({
        // The exchange: one index probe on the unique digest.
        @NamedQuery(name = ApiTokenEntity.BY_DIGEST,
                query = "select t from OpsKnightApiToken t where t.tokenDigest = :digest"),
        // Lists, newest first (index IDX_OK_API_TOKEN_USER_TIME).
        @NamedQuery(name = ApiTokenEntity.LIVE_OF_USER,
                query = "select t from OpsKnightApiToken t where t.realmId = :realmId and t.userId = :userId"
                        + " and t.revokedAt is null order by t.createdAt desc, t.id desc"),
        @NamedQuery(name = ApiTokenEntity.COUNT_NAME,
                query = "select count(t) from OpsKnightApiToken t where t.realmId = :realmId and t.userId = :userId"
                        + " and t.revokedAt is null and lower(t.name) = :name"),
        // last used: written at most once a minute per token, whatever the exchange rate.
        @NamedQuery(name = ApiTokenEntity.TOUCH,
                query = "update OpsKnightApiToken t set t.lastUsedAt = :now where t.id = :id"
                        + " and (t.lastUsedAt is null or t.lastUsedAt < :cutoff)"),
        @NamedQuery(name = ApiTokenEntity.DELETE_OF_USER,
                query = "delete from OpsKnightApiToken t where t.realmId = :realmId and t.userId = :userId"),
        @NamedQuery(name = ApiTokenEntity.DELETE_OF_REALM,
                query = "delete from OpsKnightApiToken t where t.realmId = :realmId"),
})
public class ApiTokenEntity {

    static final String BY_DIGEST = "okApiToken.byDigest";
    static final String LIVE_OF_USER = "okApiToken.liveOfUser";
    static final String COUNT_NAME = "okApiToken.countName";
    static final String TOUCH = "okApiToken.touch";
    static final String DELETE_OF_USER = "okApiToken.deleteOfUser";
    static final String DELETE_OF_REALM = "okApiToken.deleteOfRealm";

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", nullable = false, length = 36)
    private String realmId;

    @Column(name = "USER_ID", nullable = false, length = 36)
    private String userId;

    @Column(name = "NAME", nullable = false, length = 100)
    private String name;

    /** Hex SHA-256 of the whole token text. */
    @Column(name = "TOKEN_DIGEST", nullable = false, length = 64)
    private String tokenDigest;

    @Column(name = "DISPLAY_PREFIX", nullable = false, length = 16)
    private String displayPrefix;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "EXPIRES_AT", nullable = false)
    private long expiresAt;

    @Column(name = "LAST_USED_AT")
    private Long lastUsedAt;

    @Column(name = "REVOKED_AT")
    private Long revokedAt;

    /**
     * Why it was revoked: {@code revoked} (by a person), {@code user_deactivated}, {@code role_changed},
     * {@code password_changed}, {@code sessions_ended}.
     */
    @Column(name = "REVOKE_REASON", length = 32)
    private String revokeReason;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getTokenDigest() { return tokenDigest; }
    public void setTokenDigest(String tokenDigest) { this.tokenDigest = tokenDigest; }
    public String getDisplayPrefix() { return displayPrefix; }
    public void setDisplayPrefix(String displayPrefix) { this.displayPrefix = displayPrefix; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public long getExpiresAt() { return expiresAt; }
    public void setExpiresAt(long expiresAt) { this.expiresAt = expiresAt; }
    public Long getLastUsedAt() { return lastUsedAt; }
    public void setLastUsedAt(Long lastUsedAt) { this.lastUsedAt = lastUsedAt; }
    public Long getRevokedAt() { return revokedAt; }
    public void setRevokedAt(Long revokedAt) { this.revokedAt = revokedAt; }
    public String getRevokeReason() { return revokeReason; }
    public void setRevokeReason(String revokeReason) { this.revokeReason = revokeReason; }
}
