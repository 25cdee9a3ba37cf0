package io.opsknight.identity.setup;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * The one-time claim of a realm's first-admin setup (table OK_SETUP_CLAIM). The realm id is the
 * primary key, so of two transactions inserting it the database lets exactly one commit: this row,
 * not a "no users yet" check, is what makes /setup race-safe across threads and cluster nodes.
 * <p>
 * The row stays after setup: deleting every user later does not re-open the page (an operator
 * re-opens it by deleting the row, see docs/setup.md).
 */
@Entity(name = "OpsKnightSetupClaim")
@Table(name = "OK_SETUP_CLAIM")
@NamedQuery(name = SetupClaimEntity.DELETE_BY_REALM,
        query = "delete from OpsKnightSetupClaim c where c.realmId = :realmId")
public class SetupClaimEntity {

    static final String DELETE_BY_REALM = "okSetupClaim.deleteByRealm";

    @Id
    @Column(name = "REALM_ID", length = 36)
    private String realmId;

    /** The admin that setup created (null only inside the claiming transaction). */
    @Column(name = "USER_ID", length = 36)
    private String userId;

    @Column(name = "CLAIMED_AT", nullable = false)
    private long claimedAt;

    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public long getClaimedAt() { return claimedAt; }
    public void setClaimedAt(long claimedAt) { this.claimedAt = claimedAt; }
}
