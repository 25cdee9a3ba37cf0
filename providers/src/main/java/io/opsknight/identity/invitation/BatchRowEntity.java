package io.opsknight.identity.invitation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** One row of an invitation batch (table OK_INVITATION_BATCH_ROW): as typed, then its outcome. */
@Entity(name = "OpsKnightInvitationBatchRow")
@Table(name = "OK_INVITATION_BATCH_ROW")
@NamedQueries({
        // Index IDX_OK_INVITATION_BATCH_ROW (batch, row number) serves both.
        @NamedQuery(name = BatchRowEntity.OF_BATCH,
                query = "select r from OpsKnightInvitationBatchRow r where r.batchId = :batchId order by r.rowNo"),
        @NamedQuery(name = BatchRowEntity.PENDING,
                query = "select r.id from OpsKnightInvitationBatchRow r where r.batchId = :batchId and r.status = 'PENDING' order by r.rowNo"),
        @NamedQuery(name = BatchRowEntity.COUNTS,
                query = "select r.batchId, r.status, count(r) from OpsKnightInvitationBatchRow r where r.batchId in :batchIds group by r.batchId, r.status"),
        // A row is done once: a second worker on the same row (an expired lease) changes nothing and rolls back.
        @NamedQuery(name = BatchRowEntity.FINISH,
                query = "update OpsKnightInvitationBatchRow r set r.status = :status, r.reason = :reason, r.message = :message,"
                        + " r.invitationId = :invitationId, r.doneAt = :now where r.id = :id and r.status = 'PENDING'"),
        @NamedQuery(name = BatchRowEntity.FAIL_PENDING,
                query = "update OpsKnightInvitationBatchRow r set r.status = 'FAILED', r.reason = :reason, r.message = :message,"
                        + " r.doneAt = :now where r.batchId = :batchId and r.status = 'PENDING'"),
        @NamedQuery(name = BatchRowEntity.DELETE_OF_REALM,
                query = "delete from OpsKnightInvitationBatchRow r where r.batchId in"
                        + " (select b.id from OpsKnightInvitationBatch b where b.realmId = :realmId)"),
})
public class BatchRowEntity {

    static final String OF_BATCH = "okInvitationBatchRow.ofBatch";
    static final String PENDING = "okInvitationBatchRow.pending";
    static final String COUNTS = "okInvitationBatchRow.counts";
    static final String FINISH = "okInvitationBatchRow.finish";
    static final String FAIL_PENDING = "okInvitationBatchRow.failPending";
    static final String DELETE_OF_REALM = "okInvitationBatchRow.deleteOfRealm";

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "BATCH_ID", nullable = false, length = 36)
    private String batchId;

    @Column(name = "ROW_NO", nullable = false)
    private int rowNo;

    @Column(name = "EMAIL", length = 255)
    private String email;

    @Column(name = "NAME", length = 255)
    private String name;

    @Column(name = "ROLE", length = 64)
    private String role;

    @Column(name = "STATUS", nullable = false, length = 16)
    private String status;

    @Column(name = "REASON", length = 32)
    private String reason;

    @Column(name = "MESSAGE", length = 255)
    private String message;

    @Column(name = "INVITATION_ID", length = 36)
    private String invitationId;

    @Column(name = "DONE_AT")
    private Long doneAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getBatchId() { return batchId; }
    public void setBatchId(String batchId) { this.batchId = batchId; }
    public int getRowNo() { return rowNo; }
    public void setRowNo(int rowNo) { this.rowNo = rowNo; }
    public String getEmail() { return email; }
    public void setEmail(String email) { this.email = email; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getRole() { return role; }
    public void setRole(String role) { this.role = role; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }
    public String getInvitationId() { return invitationId; }
    public void setInvitationId(String invitationId) { this.invitationId = invitationId; }
    public Long getDoneAt() { return doneAt; }
    public void setDoneAt(Long doneAt) { this.doneAt = doneAt; }
}
