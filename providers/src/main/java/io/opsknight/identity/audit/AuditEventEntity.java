package io.opsknight.identity.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One entry of the audit trail (table OK_AUDIT_EVENT). The emails are kept as they were at the time,
 * so the trail still says who it was after a user changed address or was deleted.
 */
@Entity(name = "OpsKnightAuditEvent")
@Table(name = "OK_AUDIT_EVENT")
@NamedQueries({
        // Retention: index IDX_OK_AUDIT_TIME.
        @NamedQuery(name = AuditEventEntity.DELETE_BEFORE,
                query = "delete from OpsKnightAuditEvent e where e.createdAt < :cutoff"),
        @NamedQuery(name = AuditEventEntity.DELETE_OF_REALM,
                query = "delete from OpsKnightAuditEvent e where e.realmId = :realmId"),
})
public class AuditEventEntity {

    static final String DELETE_BEFORE = "okAudit.deleteBefore";
    static final String DELETE_OF_REALM = "okAudit.deleteOfRealm";

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", nullable = false, length = 36)
    private String realmId;

    @Column(name = "TYPE", nullable = false, length = 64)
    private String type;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "ACTOR_ID", length = 36)
    private String actorId;

    @Column(name = "ACTOR_EMAIL")
    private String actorEmail;

    @Column(name = "USER_ID", length = 36)
    private String userId;

    @Column(name = "TARGET_EMAIL")
    private String targetEmail;

    @Column(name = "IP_ADDRESS")
    private String ipAddress;

    @Column(name = "DETAILS")
    private String details;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getType() { return type; }
    public void setType(String type) { this.type = type; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public String getActorId() { return actorId; }
    public void setActorId(String actorId) { this.actorId = actorId; }
    public String getActorEmail() { return actorEmail; }
    public void setActorEmail(String actorEmail) { this.actorEmail = actorEmail; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public String getTargetEmail() { return targetEmail; }
    public void setTargetEmail(String targetEmail) { this.targetEmail = targetEmail; }
    public String getIpAddress() { return ipAddress; }
    public void setIpAddress(String ipAddress) { this.ipAddress = ipAddress; }
    public String getDetails() { return details; }
    public void setDetails(String details) { this.details = details; }
}
