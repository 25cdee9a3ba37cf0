package io.opsknight.identity.profile;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A user's phone verification state (table OK_PHONE_VERIFICATION): code digest, expiry, tries, hourly sends. */
@Entity(name = "OpsKnightPhoneVerification")
@Table(name = "OK_PHONE_VERIFICATION")
@NamedQuery(name = PhoneVerificationEntity.DELETE_BY_REALM,
        query = "delete from OpsKnightPhoneVerification v where v.realmId = :realmId")
public class PhoneVerificationEntity {

    static final String DELETE_BY_REALM = "okPhoneVerification.deleteByRealm";

    @Id
    @Column(name = "USER_ID", length = 36)
    private String userId;
    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;
    /** The number the current code was sent to: a code proves only that number. */
    @Column(name = "PHONE_NUMBER", length = 32)
    private String phoneNumber;
    /** Hex HMAC-SHA256 (key: SmsCodeKey) of user id, number and code; null when no code is pending. */
    @Column(name = "CODE_HASH", length = 64)
    private String codeHash;
    @Column(name = "EXPIRES_AT")
    private Long expiresAt;
    @Column(name = "ATTEMPTS", nullable = false)
    private int attempts;
    @Column(name = "WINDOW_START")
    private Long windowStart;
    @Column(name = "SENDS", nullable = false)
    private int sends;

    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getPhoneNumber() { return phoneNumber; }
    public void setPhoneNumber(String phoneNumber) { this.phoneNumber = phoneNumber; }
    public String getCodeHash() { return codeHash; }
    public void setCodeHash(String codeHash) { this.codeHash = codeHash; }
    public Long getExpiresAt() { return expiresAt; }
    public void setExpiresAt(Long expiresAt) { this.expiresAt = expiresAt; }
    public int getAttempts() { return attempts; }
    public void setAttempts(int attempts) { this.attempts = attempts; }
    public Long getWindowStart() { return windowStart; }
    public void setWindowStart(Long windowStart) { this.windowStart = windowStart; }
    public int getSends() { return sends; }
    public void setSends(int sends) { this.sends = sends; }
}
